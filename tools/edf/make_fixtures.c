/*
 * Writes the EDF/BDF test recordings of evoke-eeg (src/test/resources/edf/) and EDFlib's reading of each.
 *
 *   gcc -O2 -o /tmp/make_fixtures tools/edf/make_fixtures.c -ledf && /tmp/make_fixtures evoke-eeg/src/test/resources/edf
 *
 * Needs Debian's libedf-dev (EDFlib, the library behind EDFbrowser). Two recordings are written by EDFlib itself
 * (EDF+C and BDF+C, with annotations, several sampling rates, a BDF status channel). EDFlib writes only the "plus"
 * formats, so four more are assembled byte by byte here from the EDF/EDF+ specification: a plain EDF, an EDF+D with
 * gaps between its data records, a BioSemi-style plain BDF ("24BIT", a Status channel), and a 128-channel BioSemi
 * cap labelled in BioSemi's numbered layout (A1..D32). Every file, both kinds,
 * but the EDF+D (EDFlib refuses discontinuous files; MNE reads it) is then read back with EDFlib's reader, and what it
 * reads is the reference the Java tests compare against:
 *   NAME.edflib.txt  the header as EDFlib reports it, one "key value" per line, then one "annotation" line per
 *                    annotation (onset and duration in units of 100 ns, the text);
 *   NAME.edflib.bin  every signal's digital samples, as int32 little-endian, signal after signal.
 * tools/edf/mne_reference.py adds MNE's physical values and events. Nothing here is read by the build.
 */
#include <edflib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

static uint32_t lcg = 12345u;
static int noise(int span) { lcg = lcg * 1664525u + 1013904223u; return (int) ((lcg >> 8) % (uint32_t) span) - span / 2; }

/* A test signal: two sines, noise, and the digital extremes at fixed places (sign extension, clipping). */
static int sample(int sig, long i, int dmin, int dmax) {
    double amp = (dmax - (double) dmin) / 2.0, mid = (dmax + (double) dmin) / 2.0;
    if (i == 7) return dmin;
    if (i == 11) return dmax;
    if (i == 13) return 0;
    if (i == 17) return -1;
    double v = mid + 0.45 * amp * sin(2 * M_PI * (5.0 + 3 * sig) * i / 256.0) + 0.2 * amp * sin(2 * M_PI * 0.7 * i / 256.0 + sig);
    v += noise((int) (0.05 * amp) + 1);
    if (v < dmin) v = dmin;
    if (v > dmax) v = dmax;
    return (int) lrint(v);
}

static void die(const char *what, const char *path) { fprintf(stderr, "%s: %s\n", path, what); exit(1); }

/* ---------- files written by EDFlib ---------- */

struct sig { const char *label, *unit, *transducer, *prefilter; int rate; double pmin, pmax; int dmin, dmax; };

static void write_edflib(const char *path, int filetype, const struct sig *s, int ns, int records, int status) {
    int h = edfopen_file_writeonly(path, filetype, ns);
    if (h < 0) die("edfopen_file_writeonly failed", path);
    for (int k = 0; k < ns; k++) {
        if (edf_set_samplefrequency(h, k, s[k].rate) || edf_set_physical_minimum(h, k, s[k].pmin)
                || edf_set_physical_maximum(h, k, s[k].pmax) || edf_set_digital_minimum(h, k, s[k].dmin)
                || edf_set_digital_maximum(h, k, s[k].dmax) || edf_set_label(h, k, s[k].label)
                || edf_set_physical_dimension(h, k, s[k].unit) || edf_set_transducer(h, k, s[k].transducer)
                || edf_set_prefilter(h, k, s[k].prefilter))
            die("setting a signal failed", path);
    }
    edf_set_startdatetime(h, 2024, 3, 9, 14, 5, 30);
    edf_set_patientname(h, "Test Subject");
    edf_set_patientcode(h, "S01");
    edf_set_equipment(h, "evoke fixture");
    int *buf = malloc(sizeof(int) * 4096);
    for (int r = 0; r < records; r++) {
        for (int k = 0; k < ns; k++) {
            for (int j = 0; j < s[k].rate; j++) {
                long i = (long) r * s[k].rate + j;
                if (status && k == ns - 1) {
                    /* BioSemi's status word: bit 20 (CMS in range) always set, triggers in the low 16 bits */
                    int trig = (i >= 100 && i < 140) ? 3 : (i >= 700 && i < 705) ? 250 : (i >= 705 && i < 900) ? 251
                             : (i >= 2000 && i < 2001) ? 65535 : (i >= 3000 && i < 3100) ? 4 : 0;
                    buf[j] = (1 << 20) | trig;
                    if (buf[j] > s[k].dmax) buf[j] -= 1 << 24; /* stored as a signed 24-bit value */
                } else {
                    buf[j] = sample(k, i, s[k].dmin, s[k].dmax);
                }
            }
            if (edfwrite_digital_samples(h, buf)) die("edfwrite_digital_samples failed", path);
        }
    }
    free(buf);
    /* onset and duration in units of 100 us */
    edfwrite_annotation_utf8(h, 5000, 10000, "Stimulus 1");
    edfwrite_annotation_utf8(h, 25000, -1, "Eyes closed");
    edfwrite_annotation_utf8(h, 61234, 2500, "Fixation \xc3\xbc\xe2\x82\xac"); /* UTF-8: u-umlaut, euro sign */
    edfwrite_annotation_utf8(h, 90000, 0, "Recording note");
    if (edfclose_file(h)) die("edfclose_file failed", path);
}

/* ---------- files assembled from the specification ---------- */

static void field(FILE *f, const char *text, int width) {
    char b[96];
    memset(b, ' ', sizeof b);
    size_t n = strlen(text);
    memcpy(b, text, n > (size_t) width ? (size_t) width : n);
    fwrite(b, 1, width, f);
}

static void fieldf(FILE *f, double v, int width) { char t[32]; snprintf(t, sizeof t, "%.8g", v); field(f, t, width); }
static void fieldi(FILE *f, long v, int width) { char t[32]; snprintf(t, sizeof t, "%ld", v); field(f, t, width); }

/* A header per the EDF specification; bdf selects the BDF version field. sig[k].rate = samples per data record. */
static void header(FILE *f, int bdf, const char *reserved, long records, const char *duration, const struct sig *s, int ns) {
    if (bdf) { fputc(0xff, f); field(f, "BIOSEMI", 7); } else field(f, "0", 8);
    field(f, "X X X X", 80);
    field(f, "Startdate 09-MAR-2024 X X X", 80);
    field(f, "09.03.24", 8);
    field(f, "14.05.30", 8);
    fieldi(f, 256L * (ns + 1), 8);
    field(f, reserved, 44);
    fieldi(f, records, 8);
    field(f, duration, 8);
    fieldi(f, ns, 4);
    for (int k = 0; k < ns; k++) field(f, s[k].label, 16);
    for (int k = 0; k < ns; k++) field(f, s[k].transducer, 80);
    for (int k = 0; k < ns; k++) field(f, s[k].unit, 8);
    for (int k = 0; k < ns; k++) fieldf(f, s[k].pmin, 8);
    for (int k = 0; k < ns; k++) fieldf(f, s[k].pmax, 8);
    for (int k = 0; k < ns; k++) fieldi(f, s[k].dmin, 8);
    for (int k = 0; k < ns; k++) fieldi(f, s[k].dmax, 8);
    for (int k = 0; k < ns; k++) field(f, s[k].prefilter, 80);
    for (int k = 0; k < ns; k++) fieldi(f, s[k].rate, 8);
    for (int k = 0; k < ns; k++) field(f, "", 32);
}

static void put(FILE *f, int bdf, int v) {
    fputc(v & 0xff, f);
    fputc((v >> 8) & 0xff, f);
    if (bdf) fputc((v >> 16) & 0xff, f);
}

/* Plain EDF: two signals, data records of 0.5 s (128 and 64 samples: 256 and 128 Hz). */
static void write_plain_edf(const char *path) {
    struct sig s[2] = {{"Fp1", "uV", "AgAgCl electrode", "HP:0.1Hz LP:75Hz", 128, -500, 500, -2048, 2047},
                       {"Fp2-A1", "mV", "AgAgCl electrode", "HP:0.1Hz LP:75Hz", 64, -0.5, 0.5, -32768, 32767}};
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot write", path);
    header(f, 0, "", 6, "0.5", s, 2);
    for (int r = 0; r < 6; r++)
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < s[k].rate; j++) put(f, 0, sample(k, (long) r * s[k].rate + j, s[k].dmin, s[k].dmax));
    fclose(f);
}

/* EDF+D: 256 Hz EEG, records of 1 s starting at 0, 1, 5.5 and 6.5 s (a gap of 3.5 s), annotations in the TALs. */
static void write_edfplus_d(const char *path) {
    struct sig s[3] = {{"EEG Fz", "uV", "", "", 256, -3200, 3200, -32768, 32767},
                       {"EEG Cz", "uV", "", "", 256, -3200, 3200, -32768, 32767},
                       {"EDF Annotations", "", "", "", 60, 0, 1, -32768, 32767}};
    const char *starts[4] = {"+0", "+1", "+5.5", "+6.5"};
    const char *extra[4] = {"", "+1.25\x15" "0.5\x14" "Blink\x14", "+5.5\x14" "Resumed\x14" "Artifact\x14", ""};
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot write", path);
    header(f, 0, "EDF+D", 4, "1", s, 3);
    for (int r = 0; r < 4; r++) {
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 256; j++) put(f, 0, sample(k, (long) r * 256 + j, s[k].dmin, s[k].dmax));
        char tal[120];
        memset(tal, 0, sizeof tal);
        int n = snprintf(tal, sizeof tal, "%s\x14\x14", starts[r]);
        n++; /* the TAL's closing 0 */
        if (extra[r][0]) { n += snprintf(tal + n, sizeof tal - n, "%s", extra[r]); n++; }
        fwrite(tal, 1, 120, f); /* 60 two-byte samples */
    }
    fclose(f);
}

/* BioSemi-style BDF: "24BIT", 3 EEG channels at 512 Hz and a Status channel, records of 1 s. */
static void write_biosemi(const char *path) {
    struct sig s[4] = {{"Fp1", "uV", "Active Electrode", "HP: DC; LP: 104 Hz", 512, -262144, 262143, -8388608, 8388607},
                       {"T7", "uV", "Active Electrode", "HP: DC; LP: 104 Hz", 512, -262144, 262143, -8388608, 8388607},
                       {"Oz", "uV", "Active Electrode", "HP: DC; LP: 104 Hz", 512, -262144, 262143, -8388608, 8388607},
                       {"Status", "Boolean", "Triggers and Status", "No filtering", 512, -8388608, 8388607, -8388608, 8388607}};
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot write", path);
    header(f, 1, "24BIT", 5, "1", s, 4);
    for (int r = 0; r < 5; r++)
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 512; j++) {
                long i = (long) r * 512 + j;
                int v;
                if (k == 3) {
                    int trig = (i >= 50 && i < 60) ? 1 : (i >= 60 && i < 64) ? 2 : (i >= 1000 && i < 1500) ? 128 : (i >= 2047 && i < 2049) ? 7 : 0;
                    v = (1 << 20) | (1 << 22) | trig; /* status bits above 16 are not triggers */
                } else {
                    v = sample(k, i, s[k].dmin, s[k].dmax);
                }
                put(f, 1, v);
            }
    fclose(f);
}

/* A 128-channel BioSemi cap in BioSemi's own numbered layout (A1..A32, B1..B32, C1..C32, D1..D32, as ActiView
   labels a 128-electrode cap; no 10-20 names) and a Status channel: plain BDF, 256 Hz, 4 records of 1 s. Its "A1" and
   "C3" are cap positions, not the ear reference and the central electrode of the 10-20 system. */
static void write_biosemi_numbered(const char *path) {
    struct sig s[129];
    static char labels[128][8];
    for (int k = 0; k < 128; k++) {
        snprintf(labels[k], sizeof labels[k], "%c%d", 'A' + k / 32, k % 32 + 1);
        s[k] = (struct sig) {labels[k], "uV", "Active Electrode", "HP: DC; LP: 52 Hz", 256, -262144, 262143, -8388608, 8388607};
    }
    s[128] = (struct sig) {"Status", "Boolean", "Triggers and Status", "No filtering", 256, -8388608, 8388607, -8388608, 8388607};
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot write", path);
    header(f, 1, "24BIT", 4, "1", s, 129);
    for (int r = 0; r < 4; r++)
        for (int k = 0; k < 129; k++)
            for (int j = 0; j < 256; j++) {
                long i = (long) r * 256 + j;
                put(f, 1, k == 128 ? ((i >= 300 && i < 310) ? 5 : 0) : sample(k % 8, i, -200000, 200000));
            }
    fclose(f);
}

/* ---------- EDFlib's reading of a file ---------- */

static void dump(const char *dir, const char *name) {
    char path[1024], out[1100];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct edf_hdr_struct hdr;
    if (edfopen_file_readonly(path, &hdr, EDFLIB_READ_ALL_ANNOTATIONS)) {
        fprintf(stderr, "%s: EDFlib cannot read it (error %d)\n", path, hdr.filetype);
        exit(1);
    }
    snprintf(out, sizeof out, "%s.edflib.txt", path);
    FILE *t = fopen(out, "w");
    snprintf(out, sizeof out, "%s.edflib.bin", path);
    FILE *b = fopen(out, "wb");
    fprintf(t, "edflib_version %d\nfiletype %d\nsignals %d\nrecords %lld\nrecord_duration_100ns %lld\n",
            edflib_version(), hdr.filetype, hdr.edfsignals, hdr.datarecords_in_file, hdr.datarecord_duration);
    fprintf(t, "start %04d-%02d-%02d %02d:%02d:%02d\nstart_subsecond_100ns %lld\n", hdr.startdate_year, hdr.startdate_month,
            hdr.startdate_day, hdr.starttime_hour, hdr.starttime_minute, hdr.starttime_second, hdr.starttime_subsecond);
    for (int k = 0; k < hdr.edfsignals; k++) {
        struct edf_param_struct *p = &hdr.signalparam[k];
        fprintf(t, "signal %d label=%s|unit=%s|samples=%lld|per_record=%d|dmin=%d|dmax=%d|pmin=%.17g|pmax=%.17g\n", k, p->label,
                p->physdimension, p->smp_in_file, p->smp_in_datarecord, p->dig_min, p->dig_max, p->phys_min, p->phys_max);
        int *buf = malloc(sizeof(int) * (size_t) p->smp_in_file);
        edfseek(hdr.handle, k, 0, EDFSEEK_SET);
        if (edfread_digital_samples(hdr.handle, k, (int) p->smp_in_file, buf) != p->smp_in_file) die("short read", path);
        for (long long i = 0; i < p->smp_in_file; i++) {
            uint32_t v = (uint32_t) buf[i];
            unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
            fwrite(le, 1, 4, b);
        }
        free(buf);
    }
    for (long long a = 0; a < hdr.annotations_in_file; a++) {
        struct edf_annotation_struct an;
        edf_get_annotation(hdr.handle, (int) a, &an);
        fprintf(t, "annotation %lld|%lld|%s\n", an.onset, an.duration_l, an.annotation);
    }
    fclose(t);
    fclose(b);
    edfclose_file(hdr.handle);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: make_fixtures OUTDIR\n"); return 2; }
    const char *dir = argv[1];
    char p[1024];
    struct sig edfs[5] = {{"EEG Fp1-REF", "uV", "AgAgCl cup", "HP:0.5Hz LP:70Hz N:50Hz", 256, -3000, 3500, -32768, 32767},
                          {"EEG T3-REF", "uV", "AgAgCl cup", "HP:0.5Hz LP:70Hz N:50Hz", 256, -3000, 3500, -32768, 32767},
                          {"EEG Cz-REF", "uV", "AgAgCl cup", "HP:0.5Hz LP:70Hz N:50Hz", 256, -3000, 3500, -32768, 32767},
                          {"EEG O2-REF", "uV", "AgAgCl cup", "HP:0.5Hz LP:70Hz N:50Hz", 256, -3000, 3500, -32768, 32767},
                          {"ECG", "mV", "chest", "", 128, -5, 5, -2048, 2047}};
    snprintf(p, sizeof p, "%s/edfplus.edf", dir);
    write_edflib(p, EDFLIB_FILETYPE_EDFPLUS, edfs, 5, 12, 0);
    struct sig bdfs[4] = {{"Fp1", "uV", "Active Electrode", "HP: DC; LP: 104 Hz", 512, -262144, 262143, -8388608, 8388607},
                          {"AF3", "uV", "Active Electrode", "HP: DC; LP: 104 Hz", 512, -262144, 262143, -8388608, 8388607},
                          {"Pz", "uV", "Active Electrode", "HP: DC; LP: 104 Hz", 512, -262144, 262143, -8388608, 8388607},
                          {"Status", "Boolean", "Triggers and Status", "No filtering", 512, -8388608, 8388607, -8388608, 8388607}};
    snprintf(p, sizeof p, "%s/bdfplus.bdf", dir);
    write_edflib(p, EDFLIB_FILETYPE_BDFPLUS, bdfs, 4, 8, 1);
    snprintf(p, sizeof p, "%s/plain.edf", dir);
    write_plain_edf(p);
    snprintf(p, sizeof p, "%s/edfplus_d.edf", dir);
    write_edfplus_d(p);
    snprintf(p, sizeof p, "%s/biosemi.bdf", dir);
    write_biosemi(p);
    snprintf(p, sizeof p, "%s/biosemi128_numbered.bdf", dir);
    write_biosemi_numbered(p);
    /* EDFlib refuses EDF+D (EDFLIB_FILE_IS_DISCONTINUOUS): that file's reference is MNE's alone */
    const char *names[5] = {"edfplus.edf", "bdfplus.bdf", "plain.edf", "biosemi.bdf", "biosemi128_numbered.bdf"};
    for (int i = 0; i < 5; i++) dump(dir, names[i]);
    return 0;
}

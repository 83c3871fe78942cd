package org.evoke.eeg.edf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reader against recordings written by EDFlib 1.23 (and three assembled from the specification) and against
 * what EDFlib's and MNE-Python 1.3's readers read from them (tools/edf/, test resources under edf/).
 */
class EdfReaderTest {
    static final String[] EDFLIB = {"edfplus.edf", "bdfplus.bdf", "plain.edf", "biosemi.bdf"};
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Path resource(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = EdfReaderTest.class.getResourceAsStream("/edf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource edf/" + name);
            }
            Files.copy(in, p);
        }
        return p;
    }

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = EdfReaderTest.class.getResourceAsStream("/edf/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"edfplus.edf", "bdfplus.bdf", "plain.edf", "biosemi.bdf", "biosemi128_numbered.bdf"})
    void headerAndDigitalSamplesMatchEdflibToTheBit(String name) throws IOException {
        List<String> ref = new String(bytes(name + ".edflib.txt"), StandardCharsets.UTF_8).lines().toList();
        ByteBuffer bin = ByteBuffer.wrap(bytes(name + ".edflib.bin")).order(ByteOrder.LITTLE_ENDIAN);
        try (EdfReader r = EdfReader.open(resource(tmp, name))) {
            EdfHeader h = r.header();
            assertEquals(new String[] {"EDF", "EDF+C", "BDF", "BDF+C"}[Integer.parseInt(value(ref, "filetype"))],
                    h.format().toString(), "format");
            assertEquals(Long.parseLong(value(ref, "records")), h.records(), "records");
            assertEquals(Long.parseLong(value(ref, "record_duration_100ns")) / 1e7, h.recordDuration(), 1e-12);
            List<EdfSignal> data = h.dataSignals();
            assertEquals(Integer.parseInt(value(ref, "signals")), data.size(), "signals");
            for (int k = 0; k < data.size(); k++) {
                EdfSignal s = data.get(k);
                String line = ref.stream().filter(l -> l.startsWith("signal ")).toList().get(k);
                String[] f = line.substring(line.indexOf(' ', 7) + 1).split("\\|");
                assertEquals(f[0].substring(6).strip(), s.label());
                assertEquals(f[1].substring(5).strip(), s.unit());
                long samples = Long.parseLong(f[2].substring(8));
                assertEquals(samples, r.samples(s));
                assertEquals(Integer.parseInt(f[3].substring(11)), s.samplesPerRecord());
                assertEquals(Integer.parseInt(f[4].substring(5)), s.digitalMin());
                assertEquals(Integer.parseInt(f[5].substring(5)), s.digitalMax());
                assertEquals(Double.parseDouble(f[6].substring(5)), s.physicalMin());
                assertEquals(Double.parseDouble(f[7].substring(5)), s.physicalMax());
                int[] ours = new int[(int) samples];
                // in uneven pieces, so that reads start and end inside data records
                int at = 0;
                for (int piece = 1; at < ours.length; piece = piece * 3 + 1) {
                    int n = Math.min(piece, ours.length - at);
                    r.readDigital(s, at, ours, at, n);
                    at += n;
                }
                for (int i = 0; i < samples; i++) {
                    int expected = bin.getInt();
                    if (ours[i] != expected) {
                        fail(name + " signal '" + s.label() + "' sample " + i + ": " + ours[i] + ", EDFlib " + expected);
                    }
                }
            }
            List<String> refAnn = ref.stream().filter(l -> l.startsWith("annotation ")).toList();
            List<EdfAnnotation> ann = r.annotations();
            assertEquals(refAnn.size(), ann.size(), "annotations");
            for (int i = 0; i < ann.size(); i++) {
                String[] f = refAnn.get(i).substring(11).split("\\|", 3);
                assertEquals(Long.parseLong(f[0]), Math.round(ann.get(i).onset() * 1e7), "onset of " + f[2]);
                long d = Long.parseLong(f[1]);
                if (d == -10_000_000L) {
                    assertTrue(Double.isNaN(ann.get(i).duration()), "no duration: " + f[2]);
                } else {
                    assertEquals(d, Math.round(ann.get(i).duration() * 1e7), "duration of " + f[2]);
                }
                assertEquals(f[2], ann.get(i).text());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"edfplus.edf", "bdfplus.bdf", "plain.edf", "biosemi.bdf", "edfplus_d.edf"})
    void physicalValuesAnnotationsAndTriggersMatchMne(String name) throws IOException {
        JsonNode ref = JSON.readTree(bytes(name + ".mne.json"));
        ByteBuffer bin = ByteBuffer.wrap(bytes(name + ".mne.bin")).order(ByteOrder.LITTLE_ENDIAN);
        try (EdfReader r = EdfReader.open(resource(tmp, name))) {
            int n = ref.get("samples").asInt();
            double worst = 0;
            for (JsonNode ch : ref.get("saved")) {
                EdfSignal s = r.header().signal(ch.asText());
                assertEquals(ref.get("sfreq").asDouble(), s.sampleRate(), 1e-9, ch.asText());
                double[] ours = new double[n];
                r.readPhysical(s, 0, ours, 0, n);
                double range = s.physicalMax() - s.physicalMin();
                for (int i = 0; i < n; i++) {
                    double mne = bin.getDouble();
                    double err = Math.abs(ours[i] - mne) / (Math.abs(mne) + 1e-6 * range);
                    worst = Math.max(worst, err);
                    if (err > 1e-6) {
                        fail(name + " '" + s.label() + "' sample " + i + ": " + ours[i] + ", MNE " + mne);
                    }
                }
            }
            assertTrue(worst < 1e-6, "worst relative difference " + worst);
            // MNE keeps the annotations that fall inside the samples it reads as one continuous run
            List<EdfAnnotation> inside = new ArrayList<>();
            for (EdfAnnotation a : r.annotations()) {
                if (a.onset() < n / ref.get("sfreq").asDouble()) {
                    inside.add(a);
                }
            }
            JsonNode refAnn = ref.get("annotations");
            assertEquals(refAnn.size(), inside.size(), "annotations inside the data");
            for (int i = 0; i < inside.size(); i++) {
                EdfAnnotation a = inside.get(i);
                assertEquals(refAnn.get(i).get(0).asDouble(), a.onset(), 1e-9);
                assertEquals(refAnn.get(i).get(1).asDouble(), Double.isNaN(a.duration()) ? 0 : a.duration(), 1e-9);
                assertEquals(refAnn.get(i).get(2).asText(), a.text());
            }
            if (ref.has("events")) {
                List<StatusEvent> ev = r.statusEvents();
                assertEquals(ref.get("events").size(), ev.size(), "status events");
                for (int i = 0; i < ev.size(); i++) {
                    JsonNode e = ref.get("events").get(i);
                    assertEquals(new StatusEvent(e.get(0).asLong(), e.get(1).asInt(), e.get(2).asInt()), ev.get(i));
                }
            } else {
                assertTrue(r.statusEvents().isEmpty());
            }
        }
    }

    @Test
    void discontinuousRecordingKeepsItsGapsAndEveryAnnotation() throws IOException {
        try (EdfReader r = EdfReader.open(resource(tmp, "edfplus_d.edf"))) {
            assertEquals(EdfFormat.EDF_PLUS_D, r.header().format());
            // the records' time-keeping annotations, as make_fixtures.c wrote them: +0, +1, +5.5, +6.5
            double[] starts = new double[4];
            for (int i = 0; i < 4; i++) {
                starts[i] = r.recordStart(i);
            }
            assertEquals(List.of(0.0, 1.0, 5.5, 6.5), List.of(starts[0], starts[1], starts[2], starts[3]));
            List<EdfAnnotation> a = r.annotations();
            assertEquals(List.of(new EdfAnnotation(1.25, 0.5, "Blink"), new EdfAnnotation(5.5, Double.NaN, "Resumed"),
                    new EdfAnnotation(5.5, Double.NaN, "Artifact")), a);
        }
    }

    @Test
    void continuousRecordStartsFollowTheHeader() throws IOException {
        try (EdfReader r = EdfReader.open(resource(tmp, "plain.edf"))) {
            assertEquals(2.5, r.recordStart(5), 0.0);
            assertEquals(256.0, r.header().signal("fp1").sampleRate(), 0.0);
            assertEquals(128.0, r.header().signal("Fp2-A1").sampleRate(), 0.0);
            assertEquals(1e3, r.header().signal("Fp2-A1").toMicrovolts(), 0.0);
        }
    }

    // ---- bad input: one line naming the file and what was wrong

    /** Applies {@code change} to a copy of {@code name} and expects EdfReader to refuse it with {@code words}. */
    private void refused(String name, Consumer<byte[]> change, int cut, String... words) throws IOException {
        byte[] b = bytes(name);
        change.accept(b);
        byte[] c = java.util.Arrays.copyOf(b, b.length - cut);
        Path p = tmp.resolve("bad-" + name);
        Files.write(p, c);
        EdfFormatException e = assertThrows(EdfFormatException.class, () -> {
            try (EdfReader r = EdfReader.open(p)) {
                r.annotations();
            }
        });
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("bad-" + name), m);
        for (String w : words) {
            assertTrue(m.contains(w), "'" + w + "' not in: " + m);
        }
    }

    private static Consumer<byte[]> put(int at, String text) {
        return b -> System.arraycopy(text.getBytes(StandardCharsets.ISO_8859_1), 0, b, at, text.length());
    }

    @Test
    void truncatedFileIsRefused() throws IOException {
        refused("edfplus.edf", b -> { }, 1000, "declares 12 data records", "truncated");
    }

    @Test
    void recordCountPastTheEndIsRefused() throws IOException {
        refused("plain.edf", put(236, "7       "), 0, "declares 7 data records", "holds 6");
        refused("plain.edf", put(236, "99999999"), 0, "declares 99999999");
    }

    @Test
    void bytesAfterTheLastRecordAreRefused() throws IOException {
        refused("plain.edf", put(236, "5       "), 0, "after the last of the 5 declared data records");
    }

    @Test
    void nonNumericFieldsAreRefused() throws IOException {
        refused("plain.edf", put(244, "one sec "), 0, "data record duration is not a number", "one sec");
        refused("plain.edf", put(236, "12x     "), 0, "number of data records is not a whole number");
        refused("plain.edf", put(256 + 2 * (16 + 80 + 8), "NaN     "), 0, "signal 1 ('Fp1') physical minimum is not a number");
        refused("plain.edf", put(256 + 2 * (16 + 80 + 8 + 8 + 8 + 8 + 8 + 80), "lots    "), 0,
                "samples per data record is not a whole number");
    }

    @Test
    void lyingHeaderSizeAndSignalCountAreRefused() throws IOException {
        refused("plain.edf", put(184, "1024    "), 0, "header size 1024 does not match 2 signals");
        refused("plain.edf", put(252, "0   "), 0, "number of signals 0 is out of range");
        refused("plain.edf", put(252, "9   "), 0, "header size 768 does not match 9 signals");
    }

    @Test
    void impossibleRangesAreRefused() throws IOException {
        int dmin = 256 + 2 * (16 + 80 + 8 + 8 + 8);
        refused("plain.edf", put(dmin, "2047    "), 0, "digital minimum 2047 is not below its digital maximum 2047");
        refused("plain.edf", put(dmin, "-99999  "), 0, "does not fit 16-bit EDF samples");
        refused("plain.edf", put(256 + 2 * (16 + 80 + 8 + 8), "-500    "), 0, "physical minimum equals its maximum");
    }

    @Test
    void foreignFilesAreRefused() throws IOException {
        refused("plain.edf", put(0, "PK\u0003\u0004"), 0, "not an EDF or BDF file", "PK\\x03\\x04");
        Path tiny = tmp.resolve("tiny.edf");
        Files.write(tiny, new byte[100]);
        EdfFormatException e = assertThrows(EdfFormatException.class, () -> EdfReader.open(tiny));
        assertTrue(e.getMessage().contains("shorter than an EDF/BDF header"), e.getMessage());
        e = assertThrows(EdfFormatException.class, () -> EdfReader.open(tmp));
        assertTrue(e.getMessage().contains("a directory"), e.getMessage());
        e = assertThrows(EdfFormatException.class, () -> EdfReader.open(tmp.resolve("none.edf")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void malformedAnnotationListsAreRefused() throws IOException {
        // edfplus_d.edf: header 4 x 256 bytes, records of 2 x 512 + 120 bytes, the TAL last
        int tal0 = 1024 + 1024;
        refused("edfplus_d.edf", put(tal0, "x0"), 0, "data record 1 has an annotation onset 'x0'");
        refused("edfplus_d.edf", b -> java.util.Arrays.fill(b, tal0, tal0 + 120, (byte) 'A'), 0,
                "data record 1 has an annotation list without its closing 0 byte");
        refused("edfplus_d.edf", b -> java.util.Arrays.fill(b, tal0, tal0 + 120, (byte) 0), 0,
                "data record 1 has no time-keeping annotation");
        int tal2 = 1024 + 2 * 1144 + 1024;
        refused("edfplus_d.edf", put(tal2, "+0.5"), 0, "data record 3 starts at 0.5 s, before the end of the record before it");
    }

    private static String value(List<String> lines, String key) {
        for (String l : lines) {
            if (l.startsWith(key + " ")) {
                return l.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key);
    }
}

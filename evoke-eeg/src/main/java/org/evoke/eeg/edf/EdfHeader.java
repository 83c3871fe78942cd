package org.evoke.eeg.edf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The header of an EDF/BDF recording: 256 bytes, then 256 per signal, every field ASCII and space-padded.
 *
 * @param records        data records in the file (a header's -1, "unknown", is replaced by what the file holds)
 * @param recordDuration seconds per data record
 * @param recordBytes    bytes per data record, all signals
 */
public record EdfHeader(EdfFormat format, String patient, String recording, String startDate, String startTime,
                        int headerBytes, long records, double recordDuration, List<EdfSignal> signals,
                        long recordBytes) {

    /** The largest data record read: a header claiming more is refused rather than allocated. */
    public static final long MAX_RECORD_BYTES = 64L << 20;
    /** The most signals a header may declare (its field has four digits). */
    public static final int MAX_SIGNALS = 9999;

    public EdfHeader {
        signals = Collections.unmodifiableList(new ArrayList<>(signals));
    }

    /** The signals that carry samples (not EDF+/BDF+ annotations). */
    public List<EdfSignal> dataSignals() {
        return signals.stream().filter(s -> !s.annotation()).toList();
    }

    /** The first signal labelled {@code label} (case-insensitive, surrounding spaces ignored), or null. */
    public EdfSignal signal(String label) {
        for (EdfSignal s : signals) {
            if (s.label().trim().equalsIgnoreCase(label.trim())) {
                return s;
            }
        }
        return null;
    }

    /** Seconds of signal in the file (records x record duration; gaps of EDF+D not counted). */
    public double duration() {
        return records * recordDuration;
    }

    /** The fixed part: the first 256 bytes. Returns the number of signals, with the fields in {@code into}. */
    static Fixed parseFixed(byte[] b, String file) throws EdfFormatException {
        boolean bdf = (b[0] & 0xff) == 0xff;
        String version = bdf ? ascii(b, 1, 7) : ascii(b, 0, 8);
        if (bdf ? !version.equals("BIOSEMI") : !version.equals("0")) {
            throw new EdfFormatException(file + ": not an EDF or BDF file (version field '" + printable(b, 0, 8)
                    + "', expected '0' for EDF or 0xFF 'BIOSEMI' for BDF)");
        }
        Fixed f = new Fixed();
        f.patient = ascii(b, 8, 80);
        f.recording = ascii(b, 88, 80);
        f.startDate = ascii(b, 168, 8);
        f.startTime = ascii(b, 176, 8);
        f.headerBytes = (int) integer(b, 184, 8, "header size", file, 256, 256L * (MAX_SIGNALS + 1));
        String reserved = ascii(b, 192, 44);
        f.format = bdf ? (reserved.startsWith("BDF+C") ? EdfFormat.BDF_PLUS_C
                : reserved.startsWith("BDF+D") ? EdfFormat.BDF_PLUS_D : EdfFormat.BDF)
                : (reserved.startsWith("EDF+C") ? EdfFormat.EDF_PLUS_C
                : reserved.startsWith("EDF+D") ? EdfFormat.EDF_PLUS_D : EdfFormat.EDF);
        f.records = integer(b, 236, 8, "number of data records", file, -1, Long.MAX_VALUE);
        f.recordDuration = real(b, 244, 8, "data record duration", file);
        if (f.recordDuration < 0) {
            throw new EdfFormatException(file + ": negative data record duration '" + ascii(b, 244, 8) + "'");
        }
        f.signals = (int) integer(b, 252, 4, "number of signals", file, 1, MAX_SIGNALS);
        if (f.headerBytes != 256 * (f.signals + 1)) {
            throw new EdfFormatException(file + ": header size " + f.headerBytes + " does not match " + f.signals
                    + " signals (expected " + 256 * (f.signals + 1) + ")");
        }
        return f;
    }

    /** The signal part (256 bytes per signal, field by field for all signals), checked. */
    static EdfHeader parseSignals(Fixed f, byte[] b, long fileSize, String file) throws EdfFormatException {
        int ns = f.signals;
        List<EdfSignal> signals = new ArrayList<>(ns);
        long recordBytes = 0;
        boolean anyData = false;
        for (int i = 0; i < ns; i++) {
            String label = ascii(b, 16 * i, 16);
            String where = "signal " + (i + 1) + " ('" + label + "')";
            int o = 16 * ns;
            String transducer = ascii(b, o + 80 * i, 80);
            o += 80 * ns;
            String unit = ascii(b, o + 8 * i, 8);
            o += 8 * ns;
            double pmin = real(b, o + 8 * i, 8, where + " physical minimum", file);
            o += 8 * ns;
            double pmax = real(b, o + 8 * i, 8, where + " physical maximum", file);
            o += 8 * ns;
            int dmin = (int) integer(b, o + 8 * i, 8, where + " digital minimum", file, Integer.MIN_VALUE, Integer.MAX_VALUE);
            o += 8 * ns;
            int dmax = (int) integer(b, o + 8 * i, 8, where + " digital maximum", file, Integer.MIN_VALUE, Integer.MAX_VALUE);
            o += 8 * ns;
            String prefilter = ascii(b, o + 80 * i, 80);
            o += 80 * ns;
            int spr = (int) integer(b, o + 8 * i, 8, where + " samples per data record", file, 1, Integer.MAX_VALUE);
            boolean annotation = f.format.isPlus()
                    && label.equals(f.format.isBdf() ? "BDF Annotations" : "EDF Annotations");
            if (!annotation) {
                anyData = true;
                if (dmin >= dmax) {
                    throw new EdfFormatException(file + ": " + where + " digital minimum " + dmin
                            + " is not below its digital maximum " + dmax);
                }
                if (dmin < f.format.digitalLimit(false) || dmax > f.format.digitalLimit(true)) {
                    throw new EdfFormatException(file + ": " + where + " digital range " + dmin + ".." + dmax
                            + " does not fit " + 8 * f.format.bytesPerSample() + "-bit " + f.format + " samples");
                }
                if (pmin == pmax) {
                    throw new EdfFormatException(file + ": " + where + " physical minimum equals its maximum (" + pmin + ")");
                }
            }
            signals.add(new EdfSignal(i, label, transducer, unit, pmin, pmax, dmin, dmax, prefilter, spr,
                    (int) Math.min(recordBytes, Integer.MAX_VALUE), f.recordDuration, annotation));
            recordBytes += (long) spr * f.format.bytesPerSample();
            if (recordBytes > MAX_RECORD_BYTES) {
                throw new EdfFormatException(file + ": a data record of more than " + (MAX_RECORD_BYTES >> 20)
                        + " MiB (signal " + (i + 1) + " declares " + spr + " samples per record)");
            }
        }
        if (anyData && f.recordDuration == 0) {
            throw new EdfFormatException(file + ": data record duration 0 with signals that carry samples");
        }
        if (f.format.isPlus() && signals.stream().noneMatch(EdfSignal::annotation)) {
            throw new EdfFormatException(file + ": an " + f.format + " file without an '"
                    + (f.format.isBdf() ? "BDF" : "EDF") + " Annotations' signal");
        }
        long data = fileSize - f.headerBytes;
        long records = f.records;
        if (records == -1) { // a recording still being written, or a tool that never came back to the field
            if (data % recordBytes != 0) {
                throw new EdfFormatException(file + ": unknown number of data records (-1), and the " + data
                        + " bytes after the header are not whole records of " + recordBytes + " bytes");
            }
            records = data / recordBytes;
        } else {
            long declared;
            try {
                declared = Math.multiplyExact(records, recordBytes);
            } catch (ArithmeticException e) {
                declared = Long.MAX_VALUE;
            }
            if (declared > data) {
                throw new EdfFormatException(file + ": the header declares " + records + " data records of "
                        + recordBytes + " bytes, but the file holds " + Math.max(0, data) / recordBytes
                        + " (" + Math.max(0, data) + " bytes after the header): truncated or a lying header");
            }
            if (declared < data) {
                throw new EdfFormatException(file + ": " + (data - declared) + " bytes after the last of the "
                        + records + " declared data records (a lying header or a damaged file)");
            }
        }
        return new EdfHeader(f.format, f.patient, f.recording, f.startDate, f.startTime, f.headerBytes, records,
                f.recordDuration, signals, recordBytes);
    }

    static final class Fixed {
        EdfFormat format;
        String patient;
        String recording;
        String startDate;
        String startTime;
        int headerBytes;
        long records;
        double recordDuration;
        int signals;
    }

    /** A header field: Latin-1, stripped, control characters (never valid in a header) shown as '?'. */
    private static String ascii(byte[] b, int off, int len) {
        return org.evoke.tensor.io.OneLine.printable(new String(b, off, len, StandardCharsets.ISO_8859_1)).strip();
    }

    private static String printable(byte[] b, int off, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            s.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }

    private static long integer(byte[] b, int off, int len, String what, String file, long min, long max)
            throws EdfFormatException {
        String t = ascii(b, off, len);
        long v;
        try {
            v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw new EdfFormatException(file + ": " + what + " is not a whole number: '" + printable(b, off, len).strip() + "'");
        }
        if (v < min || v > max) {
            throw new EdfFormatException(file + ": " + what + " " + v + " is out of range (" + min + ".." + max + ")");
        }
        return v;
    }

    private static double real(byte[] b, int off, int len, String what, String file) throws EdfFormatException {
        String t = ascii(b, off, len);
        double v;
        try {
            v = Double.parseDouble(t.replace(',', '.'));
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || t.isEmpty() || !t.matches("[-+]?[0-9.,eE+-]+")) {
            throw new EdfFormatException(file + ": " + what + " is not a number: '" + printable(b, off, len).strip() + "'");
        }
        return v;
    }
}

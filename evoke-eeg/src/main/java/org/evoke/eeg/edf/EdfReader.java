package org.evoke.eeg.edf;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads an EDF, EDF+, BDF or BDF+ recording (the variant is told by the header, not by the file name). The header is
 * read and checked on {@link #open}: every numeric field, the digital and physical ranges, and the file's size
 * against the declared data records (a truncated file or a lying header is refused there, with one line). Samples are
 * read on demand, whole data records at a time into a buffer of about {@value #CHUNK_BYTES} bytes, so memory does not
 * grow with the recording. Not thread-safe: one reader per thread.
 * <pre>
 * try (EdfReader r = EdfReader.open(Path.of("rec.bdf"))) {
 *     EdfSignal fp1 = r.header().signal("Fp1");
 *     double[] uV = new double[512];
 *     r.readPhysical(fp1, 0, uV, 0, 512);          // the first second at 512 Hz, in the signal's unit
 *     List&lt;StatusEvent&gt; triggers = r.statusEvents();
 * }
 * </pre>
 */
public final class EdfReader implements Closeable {
    /** Bytes of data records read at once (at least one record). */
    public static final int CHUNK_BYTES = 4 << 20;

    private final Path path;
    private final String name;
    private final FileChannel channel;
    private final EdfHeader header;
    private final int recordsPerChunk;
    private final ByteBuffer chunk;   // records [chunkFirst, chunkFirst + chunkCount)
    private long chunkFirst = -1;
    private int chunkCount;
    private int[] digits = new int[0]; // readPhysical's scratch
    private List<EdfAnnotation> annotations;
    private double[] recordStarts;

    private EdfReader(Path path, FileChannel channel, EdfHeader header) {
        this.path = path;
        this.name = path.getFileName().toString();
        this.channel = channel;
        this.header = header;
        long perChunk = Math.max(1, Math.min(header.records(), CHUNK_BYTES / Math.max(1, header.recordBytes())));
        this.recordsPerChunk = (int) Math.max(1, perChunk);
        this.chunk = ByteBuffer.allocate((int) (recordsPerChunk * header.recordBytes()));
    }

    /** Opens and checks a recording. */
    public static EdfReader open(Path path) throws IOException {
        String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            throw new EdfFormatException(path + ": a directory, not an EDF or BDF file");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new EdfFormatException(path + ": no such file");
        }
        try {
            long size = ch.size();
            if (size < 256) {
                throw new EdfFormatException(file + ": " + size + " bytes, shorter than an EDF/BDF header (256)");
            }
            byte[] fixed = readFully(ch, 0, 256, file);
            EdfHeader.Fixed f = EdfHeader.parseFixed(fixed, file);
            if (size < f.headerBytes) {
                throw new EdfFormatException(file + ": header declares " + f.signals + " signals (" + f.headerBytes
                        + " bytes) but the file has only " + size + " bytes: truncated");
            }
            byte[] signals = readFully(ch, 256, f.headerBytes - 256, file);
            EdfHeader h = EdfHeader.parseSignals(f, signals, size, file);
            return new EdfReader(path, ch, h);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public EdfHeader header() {
        return header;
    }

    public Path path() {
        return path;
    }

    /** Samples of a signal in the file. */
    public long samples(EdfSignal s) {
        return header.records() * s.samplesPerRecord();
    }

    /**
     * Digital samples {@code from .. from + n} of a signal (sample indices of that signal) into {@code out}.
     */
    public void readDigital(EdfSignal s, long from, int[] out, int off, int n) throws IOException {
        checkRange(s, from, n);
        int bps = header.format().bytesPerSample();
        int spr = s.samplesPerRecord();
        long i = from;
        int done = 0;
        while (done < n) {
            long r = i / spr;
            int j = (int) (i % spr);
            int count = Math.min(n - done, spr - j);
            load(r);
            int p = (int) ((r - chunkFirst) * header.recordBytes()) + s.recordOffset() + j * bps;
            byte[] a = chunk.array();
            if (bps == 2) {
                for (int k = 0; k < count; k++, p += 2) {
                    out[off + done + k] = (short) ((a[p] & 0xff) | (a[p + 1] << 8));
                }
            } else {
                for (int k = 0; k < count; k++, p += 3) {
                    out[off + done + k] = (a[p] & 0xff) | ((a[p + 1] & 0xff) << 8) | (a[p + 2] << 16);
                }
            }
            done += count;
            i += count;
        }
    }

    /** Physical samples (digital x gain + offset, in the signal's unit) of a signal into {@code out}. */
    public void readPhysical(EdfSignal s, long from, double[] out, int off, int n) throws IOException {
        if (digits.length < n) {
            digits = new int[n];
        }
        readDigital(s, from, digits, 0, n);
        double gain = s.gain(), offset = s.offset();
        for (int k = 0; k < n; k++) {
            out[off + k] = digits[k] * gain + offset;
        }
    }

    /**
     * The EDF+/BDF+ annotations of the whole file, in file order (an empty list for plain EDF and BDF). The first
     * call reads every data record (in chunks); later calls return the same list.
     */
    public List<EdfAnnotation> annotations() throws IOException {
        if (annotations == null) {
            readAnnotations();
        }
        return annotations;
    }

    /**
     * The start of data record {@code r} in seconds after the first record's start: r x duration, except in EDF+D
     * and BDF+D, where it is the record's time-keeping annotation (records may be separated by gaps).
     */
    public double recordStart(long r) throws IOException {
        if (r < 0 || r >= header.records()) {
            throw new IndexOutOfBoundsException("record " + r + " of " + header.records());
        }
        if (!header.format().isPlus()) {
            return r * header.recordDuration();
        }
        if (recordStarts == null) {
            readAnnotations();
        }
        return recordStarts[(int) r];
    }

    /**
     * The triggers of a BDF Status channel (label "Status", any case): every sample where the low 16 bits change to
     * a non-zero code. Empty when the file has no such channel.
     */
    public List<StatusEvent> statusEvents() throws IOException {
        EdfSignal s = header.format().isBdf() ? header.signal("Status") : null;
        if (s == null) {
            return List.of();
        }
        List<StatusEvent> events = new ArrayList<>();
        int[] buf = new int[s.samplesPerRecord()];
        int previous = 0;
        for (long r = 0; r < header.records(); r++) {
            readDigital(s, r * buf.length, buf, 0, buf.length);
            for (int k = 0; k < buf.length; k++) {
                int code = buf[k] & 0xffff;
                if (code != previous && code != 0) {
                    events.add(new StatusEvent(r * buf.length + k, previous, code));
                }
                previous = code;
            }
        }
        return Collections.unmodifiableList(events);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void checkRange(EdfSignal s, long from, int n) {
        if (s.index() >= header.signals().size() || header.signals().get(s.index()) != s) {
            throw new IllegalArgumentException("signal '" + s.label() + "' is not one of " + name + "'s");
        }
        if (from < 0 || n < 0 || from + n > samples(s)) {
            throw new IndexOutOfBoundsException(name + ": samples " + from + ".." + (from + n) + " of signal '"
                    + s.label() + "', which has " + samples(s));
        }
    }

    /** Makes record r available in the chunk. */
    private void load(long r) throws IOException {
        if (r >= chunkFirst && r < chunkFirst + chunkCount) {
            return;
        }
        int count = (int) Math.min(recordsPerChunk, header.records() - r);
        chunk.clear().limit((int) (count * header.recordBytes()));
        long pos = header.headerBytes() + r * header.recordBytes();
        while (chunk.hasRemaining()) {
            int got = channel.read(chunk, pos + chunk.position());
            if (got < 0) {
                chunkFirst = -1;
                throw new EdfFormatException(name + ": the file ended inside data record " + (r + 1)
                        + " (it shrank while being read?)");
            }
        }
        chunkFirst = r;
        chunkCount = count;
    }

    private void readAnnotations() throws IOException {
        List<EdfAnnotation> found = new ArrayList<>();
        long records = header.records();
        if (!header.format().isPlus()) {
            annotations = List.of();
            return;
        }
        if (records > Integer.MAX_VALUE) {
            throw new EdfFormatException(name + ": " + records + " data records is more than evoke indexes");
        }
        double[] starts = new double[(int) records];
        List<EdfSignal> tals = header.signals().stream().filter(EdfSignal::annotation).toList();
        int bps = header.format().bytesPerSample();
        double start0 = 0;
        for (long r = 0; r < records; r++) {
            load(r);
            int base = (int) ((r - chunkFirst) * header.recordBytes());
            double keeping = Double.NaN;
            for (int t = 0; t < tals.size(); t++) {
                EdfSignal s = tals.get(t);
                int from = base + s.recordOffset(), len = s.samplesPerRecord() * bps;
                keeping = parseTals(chunk.array(), from, from + len, r, t == 0, keeping, found);
            }
            if (Double.isNaN(keeping)) {
                throw new EdfFormatException(name + ": data record " + (r + 1) + " has no time-keeping annotation");
            }
            if (r == 0) {
                start0 = keeping;
            }
            starts[(int) r] = keeping - start0;
            if (r > 0 && starts[(int) r] < starts[(int) r - 1] + header.recordDuration() - 1e-7) {
                throw new EdfFormatException(name + ": data record " + (r + 1) + " starts at " + keeping
                        + " s, before the end of the record before it");
            }
        }
        if (!header.format().isDiscontinuous()) { // EDF+C: the records follow each other, as the header says
            for (int r = 0; r < starts.length; r++) {
                starts[r] = r * header.recordDuration();
            }
        }
        List<EdfAnnotation> shifted = new ArrayList<>(found.size());
        for (EdfAnnotation a : found) {
            shifted.add(new EdfAnnotation(a.onset() - start0, a.duration(), a.text()));
        }
        annotations = Collections.unmodifiableList(shifted);
        recordStarts = starts;
    }

    /**
     * The time-stamped annotation lists in bytes [from, end) of one record's annotation signal. Returns the record's
     * time-keeping onset (the first TAL of the first annotation signal), or {@code keeping} unchanged.
     */
    private double parseTals(byte[] a, int from, int end, long record, boolean firstSignal, double keeping,
                             List<EdfAnnotation> out) throws EdfFormatException {
        int p = from;
        boolean firstTal = firstSignal;
        while (p < end) {
            if (a[p] == 0) {
                p++;
                continue;
            }
            int stop = p;
            while (stop < end && a[stop] != 0) {
                stop++;
            }
            if (stop == end) {
                throw malformed(record, "an annotation list without its closing 0 byte");
            }
            int q = p;
            while (q < stop && a[q] != 0x14 && a[q] != 0x15) {
                q++;
            }
            double onset = number(a, p, q, record, "onset", true);
            double duration = Double.NaN;
            if (q < stop && a[q] == 0x15) {
                int d = ++q;
                while (q < stop && a[q] != 0x14) {
                    q++;
                }
                duration = number(a, d, q, record, "duration", false);
            }
            if (q >= stop || a[stop - 1] != 0x14) {
                throw malformed(record, "an annotation list that does not end in 0x14 0x00");
            }
            int textStart = q + 1;
            boolean firstText = true;
            for (int k = textStart; k < stop; k++) {
                if (a[k] == 0x14) {
                    String text = new String(a, textStart, k - textStart, StandardCharsets.UTF_8);
                    if (firstTal && firstText && text.isEmpty()) {
                        keeping = onset;
                    } else if (!text.isEmpty()) {
                        out.add(new EdfAnnotation(onset, duration, text));
                    }
                    firstText = false;
                    textStart = k + 1;
                }
            }
            firstTal = false;
            p = stop + 1;
        }
        return keeping;
    }

    private double number(byte[] a, int from, int to, long record, String what, boolean signed)
            throws EdfFormatException {
        String t = new String(a, from, to - from, StandardCharsets.ISO_8859_1);
        boolean ok = signed ? t.matches("[+-][0-9]+(\\.[0-9]*)?") : t.matches("[0-9]+(\\.[0-9]*)?");
        if (!ok) {
            throw malformed(record, "an annotation " + what + " '" + t.replaceAll("[^\\x20-\\x7e]", "?")
                    + "' that is not " + (signed ? "a signed number" : "a number"));
        }
        return Double.parseDouble(t);
    }

    private EdfFormatException malformed(long record, String what) {
        return new EdfFormatException(name + ": data record " + (record + 1) + " has " + what);
    }

    private static byte[] readFully(FileChannel ch, long pos, int n, String file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new EdfFormatException(file + ": the file ended inside its header");
            }
        }
        return b.array();
    }
}

package org.evoke.eeg.deap;

import org.evoke.tensor.blas.BlasCore;
import net.razorvine.pickle.PickleException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sources;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads one preprocessed DEAP subject from either of DEAP's formats, told apart by content, never by file name:
 * <ul>
 *   <li>the Python files {@code sXX.dat}: a pickle of {@code {'data': ndarray, 'labels': ndarray}} (Python 2's
 *       cPickle at protocol 2 with byte strings, or the same dict re-saved by Python 3); recognised by the pickle
 *       PROTO opcode {@code 0x80} followed by a protocol number 2..5. Parsed by net.razorvine:pickle with the NumPy
 *       constructors of {@link NumpyPickle} registered;</li>
 *   <li>the MATLAB files {@code sXX.mat}: MAT-file version 5 (uncompressed or compressed), variables {@code data}
 *       and {@code labels}; recognised by the 128-byte MAT header (version 0x0100 and the {@code IM}/{@code MI}
 *       endian mark at bytes 124..127). Parsed by us.hebi.matlab.mat:mfl-core.</li>
 * </ul>
 * The result is checked: {@code data} is (trials, channels, samples) with at least 32 channels, {@code labels} is
 * (trials, 4), and every value is finite. Every failure is a one-line {@link DeapFormatException} naming the file.
 *
 * <p>Memory: the file is memory-mapped; a pickle's array bytes are read into one {@code byte[]} and copied once into
 * ND4J's buffer; a MAT file's column-major values are transposed once into ND4J's row-major buffer. A real DEAP
 * subject (103 MB) thus costs about twice its size at the peak.
 *
 * <p>Thread-safe: every call works on its own objects.
 */
public final class DeapReader {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    /** DEAP's EEG channels come first; a subject needs at least these many channels. */
    public static final int EEG_CHANNELS = 32;
    /** Columns of {@code labels}: valence, arousal, dominance, liking. */
    public static final int LABEL_COLUMNS = 4;

    private static final byte PICKLE_PROTO = (byte) 0x80;
    private static final int MAT_HEADER = 128;

    static {
        NumpyPickle.init();
    }

    private DeapReader() {
    }

    /** The two on-disk formats of preprocessed DEAP. */
    public enum Format {
        /** Python pickle ({@code sXX.dat}). */
        PICKLE,
        /** MATLAB v5 MAT-file ({@code sXX.mat}). */
        MAT
    }

    /** Reads the subject at {@code file}; its id is the file name without extension ({@code s01.dat} -> {@code s01}). */
    public static DeapSubject read(Path file) {
        return read(file, idOf(file));
    }

    /** Reads the subject at {@code file} and gives it the id {@code id}. */
    public static DeapSubject read(Path file, String id) {
        ByteBuffer buf = map(file);
        Format format = detect(buf, file);
        INDArray[] dl = format == Format.PICKLE ? readPickle(buf, file) : readMat(buf, file);
        check(file, dl[0], dl[1]);
        return new DeapSubject(id, dl[0], dl[1]);
    }

    /** The format of the file at {@code file}, from its first bytes. */
    public static Format detect(Path file) {
        return detect(map(file), file);
    }

    /** The file name without its extension. */
    public static String idOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static ByteBuffer map(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new DeapFormatException(file + ": file of " + size + " bytes is larger than any DEAP subject"
                        + " (103 MB); expected a preprocessed DEAP sXX.dat or sXX.mat");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            throw new DeapFormatException(file + ": no such file (expected a preprocessed DEAP sXX.dat or sXX.mat)");
        } catch (IOException e) {
            throw new DeapFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static Format detect(ByteBuffer buf, Path file) {
        int size = buf.limit();
        if (size >= 2 && buf.get(0) == PICKLE_PROTO && buf.get(1) >= 2 && buf.get(1) <= 5) {
            return Format.PICKLE;
        }
        if (size >= MAT_HEADER) {
            String text = new String(bytes(buf, 0, 20), StandardCharsets.ISO_8859_1);
            String mark = new String(bytes(buf, 126, 2), StandardCharsets.ISO_8859_1);
            boolean le = mark.equals("IM");
            int version = le ? (buf.get(124) & 0xff) | (buf.get(125) & 0xff) << 8
                    : (buf.get(125) & 0xff) | (buf.get(124) & 0xff) << 8;
            if ((mark.equals("IM") || mark.equals("MI")) && version == 0x0100) {
                return Format.MAT;
            }
            if (text.startsWith("MATLAB 7.3")) {
                throw new DeapFormatException(file + ": MATLAB v7.3 (HDF5) MAT-file is not supported; save it with"
                        + " save(..., '-v7') or read DEAP's .dat files instead");
            }
        }
        if (size < MAT_HEADER && size > 0 && "MATLAB".startsWith(new String(bytes(buf, 0, Math.min(6, size)),
                StandardCharsets.ISO_8859_1))) {
            throw new DeapFormatException(file + ": truncated MAT-file (" + size + " bytes, shorter than the"
                    + " 128-byte header)");
        }
        if (size == 0) {
            throw new DeapFormatException(file + ": empty file (truncated?); expected a preprocessed DEAP subject");
        }
        throw new DeapFormatException(file + ": neither a Python pickle (starts 0x80 0x02..0x05) nor a MATLAB v5"
                + " MAT-file (128-byte header); expected a preprocessed DEAP sXX.dat or sXX.mat");
    }

    private static byte[] bytes(ByteBuffer buf, int at, int n) {
        byte[] b = new byte[n];
        buf.duplicate().position(at).get(b);
        return b;
    }

    // ------------------------------------------------------------------ pickle

    private static INDArray[] readPickle(ByteBuffer buf, Path file) {
        NumpyPickle.CountingInput in = new NumpyPickle.CountingInput(buf.duplicate());
        Object root;
        try {
            root = new NumpyPickle.DeapUnpickler(in, buf.limit()).load(in);
        } catch (NumpyPickle.TruncatedException e) {
            throw new DeapFormatException(file + ": truncated pickle: " + e.getMessage());
        } catch (IOException | PickleException | ClassCastException | IndexOutOfBoundsException e) {
            if (in.hitEnd || in.position() >= buf.limit()) {
                throw new DeapFormatException(file + ": truncated pickle (" + buf.limit() + " bytes; the stream ends"
                        + " before its STOP opcode)");
            }
            throw new DeapFormatException(file + ": corrupt pickle at byte " + in.position() + ": " + oneLine(e), e);
        } catch (RuntimeException e) {
            throw new DeapFormatException(file + ": corrupt pickle at byte " + in.position() + ": " + oneLine(e), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new DeapFormatException(file + ": pickle holds " + pyType(root) + ", not a DEAP subject (expected"
                    + " a dict with 'data' and 'labels')");
        }
        Object data = lookup(map, "data");
        Object labels = lookup(map, "labels");
        if (data == null || labels == null) {
            throw new DeapFormatException(file + ": pickle is a dict without " + (data == null ? "'data'" : "'labels'")
                    + " (keys: " + keys(map) + "); a DEAP subject has 'data' (trials, 40, 8064) and 'labels' (trials, 4)");
        }
        return new INDArray[]{array(file, "data", data), array(file, "labels", labels)};
    }

    private static Object lookup(Map<?, ?> map, String key) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object k = e.getKey();
            if ((k instanceof String || k instanceof byte[]) && NumpyPickle.text(k).equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<String> keys(Map<?, ?> map) {
        List<String> keys = new ArrayList<>();
        for (Object k : map.keySet()) {
            keys.add(k instanceof String || k instanceof byte[] ? NumpyPickle.text(k) : String.valueOf(k));
        }
        keys.sort(null);
        return keys;
    }

    private static INDArray array(Path file, String name, Object o) {
        if (!(o instanceof NumpyPickle.ArrayState a)) {
            throw new DeapFormatException(file + ": '" + name + "' is " + pyType(o) + ", expected a numpy array");
        }
        try {
            return a.toDouble();
        } catch (PickleException | ArithmeticException e) {
            throw new DeapFormatException(file + ": '" + name + "': " + oneLine(e));
        }
    }

    private static String pyType(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Map) {
            return "a dict";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof Object[]) {
            return "a tuple";
        }
        if (o instanceof String || o instanceof byte[]) {
            return "a string";
        }
        if (o instanceof Number) {
            return "a number";
        }
        if (o instanceof net.razorvine.pickle.objects.ClassDict cd) {
            return "an object of class " + cd.getClassName();
        }
        return "a " + o.getClass().getSimpleName();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
            m += ": " + e.getCause().getMessage();
        }
        return m.replace('\n', ' ').trim();
    }

    // ------------------------------------------------------------------ MAT

    /** What is wrong with a MAT-file the reader could not parse, in our words (never the reader's exception). */
    static String matProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (t instanceof java.io.EOFException || t instanceof java.nio.BufferUnderflowException
                    || t instanceof IndexOutOfBoundsException || m.contains("end of") || m.contains("underflow")) {
                return "the file ends inside a variable (cut short: copy it again)";
            }
            if (m.contains("number of elements")) {
                return "a variable's declared dimensions disagree with the number of values it stores";
            }
            if (t instanceof NegativeArraySizeException || m.contains("negative")) {
                return "a variable declares a negative dimension";
            }
        }
        return "its structure is damaged (a variable's tag, size or dimensions are not what MATLAB or scipy.io.savemat"
                + " write)";
    }

    private static INDArray[] readMat(ByteBuffer buf, Path file) {
        Mat5File mat;
        try {
            mat = Mat5.newReader(Sources.wrap(buf.duplicate().order(ByteOrder.nativeOrder()))).readMat();
        } catch (IOException | RuntimeException e) {
            throw new DeapFormatException(file + ": truncated or corrupt MAT-file (" + buf.limit() + " bytes): "
                    + matProblem(e), e);
        }
        try {
            Matrix data = variable(mat, file, "data");
            Matrix labels = variable(mat, file, "labels");
            return new INDArray[]{columnMajorToC(data), columnMajorToC(labels)};
        } finally {
            try {
                mat.close();
            } catch (IOException ignored) {
                // closing an in-memory MAT-file releases its buffers; nothing to report
            }
        }
    }

    private static Matrix variable(MatFile mat, Path file, String name) {
        List<String> names = new ArrayList<>();
        for (MatFile.Entry e : mat.getEntries()) {
            names.add(e.getName());
            if (e.getName().equals(name)) {
                Array v = e.getValue();
                if (!(v instanceof Matrix m) || m.isComplex()) {
                    throw new DeapFormatException(file + ": MAT variable '" + name + "' is a " + v.getType()
                            + ", expected a real numeric matrix");
                }
                return m;
            }
        }
        throw new DeapFormatException(file + ": MAT-file has no variable '" + name + "' (variables: " + names
                + "); a DEAP subject has 'data' (trials, 40, 8064) and 'labels' (trials, 4)");
    }

    /** MATLAB arrays are column-major; ND4J's here are row-major: one transposing copy. */
    private static INDArray columnMajorToC(Matrix m) {
        int[] dims = m.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, shape, 'c');
        DoubleBuffer dst = out.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        int n = m.getNumElements();
        if (dims.length == 3) {
            // row-major index ((i * d1) + j) * d2 + k  <-  column-major index i + d0 * (j + d1 * k)
            int d0 = dims[0], d1 = dims[1], d2 = dims[2];
            int p = 0;
            for (int i = 0; i < d0; i++) {
                for (int j = 0; j < d1; j++) {
                    int base = i + d0 * j;
                    int stride = d0 * d1;
                    for (int k = 0; k < d2; k++) {
                        dst.put(p++, m.getDouble(base + stride * k));
                    }
                }
            }
        } else if (dims.length == 2) {
            int d0 = dims[0], d1 = dims[1];
            int p = 0;
            for (int i = 0; i < d0; i++) {
                for (int j = 0; j < d1; j++) {
                    dst.put(p++, m.getDouble(i + d0 * j));
                }
            }
        } else {
            // general N-d: walk row-major indices and compute the column-major offset
            int[] idx = new int[dims.length];
            for (int p = 0; p < n; p++) {
                int off = 0;
                for (int d = dims.length - 1; d >= 0; d--) {
                    off = off * dims[d] + idx[d];
                }
                dst.put(p, m.getDouble(off));
                for (int d = dims.length - 1; d >= 0; d--) {
                    if (++idx[d] < dims[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ checks

    private static void check(Path file, INDArray data, INDArray labels) {
        if (data.rank() != 3) {
            throw new DeapFormatException(file + ": 'data' has shape " + Arrays.toString(data.shape())
                    + ", expected 3-D (trials, channels, samples) like DEAP's (40, 40, 8064)");
        }
        if (data.size(0) == 0 || data.size(2) == 0) {
            throw new DeapFormatException(file + ": 'data' has shape " + Arrays.toString(data.shape()) + ": "
                    + (data.size(0) == 0 ? "0 trials" : "0 samples per trial") + ", nothing to read");
        }
        if (data.size(1) < EEG_CHANNELS) {
            throw new DeapFormatException(file + ": 'data' has " + data.size(1) + " channels, expected at least "
                    + EEG_CHANNELS + " (DEAP's 32 EEG channels first, then 8 peripheral)");
        }
        if (labels.rank() != 2 || labels.size(0) != data.size(0) || labels.size(1) != LABEL_COLUMNS) {
            throw new DeapFormatException(file + ": 'labels' has shape " + Arrays.toString(labels.shape())
                    + ", expected (trials, 4) = (" + data.size(0) + ", 4): valence, arousal, dominance, liking");
        }
        finite(file, "data", data);
        finite(file, "labels", labels);
        eegRange(file, data);
    }

    /**
     * The largest EEG magnitude accepted in DEAP's preprocessed files, in microvolts: 10 mV. DEAP's EEG is band-passed
     * (4-45 Hz) and average-referenced, in the tens of microvolts; a value beyond 10 mV is a damaged or foreign file
     * (its features would overflow to NaN).
     */
    public static final double MAX_EEG_MICROVOLTS = 1e4;

    private static void eegRange(Path file, INDArray data) {
        DoubleBuffer b = data.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        long channels = data.size(1), samples = data.size(2);
        for (long t = 0; t < data.size(0); t++) {
            for (int c = 0; c < EEG_CHANNELS; c++) {
                int base = (int) ((t * channels + c) * samples);
                for (int j = 0; j < samples; j++) {
                    double v = b.get(base + j);
                    if (Math.abs(v) > MAX_EEG_MICROVOLTS) {
                        throw new DeapFormatException(file + ": EEG channel " + (c + 1) + " of trial " + (t + 1) + " holds "
                                + v + " uV at sample " + j + ", beyond +-" + (long) MAX_EEG_MICROVOLTS + " uV (10 mV); "
                                + "DEAP's preprocessed EEG is in the tens of microvolts");
                    }
                }
            }
        }
    }

    private static void finite(Path file, String name, INDArray a) {
        DoubleBuffer b = a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        int n = (int) a.length();
        for (int i = 0; i < n; i++) {
            double v = b.get(i);
            if (!Double.isFinite(v)) {
                long[] at = new long[a.rank()];
                long r = i;
                for (int d = a.rank() - 1; d >= 0; d--) {
                    at[d] = r % a.size(d);
                    r /= a.size(d);
                }
                throw new DeapFormatException(file + ": '" + name + "' holds " + v + " at " + Arrays.toString(at)
                        + "; expected finite values (NaN and infinity are not valid EEG or ratings)");
            }
        }
    }
}

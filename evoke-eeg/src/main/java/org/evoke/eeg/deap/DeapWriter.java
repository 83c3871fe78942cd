package org.evoke.eeg.deap;

import net.razorvine.pickle.Pickler;
import org.nd4j.linalg.api.ndarray.INDArray;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * Writes a subject in DEAP's two preprocessed formats, so that DEAP's own tools (and {@link DeapReader}) read it:
 * <ul>
 *   <li>{@link #writeDat}: the Python format, byte for byte in the style of Python 2's cPickle at protocol 2 (byte
 *       strings for keys and type codes, {@code numpy.core.multiarray._reconstruct} + BUILD for each array, as
 *       NumPy 1.x pickles an ndarray). Written with razorvine's {@link Pickler} and a custom
 *       {@link net.razorvine.pickle.IObjectPickler} for the arrays (see {@link NumpyPickle}); Python 3 + NumPy load
 *       it with {@code pickle.load(f, encoding='latin1')}, exactly like the real files.</li>
 *   <li>{@link #writeMat}: MATLAB v5 MAT-file, uncompressed (as {@code scipy.io.savemat} writes by default),
 *       variables {@code data} and {@code labels}, written with mfl-core. The 116-byte header text is fixed, not
 *       dated, so the same subject always gives the same bytes.</li>
 * </ul>
 * Both write to a temporary file in the target directory and rename it over the target: a crash never leaves a
 * half-written subject.
 */
public final class DeapWriter {
    /** The MAT header text after mfl-core's own "MATLAB 5.0 MAT-file" prefix (no date, so output is reproducible). */
    static final String MAT_DESCRIPTION = ", Platform: evoke, written by org.evoke.eeg.deap.DeapWriter";

    static {
        NumpyPickle.init();
    }

    private DeapWriter() {
    }

    /** Writes {@code subject} as a Python 2 style DEAP pickle ({@code sXX.dat}) at {@code file}. */
    public static Path writeDat(DeapSubject subject, Path file) {
        return atomically(file, tmp -> {
            Map<Object, Object> dict = new LinkedHashMap<>();
            dict.put(NumpyPickle.Py2Str.of("data"), new NumpyPickle.PyArray(subject.data()));
            dict.put(NumpyPickle.Py2Str.of("labels"), new NumpyPickle.PyArray(subject.labels()));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                new Pickler(false).dump(dict, out);
            }
        });
    }

    /** Writes {@code subject} as a MATLAB v5 DEAP file ({@code sXX.mat}) at {@code file}. */
    public static Path writeMat(DeapSubject subject, Path file) {
        return atomically(file, tmp -> {
            Mat5File mat = new Mat5File(MAT_DESCRIPTION) {
            };
            mat.addArray("data", toMatrix(subject.data()));
            mat.addArray("labels", toMatrix(subject.labels()));
            try (Sink sink = Sinks.newStreamingFile(tmp.toFile())) {
                Mat5.newWriter(sink).setDeflateLevel(Deflater.NO_COMPRESSION).writeMat(mat);
            }
            mat.close();
        });
    }

    /** A MATLAB matrix of the same shape: values copied from C order into MATLAB's column-major order. */
    static Matrix toMatrix(INDArray a) {
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        int rank = c.rank();
        int[] dims = new int[Math.max(2, rank)];
        for (int i = 0; i < rank; i++) {
            dims[i] = Math.toIntExact(c.size(i));
        }
        if (rank == 1) {
            dims[1] = 1;
        }
        Matrix m = Mat5.newMatrix(dims);
        DoubleBuffer src = c.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        if (dims.length == 3) {
            int d0 = dims[0], d1 = dims[1], d2 = dims[2];
            int p = 0;
            for (int i = 0; i < d0; i++) {
                for (int j = 0; j < d1; j++) {
                    int base = i + d0 * j;
                    int stride = d0 * d1;
                    for (int k = 0; k < d2; k++) {
                        m.setDouble(base + stride * k, src.get(p++));
                    }
                }
            }
        } else if (dims.length == 2) {
            int d0 = dims[0], d1 = dims[1];
            int p = 0;
            for (int i = 0; i < d0; i++) {
                for (int j = 0; j < d1; j++) {
                    m.setDouble(i + d0 * j, src.get(p++));
                }
            }
        } else {
            throw new IllegalArgumentException("only 1-, 2- and 3-D arrays are written to MAT-files, got rank " + rank);
        }
        return m;
    }

    interface Body {
        void write(Path tmp) throws IOException;
    }

    /** Runs {@code body} on a temporary file beside {@code file}, then renames it over {@code file}. */
    static Path atomically(Path file, Body body) {
        try {
            return org.evoke.tensor.io.AtomicFiles.write(file, body::write);
        } catch (java.io.UncheckedIOException e) {
            throw new DeapFormatException(file + ": cannot write: " + e.getCause().getMessage(), e);
        }
    }
}

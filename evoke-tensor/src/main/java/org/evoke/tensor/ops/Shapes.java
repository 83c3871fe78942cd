package org.evoke.tensor.ops;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Shape and content checks with one-line messages that say what was wrong and what was expected. */
public final class Shapes {
    /** In an expected shape, matches any size. */
    public static final long ANY = -1;

    private Shapes() {
    }

    /**
     * Requires {@code x} to have exactly the given dimensions ({@link #ANY} matches any size).
     *
     * @param what names the array in the message, e.g. "Conv2d conv1 input"
     */
    public static void require(INDArray x, String what, long... dims) {
        if (x == null) {
            throw new IllegalArgumentException(what + " is null; expected shape " + fmt(dims));
        }
        long[] s = x.shape();
        boolean ok = s.length == dims.length;
        for (int i = 0; ok && i < dims.length; i++) {
            ok = dims[i] == ANY || dims[i] == s[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(s) + "; expected " + fmt(dims));
        }
    }

    /** Requires the two arrays to have the same shape. */
    public static void requireSame(INDArray expectedShape, INDArray x, String what) {
        if (!Arrays.equals(expectedShape.shape(), x.shape())) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(x.shape()) + "; expected "
                    + Arrays.toString(expectedShape.shape()));
        }
    }

    /** Requires a floating-point array (FLOAT or DOUBLE), the two types every kernel supports. */
    public static void requireFloating(INDArray x, String what) {
        if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(what + " has data type " + x.dataType() + "; expected FLOAT or DOUBLE");
        }
    }

    /** Requires every element to be finite; names the first NaN or infinity. Costs one pass: use at API edges. */
    public static void requireFinite(INDArray x, String what) {
        if (Kernels.portable()) {
            double[] d = Nd4jKernels.values(x);
            for (int i = 0; i < d.length; i++) {
                if (!Double.isFinite(d[i])) {
                    throw new IllegalArgumentException(what + " holds " + d[i] + " at flat index " + i + "; expected finite values");
                }
            }
            return;
        }
        Vec v = Vec.of(Vec.isCompact(x) ? x : x.dup('c'), what);
        for (int i = 0; i < v.length; i++) {
            double d = v.get(i);
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(what + " holds " + d + " at flat index " + i + "; expected finite values");
            }
        }
    }

    /**
     * Requires every value of {@code x} to be finite and within [-bound, bound]; the first one outside is named by its
     * index and the range, with {@code range} saying what the range is ("the range of EEG features").
     */
    public static void requireWithin(INDArray x, double bound, String what, String range) {
        requireFinite(x, what);
        double[] d = Kernels.portable() ? Nd4jKernels.values(x) : null;
        Vec v = d == null ? Vec.of(Vec.isCompact(x) ? x : x.dup('c'), what) : null;
        long n = d != null ? d.length : v.length;
        for (long i = 0; i < n; i++) {
            double value = d != null ? d[(int) i] : v.get((int) i);
            if (Math.abs(value) > bound) {
                long[] shape = x.shape();
                long[] at = new long[shape.length];
                long rest = i;
                for (int k = shape.length - 1; k >= 0; k--) {
                    at[k] = shape[k] == 0 ? 0 : rest % shape[k];
                    rest = shape[k] == 0 ? 0 : rest / shape[k];
                }
                throw new IllegalArgumentException(what + " holds " + value + " at " + fmt(at) + ", beyond +-" + bound
                        + " (" + range + ")");
            }
        }
    }

    static String fmt(long[] dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i > 0 ? ", " : "").append(dims[i] == ANY ? "*" : Long.toString(dims[i]));
        }
        return sb.append(']').toString();
    }
}

package org.evoke.tensor;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Flat element access to a contiguous c-order ND4J array, without copying: a view of the array's native memory
 * through NIO. The Java kernels in this package loop over these; each call site sees at most two classes (float,
 * double), which the JIT inlines. Index {@code i} is the element's position in c order.
 */
abstract class Vec {
    final int length;

    Vec(int length) {
        this.length = length;
    }

    abstract double get(int i);

    abstract void set(int i, double v);

    static Vec of(INDArray a, String what) {
        if (!isCompact(a)) {
            throw new IllegalArgumentException(what + " must be a contiguous c-order array (no view with strides), got "
                    + a.shapeInfoToString().replace('\n', ' '));
        }
        if (a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " has " + a.length() + " elements, over the 2^31 these kernels support");
        }
        int off = (int) a.offset();
        int n = (int) a.length();
        if (a.dataType() == DataType.FLOAT) {
            return new F(a.data().asNioFloat(), off, n);
        } else if (a.dataType() == DataType.DOUBLE) {
            return new D(a.data().asNioDouble(), off, n);
        }
        throw new IllegalArgumentException(what + " must be FLOAT or DOUBLE, got " + a.dataType());
    }

    /** True when the array's elements are exactly {@code length} consecutive values in c order. */
    static boolean isCompact(INDArray a) {
        if (a.length() <= 1) {
            return true;
        }
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    static final class F extends Vec {
        private final FloatBuffer b;
        private final int off;

        F(FloatBuffer b, int off, int n) {
            super(n);
            this.b = b;
            this.off = off;
        }

        @Override
        double get(int i) {
            return b.get(off + i);
        }

        @Override
        void set(int i, double v) {
            b.put(off + i, (float) v);
        }
    }

    static final class D extends Vec {
        private final DoubleBuffer b;
        private final int off;

        D(DoubleBuffer b, int off, int n) {
            super(n);
            this.b = b;
            this.off = off;
        }

        @Override
        double get(int i) {
            return b.get(off + i);
        }

        @Override
        void set(int i, double v) {
            b.put(off + i, v);
        }
    }
}

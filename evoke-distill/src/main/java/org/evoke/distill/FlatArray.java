package org.evoke.distill;

import org.evoke.tensor.Kernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Row-major element access to a FLOAT or DOUBLE array through a java.nio view of its native buffer: no copy and no
 * per-element ND4J call. A view (a slice of a larger array) or an array that is not C-ordered is copied once with
 * {@code dup('c')}, because the nio view always starts at the start of the underlying buffer.
 *
 * <p>On the portable kernel path (a non-CPU backend, {@link Kernels#portable()}) the values are copied to the host
 * through ND4J instead, and a written array gets its values back in {@link #flush()}: a device array's memory is
 * not the host memory a nio view would show.
 */
final class FlatArray {
    private final FloatBuffer floats; // set when the array is FLOAT
    private final DoubleBuffer doubles; // set when the array is DOUBLE
    private final double[] host;      // the portable path's host copy
    private final INDArray target;    // the portable path's array to write back to, or null
    private final int length;

    private FlatArray(INDArray a, boolean write) {
        this.length = (int) a.length();
        if (Kernels.portable()) {
            this.host = a.castTo(DataType.DOUBLE).dup('c').reshape(new long[]{a.length()}).toDoubleVector();
            this.target = write ? a : null;
            this.floats = null;
            this.doubles = null;
            return;
        }
        this.host = null;
        this.target = null;
        if (a.dataType() == DataType.FLOAT) {
            this.floats = a.data().asNioFloat();
            this.doubles = null;
        } else {
            this.floats = null;
            this.doubles = a.data().asNioDouble();
        }
    }

    /** Read access; {@code what} names the argument in error messages. */
    static FlatArray read(INDArray a, String what) {
        checkType(a, what);
        return new FlatArray(isPlain(a) ? a : a.dup('c'), false);
    }

    /** Write access: the array itself must be plain (not a view, C order), since a copy would not be seen. */
    static FlatArray write(INDArray a, String what) {
        checkType(a, what);
        if (!isPlain(a)) {
            throw new IllegalArgumentException(what + ": expected a C-ordered array that is not a view, got "
                    + (a.isView() ? "a view" : "order '" + a.ordering() + "'"));
        }
        return new FlatArray(a, true);
    }

    /** Makes the writes visible in the array (only the portable path holds them back). */
    void flush() {
        if (target != null) {
            target.assign(Nd4j.createFromArray(host).reshape('c', target.shape()).castTo(target.dataType()));
        }
    }

    static boolean isPlain(INDArray a) {
        return !a.isView() && a.offset() == 0 && a.ordering() == 'c';
    }

    private static void checkType(INDArray a, String what) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(what + ": data type " + a.dataType() + ", expected FLOAT or DOUBLE");
        }
    }

    int length() {
        return length;
    }

    double get(int k) {
        return host != null ? host[k] : floats != null ? floats.get(k) : doubles.get(k);
    }

    void set(int k, double value) {
        if (host != null) {
            host[k] = value;
        } else if (floats != null) {
            floats.put(k, (float) value);
        } else {
            doubles.put(k, value);
        }
    }
}

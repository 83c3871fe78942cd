package org.evoke.distill;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Row-major element access to a FLOAT or DOUBLE array through a java.nio view of its native buffer: no copy and no
 * per-element ND4J call. A view (a slice of a larger array) or an array that is not C-ordered is copied once with
 * {@code dup('c')}, because the nio view always starts at the start of the underlying buffer.
 */
final class FlatArray {
    private final FloatBuffer floats; // set when the array is FLOAT
    private final DoubleBuffer doubles; // set when the array is DOUBLE
    private final int length;

    private FlatArray(INDArray a) {
        this.length = (int) a.length();
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
        return new FlatArray(isPlain(a) ? a : a.dup('c'));
    }

    /** Write access: the array itself must be plain (not a view, C order), since a copy would not be seen. */
    static FlatArray write(INDArray a, String what) {
        checkType(a, what);
        if (!isPlain(a)) {
            throw new IllegalArgumentException(what + ": expected a C-ordered array that is not a view, got "
                    + (a.isView() ? "a view" : "order '" + a.ordering() + "'"));
        }
        return new FlatArray(a);
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
        return floats != null ? floats.get(k) : doubles.get(k);
    }

    void set(int k, double value) {
        if (floats != null) {
            floats.put(k, (float) value);
        } else {
            doubles.put(k, value);
        }
    }
}

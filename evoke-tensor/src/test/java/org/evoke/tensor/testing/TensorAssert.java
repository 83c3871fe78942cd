package org.evoke.tensor.testing;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares a computed tensor with a reference the way docs/design.md, section 5 asks: the relative error
 * ||actual - expected|| / ||expected|| (Frobenius norms, in double) must be within {@code tol}; on failure the
 * message names the worst element, its index, and both values (llm.c's check_tensor).
 */
public final class TensorAssert {
    /** The default tolerance for float32 results against PyTorch's float64-computed references. */
    public static final double FLOAT_TOL = 1e-4;

    private TensorAssert() {
    }

    public static double relativeError(INDArray expected, INDArray actual) {
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double num = 0, den = 0;
        for (int i = 0; i < e.length; i++) {
            double d = a[i] - e[i];
            num += d * d;
            den += e[i] * e[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    /** Asserts shape equality and relative error at most {@code tol}. */
    public static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail(what + ": shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape()));
        }
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int worst = -1;
        double worstDiff = -1;
        boolean nan = false;
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(a[i] - e[i]);
            if (Double.isNaN(a[i]) != Double.isNaN(e[i])) {
                nan = true;
                d = Double.POSITIVE_INFINITY;
            }
            if (d > worstDiff) {
                worstDiff = d;
                worst = i;
            }
        }
        double rel = relativeError(expected, actual);
        if (nan || !(rel <= tol)) {
            fail(String.format("%s: relative error %.3e > %.1e; worst element %s: got %.9g, expected %.9g (|diff| %.3e)",
                    what, rel, tol, index(expected.shape(), worst), a[worst], e[worst], worstDiff));
        }
    }

    public static void assertClose(String what, INDArray expected, INDArray actual) {
        assertClose(what, expected, actual, FLOAT_TOL);
    }

    /** Asserts two scalars agree to relative tolerance {@code tol}. */
    public static void assertClose(String what, double expected, double actual, double tol) {
        double rel = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-30);
        if (!(rel <= tol)) {
            fail(String.format("%s: got %.12g, expected %.12g (relative error %.3e > %.1e)", what, actual, expected, rel, tol));
        }
    }

    static String index(long[] shape, int flat) {
        long[] idx = new long[shape.length];
        long rem = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = rem % shape[d];
            rem /= shape[d];
        }
        return Arrays.toString(idx);
    }
}

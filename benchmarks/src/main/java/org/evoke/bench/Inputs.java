package org.evoke.bench;

import org.evoke.tensor.blas.BlasCore;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/** Seeded benchmark inputs, the same values for every engine. */
public final class Inputs {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    /** Per-sample input shape (bands, rows, columns). */
    public static final long[] SAMPLE = {4, 9, 9};
    public static final int LABELS = 3;

    private Inputs() {
    }

    /** x (n, 4, 9, 9) uniform in [-1, 1), flattened in c order. */
    public static float[] x(int n, long seed) {
        return x(SAMPLE, n, seed);
    }

    /** x (n, ...sample) uniform in [-1, 1), flattened in c order: the transformers' inputs (raw windows, images). */
    public static float[] x(long[] sample, int n, long seed) {
        long per = 1;
        for (long d : sample) {
            per *= d;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[(int) (n * per)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return v;
    }

    /** Hard labels (n, 3) in {0, 1}. */
    public static float[] labels(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        float[] v = new float[n * LABELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextBoolean() ? 1f : 0f;
        }
        return v;
    }

    public static long[] shape(int n) {
        return new long[]{n, SAMPLE[0], SAMPLE[1], SAMPLE[2]};
    }

    /** x as an ND4J array (n, 4, 9, 9). */
    public static INDArray xArray(int n, long seed) {
        return Nd4j.create(x(n, seed), shape(n), 'c');
    }

    /** (n, ...sample). */
    public static long[] shape(long[] sample, int n) {
        long[] s = new long[sample.length + 1];
        s[0] = n;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }

    /** x (n, ...sample) as an ND4J array. */
    public static INDArray xArray(long[] sample, int n, long seed) {
        return Nd4j.create(x(sample, n, seed), shape(sample, n), 'c');
    }

    /** Labels as an ND4J array (n, 3). */
    public static INDArray labelArray(int n, long seed) {
        return Nd4j.create(labels(n, seed), new long[]{n, LABELS}, 'c');
    }
}

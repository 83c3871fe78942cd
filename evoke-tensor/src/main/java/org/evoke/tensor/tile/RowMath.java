package org.evoke.tensor.tile;

/**
 * The elementwise float math of the transformer's row operations (softmax's exponentials, the exact GELU and its
 * derivative) over runs of a heap float array: {@link ScalarRowMath}, the reference, and the Vector API twin in
 * {@code org.evoke.tensor.tile.simd.VectorRowMath}, which {@link org.evoke.tensor.Kernels#rowMath()} hands out on
 * the Vector API path. Both evaluate each element with the same float operations in the same order (fused
 * multiply-adds where written), so they agree bit for bit, at every vector width.
 *
 * <pre>
 * exp(x)      Cephes' expf: n = floor(x log2 e + 1/2), r = x - n ln 2 (in two parts), e^r by a degree-7 polynomial,
 *             times 2^n built in the exponent bits; x clamped to [-87.3, 88] first. Relative error below 2.5e-7.
 * erf(z)      Abramowitz and Stegun 7.1.26: 1 - t P(t) e^(-z^2), t = 1 / (1 + 0.3275911 |z|), odd in z;
 *             absolute error below 1.5e-7 (their bound) plus float rounding.
 * GELU(x)     x (1 + erf(x / sqrt 2)) / 2
 * GELU'(x)    (1 + erf(x / sqrt 2)) / 2 + x e^(-x^2 / 2) / sqrt(2 pi)
 * </pre>
 */
public interface RowMath {
    /**
     * x[off + i] = exp((x[off + i] - shift) * scale) for i &lt; n, and returns their sum, always in the same order
     * (so that every width gives the same sum): 16 running float sums, element i into sum i mod 16 in index order,
     * then folded in halves, k with k + 8, then k + 4, k + 2 and k + 1 ({@link #SUM_LANES}). {@code lanes} is the
     * caller's scratch of at least 16 floats (one per thread), so that no call allocates.
     */
    float expSum(float[] x, int off, int n, float shift, float scale, float[] lanes);

    /** The number of running sums of {@link #expSum}: the lanes of the widest float vector we run (512-bit). */
    int SUM_LANES = 16;

    /** The largest of x[off .. off + n); -infinity for n = 0; NaN if any is NaN. */
    float max(float[] x, int off, int n);

    /** x[off + i] *= s for i &lt; n. */
    void scale(float[] x, int off, int n, float s);

    /** x[off + i] = GELU(x[off + i]) for i &lt; n. */
    void gelu(float[] x, int off, int n);

    /** g[gOff + i] *= GELU'(x[xOff + i]) for i &lt; n: the backward from the GELU's input x. */
    void geluBackward(float[] x, int xOff, float[] g, int gOff, int n);

    /**
     * x[off + i] = x[off + i] + b[bOff + i], then with {@code relu} max(., 0) as
     * {@code org.evoke.tensor.ops.Activations#relu} (the sign bit cleared to zero): the bias epilogue of a linear
     * layer's tile, for i &lt; n.
     */
    void addBias(float[] x, int off, float[] b, int bOff, int n, boolean relu);

    /**
     * The sum of x[off .. off + n), or with {@code squares} the sum of (x[i] - mu)^2, in float and in the order of
     * {@link #expSum} (16 running sums folded in halves), so that every width gives the same bits.
     */
    float sum(float[] x, int off, int n, float mu, boolean squares, float[] lanes);

    /**
     * y[yOff + i] = (x[off + i] - mu) * inv * g[i] + b[i] for i &lt; n, in that order of float operations (no fused
     * multiply-add): layer normalisation's output.
     */
    void normalize(float[] x, int off, int n, float mu, float inv, float[] g, float[] b, float[] y, int yOff);

    /** A short description for logs. */
    String describe();

    /**
     * Softmax of the row x[off .. off + n) in place, with the scores scaled first: y = softmax(scale x), computed
     * as the exponentials of (x - max) scale ({@link #expSum}, scale &gt; 0) times the reciprocal of their sum.
     */
    default void softmax(float[] x, int off, int n, float scale, float[] lanes) {
        float m = max(x, off, n);
        float s = expSum(x, off, n, m, scale, lanes);
        scale(x, off, n, 1f / s);
    }

    /** {@link #softmax(float[], int, int, float, float[])} with scratch of its own (allocates: tests, one-off calls). */
    default void softmax(float[] x, int off, int n, float scale) {
        softmax(x, off, n, scale, new float[SUM_LANES]);
    }

    /** {@link #softmax(float[], int, int, float)} with scale 1. */
    default void softmax(float[] x, int off, int n) {
        softmax(x, off, n, 1f);
    }
}

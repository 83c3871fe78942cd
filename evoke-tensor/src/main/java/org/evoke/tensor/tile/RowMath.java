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
    /** x[off + i] = exp(x[off + i] - shift) for i &lt; n. */
    void exp(float[] x, int off, int n, float shift);

    /** The largest of x[off .. off + n); -infinity for n = 0; NaN if any is NaN. */
    float max(float[] x, int off, int n);

    /** x[off + i] *= s for i &lt; n. */
    void scale(float[] x, int off, int n, float s);

    /** x[off + i] = GELU(x[off + i]) for i &lt; n. */
    void gelu(float[] x, int off, int n);

    /** g[gOff + i] *= GELU'(x[xOff + i]) for i &lt; n: the backward from the GELU's input x. */
    void geluBackward(float[] x, int xOff, float[] g, int gOff, int n);

    /** A short description for logs. */
    String describe();

    /**
     * Softmax of the row x[off .. off + n) in place: the exponentials of x - max, their sum in double in index order
     * (so every implementation gives the same sum), then a multiplication by its reciprocal.
     */
    default void softmax(float[] x, int off, int n) {
        float m = max(x, off, n);
        exp(x, off, n, m);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        scale(x, off, n, (float) (1 / s));
    }
}

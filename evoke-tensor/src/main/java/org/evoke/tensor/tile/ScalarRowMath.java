package org.evoke.tensor.tile;

/**
 * {@link RowMath} in plain float arithmetic, one element at a time: the reference the Vector API version is held
 * to bit for bit, and the path of runtimes without the Vector API. The constants and the order of operations are
 * shared with {@code org.evoke.tensor.tile.simd.VectorRowMath} through the public fields here.
 */
public final class ScalarRowMath implements RowMath {
    public static final ScalarRowMath INSTANCE = new ScalarRowMath();

    /** exp's argument range: below LO the result is 2^-126 (softmax and GELU only meet x &lt;= 0), above HI e^88. */
    public static final float EXP_LO = -87.3365f, EXP_HI = 88f;
    public static final float LOG2E = 1.44269504088896341f;
    /** ln 2 = C1 + C2, C1 exact in few bits, so that n C1 is exact. */
    public static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Cephes expf's polynomial, highest degree first. */
    public static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
            P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;
    /** Abramowitz and Stegun 7.1.26. */
    public static final float ERF_P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f,
            A4 = -1.453152027f, A5 = 1.061405429f;
    public static final float SQRT1_2 = 0.70710678118654752f, INV_SQRT_2PI = 0.39894228040143268f;

    private ScalarRowMath() {
    }

    /** e^x as every {@link RowMath} computes it. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float fx = Math.fma(x, LOG2E, 0.5f);
        float t = (float) (int) fx;
        if (t > fx) {
            t = t - 1f; // floor
        }
        int n = (int) t;
        float r = Math.fma(t, -LN2_HI, x);
        r = Math.fma(t, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float z = r * r;
        float y = Math.fma(p, z, r) + 1f;
        return y * Float.intBitsToFloat((n + 127) << 23);
    }

    /** erf(x / sqrt 2) for the GELU, given v = x / sqrt 2. */
    static float erf(float v) {
        float a = Math.abs(v);
        float t = 1f / Math.fma(a, ERF_P, 1f);
        float q = Math.fma(A5, t, A4);
        q = Math.fma(q, t, A3);
        q = Math.fma(q, t, A2);
        q = Math.fma(q, t, A1);
        float poly = q * t;
        float e = 1f - poly * exp(-(a * a));
        return v < 0 ? -e : e;
    }

    /** GELU(x). */
    public static float gelu(float x) {
        return x * 0.5f * (erf(x * SQRT1_2) + 1f);
    }

    /** GELU'(x). */
    public static float geluGrad(float x) {
        float cdf = 0.5f * (erf(x * SQRT1_2) + 1f);
        float pdf = INV_SQRT_2PI * exp(-0.5f * (x * x));
        return Math.fma(x, pdf, cdf);
    }

    @Override
    public void addBias(float[] x, int off, float[] b, int bOff, int n, boolean relu) {
        for (int i = 0; i < n; i++) {
            float z = x[off + i] + b[bOff + i];
            x[off + i] = relu ? org.evoke.tensor.ops.Activations.relu(z) : z;
        }
    }

    @Override
    public float expSum(float[] x, int off, int n, float shift, float scale, float[] lanes) {
        for (int i = off; i < off + n; i++) {
            x[i] = exp((x[i] - shift) * scale);
        }
        return sum(x, off, n, 0f, false, lanes);
    }

    @Override
    public float sum(float[] x, int off, int n, float mu, boolean squares, float[] lanes) {
        java.util.Arrays.fill(lanes, 0, SUM_LANES, 0f);
        for (int i = 0; i < n; i++) { // running sum i mod 16, in index order
            float c = x[off + i] - mu;
            lanes[i % SUM_LANES] += squares ? c * c : x[off + i];
        }
        return fold(lanes);
    }

    /**
     * The 16 running sums folded in halves, lane k with lane k + 8, then k + 4, k + 2 and k + 1: the order in which a
     * 16-lane vector would fold (v + v.slice(8), then 4, 2, 1), written out.
     */
    public static float fold(float[] p) {
        float a0 = p[0] + p[8], a1 = p[1] + p[9], a2 = p[2] + p[10], a3 = p[3] + p[11];
        float a4 = p[4] + p[12], a5 = p[5] + p[13], a6 = p[6] + p[14], a7 = p[7] + p[15];
        float b0 = a0 + a4, b1 = a1 + a5, b2 = a2 + a6, b3 = a3 + a7;
        return (b0 + b2) + (b1 + b3);
    }

    @Override
    public void normalize(float[] x, int off, int n, float mu, float inv, float[] g, float[] b, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (x[off + i] - mu) * inv * g[i] + b[i];
        }
    }


    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = off; i < off + n; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    @Override
    public void scale(float[] x, int off, int n, float s) {
        for (int i = off; i < off + n; i++) {
            x[i] *= s;
        }
    }

    @Override
    public void gelu(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) {
            x[i] = gelu(x[i]);
        }
    }

    @Override
    public void geluBackward(float[] x, int xOff, float[] g, int gOff, int n) {
        for (int i = 0; i < n; i++) {
            g[gOff + i] *= geluGrad(x[xOff + i]);
        }
    }

    @Override
    public String describe() {
        return "scalar";
    }
}

package org.evoke.tensor.tile;

import org.apache.commons.math3.special.Erf;
import org.evoke.tensor.Kernels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float row math against exact double references (Math.exp, commons-math's erf) and the Vector API version
 * against the scalar one, bit for bit, on runs of every length around the vector widths.
 */
class RowMathTest {
    @Test
    void expIsWithinItsBoundOverTheWholeRange() {
        double worst = 0;
        for (float x = -87f; x <= 88f; x += 0.001f) {
            double want = Math.exp(x);
            worst = Math.max(worst, Math.abs(ScalarRowMath.exp(x) - want) / want);
        }
        assertTrue(worst < 2.5e-7, "max relative error of exp " + worst);
        assertEquals(1f, ScalarRowMath.exp(0f));
        assertEquals(ScalarRowMath.exp(ScalarRowMath.EXP_LO), ScalarRowMath.exp(-1000f), "clamped below");
        assertTrue(ScalarRowMath.exp(-1000f) < 1.2e-38f);
        assertTrue(Float.isNaN(ScalarRowMath.exp(Float.NaN)));
    }

    @Test
    void geluAndItsDerivativeFollowTheExactErf() {
        double worst = 0, worstGrad = 0;
        for (float x = -10f; x <= 10f; x += 0.0007f) {
            double cdf = 0.5 * (1 + Erf.erf(x / Math.sqrt(2))), pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            worst = Math.max(worst, Math.abs(ScalarRowMath.gelu(x) - x * cdf) / Math.max(1, Math.abs(x)));
            worstGrad = Math.max(worstGrad, Math.abs(ScalarRowMath.geluGrad(x) - (cdf + x * pdf)) / Math.max(1, Math.abs(x)));
        }
        assertTrue(worst < 4e-7, "GELU: max error " + worst);
        assertTrue(worstGrad < 6e-7, "GELU': max error " + worstGrad);
    }

    @Test
    void softmaxMatchesDouble() {
        float[] x = new float[197];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 20 - 10);
        }
        for (float scale : new float[] {1f, 0.125f, 3f}) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float v : x) {
                max = Math.max(max, v);
            }
            for (float v : x) {
                sum += Math.exp(scale * (v - max));
            }
            float[] y = x.clone();
            ScalarRowMath.INSTANCE.softmax(y, 0, y.length, scale);
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                double want = Math.exp(scale * (x[i] - max)) / sum;
                assertEquals(want, y[i], 8e-7 * want + 1e-12, "element " + i + ", scale " + scale);
                total += y[i];
            }
            assertEquals(1, total, 2e-6, "sum, scale " + scale);
        }
    }

    @Test
    void vectorMathEqualsScalarMathBitForBit() {
        RowMath v = Kernels.rowMath();
        if (!Kernels.vector()) {
            assertEquals("scalar", v.describe());
            return;
        }
        SplittableRandom rng = new SplittableRandom(5);
        for (int n = 0; n <= 70; n++) {
            for (int off : new int[] {0, 3}) {
                float[] x = new float[off + n + 1];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (rng.nextDouble() * 24 - 12);
                }
                if (n > 5) {
                    x[off + 1] = -0f;
                    x[off + 2] = 1e-30f;
                    x[off + 3] = -200f;
                    x[off + 4] = 95f;
                }
                float[] a = x.clone(), b = x.clone();
                ScalarRowMath.INSTANCE.gelu(a, off, n);
                v.gelu(b, off, n);
                assertArrayEquals(a, b, "gelu, n = " + n);
                a = x.clone();
                b = x.clone();
                ScalarRowMath.INSTANCE.softmax(a, off, n);
                v.softmax(b, off, n);
                assertArrayEquals(a, b, "softmax, n = " + n);
                a = x.clone();
                b = x.clone();
                ScalarRowMath.INSTANCE.softmax(a, off, n, 0.125f);
                v.softmax(b, off, n, 0.125f);
                assertArrayEquals(a, b, "softmax scaled by 1/8, n = " + n);
                a = x.clone();
                b = x.clone();
                float sa = ScalarRowMath.INSTANCE.expSum(a, off, n, 1.5f, 0.3f, new float[16]),
                        sb = v.expSum(b, off, n, 1.5f, 0.3f, new float[16]);
                assertEquals(Float.floatToRawIntBits(sa), Float.floatToRawIntBits(sb), "expSum's sum, n = " + n);
                assertArrayEquals(a, b, "expSum, n = " + n);
                assertEquals(x[off + n], b[off + n], "expSum wrote past the row, n = " + n);
                for (boolean squares : new boolean[] {false, true}) {
                    assertEquals(Float.floatToRawIntBits(ScalarRowMath.INSTANCE.sum(x, off, n, 0.7f, squares, new float[16])),
                            Float.floatToRawIntBits(v.sum(x, off, n, 0.7f, squares, new float[16])), "sum, squares " + squares + ", n = " + n);
                }
                float[] gam = new float[n], bet = new float[n], y1 = new float[n + 1], y2 = new float[n + 1];
                for (int i = 0; i < n; i++) {
                    gam[i] = 0.5f + i * 0.01f;
                    bet[i] = i * 0.1f - 1;
                }
                ScalarRowMath.INSTANCE.normalize(x, off, n, 0.3f, 1.7f, gam, bet, y1, 1);
                v.normalize(x, off, n, 0.3f, 1.7f, gam, bet, y2, 1);
                assertArrayEquals(y1, y2, "normalize, n = " + n);
                float[] g1 = new float[n + 2], g2 = new float[n + 2];
                java.util.Arrays.fill(g1, 1.5f);
                java.util.Arrays.fill(g2, 1.5f);
                ScalarRowMath.INSTANCE.geluBackward(x, off, g1, 1, n);
                v.geluBackward(x, off, g2, 1, n);
                assertArrayEquals(g1, g2, "gelu backward, n = " + n);
                assertEquals(ScalarRowMath.INSTANCE.max(x, off, n), v.max(x, off, n), "max, n = " + n);
            }
        }
    }
}

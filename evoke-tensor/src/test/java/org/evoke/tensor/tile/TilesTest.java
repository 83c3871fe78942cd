package org.evoke.tensor.tile;

import org.evoke.tensor.Kernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Vector API tiles of every width (512, 256 and 128 bits, whatever width this JVM runs) against the scalar
 * reference, bit for bit (all sum with fused multiply-adds in the same order), on tables with gaps and repeats,
 * several reduction lengths, offsets and leading dimensions.
 */
class TilesTest {
    @ParameterizedTest(name = "{0}-bit")
    @ValueSource(ints = {512, 256, 128})
    void vectorTilesEqualTheScalarReferenceBitForBit(int bits) {
        Assumptions.assumeTrue(Kernels.vector(), "the Vector API kernels are not in use on this runtime: " + Kernels.describe());
        Assumptions.assumeTrue(bits <= Kernels.preferredBits(), "emulated here: the JIT's vectors are " + Kernels.preferredBits() + "-bit");
        Tiles v = Kernels.vectorTiles(bits), s = ScalarTiles.INSTANCE;
        SplittableRandom rnd = new SplittableRandom(3);
        for (int len : new int[]{1, 7, 64, 300}) {
            float[] a = new float[4000], b = new float[len * 96 + 80];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rnd.nextDouble() - 0.5);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (rnd.nextDouble() - 0.5);
            }
            int[] rows = new int[14], ks = new int[len + 2];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = rnd.nextInt(3000 - len);
            }
            for (int k = 0; k < ks.length; k++) {
                ks[k] = rnd.nextInt(900);
            }
            float[] want = new float[14 * 100], got = new float[14 * 100];
            s.tile6x64(a, rows, 1, ks, 2, len, b, 16, 96, want, 3, 70);
            v.tile6x64(a, rows, 1, ks, 2, len, b, 16, 96, got, 3, 70);
            assertArrayEquals(want, got, "6x64, len " + len);
            s.tile12x16(a, rows, 2, ks, 1, len, b, 48, 96, want, 5, 20);
            v.tile12x16(a, rows, 2, ks, 1, len, b, 48, 96, got, 5, 20);
            assertArrayEquals(want, got, "12x16, len " + len);
            s.tile1x64(a, rows[4], ks, 0, len, b, 32, 96, want, 7);
            v.tile1x64(a, rows[4], ks, 0, len, b, 32, 96, got, 7);
            assertArrayEquals(want, got, "1x64, len " + len);
            s.tile1x16(a, rows[9], ks, 2, len, b, 80, 96, want, 9);
            v.tile1x16(a, rows[9], ks, 2, len, b, 80, 96, got, 9);
            assertArrayEquals(want, got, "1x16, len " + len);
        }
    }

    @ParameterizedTest(name = "{0}-bit")
    @ValueSource(ints = {512, 256, 128})
    void vectorWinogradEqualsTheScalarReferenceBitForBit(int bits) {
        Assumptions.assumeTrue(Kernels.vector(), "the Vector API kernels are not in use on this runtime: " + Kernels.describe());
        Assumptions.assumeTrue(bits <= Kernels.preferredBits(), "emulated here: the JIT's vectors are " + Kernels.preferredBits() + "-bit");
        WinogradTransforms v = Kernels.vectorWinograd(bits), s = ScalarWinograd.INSTANCE;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = new float[2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        float[] a = new float[40 * 48], b = new float[40 * 48], ya = new float[9 * 16 + 3], yb = new float[9 * 16 + 3];
        float[] scratch = new float[36 * 16];
        s.input(x, 7, 300, 32, a, 5, 48, scratch);
        v.input(x, 7, 300, 32, b, 5, 48, scratch);
        assertArrayEquals(a, b, "input transform");
        s.output(x, 11, 40, ya, 3, scratch);
        v.output(x, 11, 40, yb, 3, scratch);
        assertArrayEquals(ya, yb, "output transform");
    }

    /** A^T [(G g) . (B^T d)] is the correlation of d with g: checked in 1-D through the 2-D transforms' rows. */
    @Test
    void winogradTransformsComputeTheCorrelation() {
        // d varies along the rows only, g is the identity in j: the 2-D algorithm then reduces to the 1-D one.
        SplittableRandom rnd = new SplittableRandom(9);
        float[] d = new float[36 * 16];
        double[][] dd = new double[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                dd[i][j] = rnd.nextDouble() - 0.5;
                for (int c = 0; c < 16; c++) {
                    d[(i * 6 + j) * 16 + c] = (float) dd[i][j];
                }
            }
        }
        double[][] gw = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                gw[i][j] = rnd.nextDouble() - 0.5;
            }
        }
        // U = G g G^T, in double, as WinogradConv packs it
        double[][] gm = {{0.25, 0, 0, 0}, {-1 / 6.0, -1 / 6.0, -1 / 6.0, -1 / 6.0}, {-1 / 6.0, 1 / 6.0, -1 / 6.0, 1 / 6.0},
                {1 / 24.0, 1 / 12.0, 1 / 6.0, 1 / 3.0}, {1 / 24.0, -1 / 12.0, 1 / 6.0, -1 / 3.0}, {0, 0, 0, 1}};
        float[] v = new float[36 * 16];
        float[] scratch = new float[36 * 16];
        ScalarWinograd.INSTANCE.input(d, 0, 6 * 16, 16, v, 0, 16, scratch);
        float[] m = new float[36 * 16];
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                double u = 0;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        u += gm[a][i] * gw[i][j] * gm[b][j];
                    }
                }
                for (int c = 0; c < 16; c++) {
                    m[(a * 6 + b) * 16 + c] = (float) (u * v[(a * 6 + b) * 16 + c]);
                }
            }
        }
        float[] y = new float[9 * 16];
        ScalarWinograd.INSTANCE.output(m, 0, 16, y, 0, scratch);
        for (int p = 0; p < 3; p++) {
            for (int q = 0; q < 3; q++) {
                double want = 0;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        want += dd[p + i][q + j] * gw[i][j];
                    }
                }
                assertEquals(want, y[(p * 3 + q) * 16 + 7], 1e-5, "output (" + p + ", " + q + ")");
            }
        }
    }

    /** The row store (bias, ReLU) agrees with the scalar reference on vector-sized blocks and tails, -0 included. */
    @Test
    void vectorBiasStoreEqualsTheScalarOne() {
        Assumptions.assumeTrue(Kernels.vector(), "the Vector API kernels are not in use on this runtime: " + Kernels.describe());
        SplittableRandom rnd = new SplittableRandom(7);
        float[] src = new float[100], bias = new float[100];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) (rnd.nextDouble() - 0.5);
            bias[i] = (float) (rnd.nextDouble() - 0.5);
        }
        src[3] = -0f;
        bias[3] = -0f;
        for (boolean relu : new boolean[]{false, true}) {
            for (int n : new int[]{1, 16, 37, 64}) {
                float[] want = new float[120], got = new float[120];
                ScalarTiles.INSTANCE.biasStore(src, 2, bias, 1, want, 5, n, relu);
                Kernels.tiles().biasStore(src, 2, bias, 1, got, 5, n, relu);
                for (int i = 0; i < want.length; i++) { // equal values; a ReLU of -0 may be +0 or -0
                    assertEquals(want[i], got[i], 0f, "n " + n + " relu " + relu + " at " + i);
                }
            }
        }
    }

    @Test
    void theScalarTileIsTheDefinition() {
        float[] a = {1, 2, 3, 4, 5, 6, 7}, b = new float[3 * 64];
        for (int i = 0; i < b.length; i++) {
            b[i] = i;
        }
        int[] rows = {0, 1, 2, 3, 4, 4}, ks = {0, 2, 1};
        float[] c = new float[6 * 64];
        ScalarTiles.INSTANCE.tile6x64(a, rows, 0, ks, 0, 3, b, 0, 64, c, 0, 64);
        // row 1, column 5: a[1+0]*b[0*64+5] + a[1+2]*b[1*64+5] + a[1+1]*b[2*64+5] = 2*5 + 4*69 + 3*133
        assertEquals(2 * 5 + 4 * 69 + 3 * 133, c[64 + 5]);
    }
}

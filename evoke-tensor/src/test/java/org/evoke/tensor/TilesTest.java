package org.evoke.tensor;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Vector API tiles against the scalar reference, bit for bit (both sum with fused multiply-adds in the same
 * order), on tables with gaps and repeats, several reduction lengths, offsets and leading dimensions.
 */
class TilesTest {
    @Test
    void vectorTilesEqualTheScalarReferenceBitForBit() {
        Assumptions.assumeTrue(Kernels.vector(), "the Vector API kernels are not in use on this runtime: " + Kernels.describe());
        Tiles v = Kernels.tiles(), s = ScalarTiles.INSTANCE;
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

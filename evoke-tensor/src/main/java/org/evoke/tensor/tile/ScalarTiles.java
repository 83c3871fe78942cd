package org.evoke.tensor.tile;

import org.evoke.tensor.ops.Activations;
/**
 * The reference {@link Tiles}: the definition, element by element, summed in float in the same order as the
 * vector kernels (k ascending), so that the two agree to rounding. Tests sweep the Vector API kernels against
 * it; it is also what the fast layers compute with when a test asks for them on a runtime without the Vector
 * API.
 */
public final class ScalarTiles implements Tiles {
    public static final ScalarTiles INSTANCE = new ScalarTiles();

    private ScalarTiles() {
    }

    private static void tile(int rows, int cols, float[] a, int[] rowOff, int r0, int[] kOff, int k0, int len,
                             float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            int ar = rowOff[r0 + r];
            for (int j = 0; j < cols; j++) {
                float s = 0;
                for (int k = 0; k < len; k++) {
                    s = Math.fma(a[ar + kOff[k0 + k]], b[bOff + k * ldb + j], s);
                }
                c[cOff + r * ldc + j] = s;
            }
        }
    }

    @Override
    public void tile6x64(float[] a, int[] rowOff, int r0, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc) {
        tile(WIDE_ROWS, WIDE, a, rowOff, r0, kOff, k0, len, b, bOff, ldb, c, cOff, ldc);
    }

    @Override
    public void tile12x16(float[] a, int[] rowOff, int r0, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc) {
        tile(NARROW_ROWS, NARROW, a, rowOff, r0, kOff, k0, len, b, bOff, ldb, c, cOff, ldc);
    }

    @Override
    public void tile1x64(float[] a, int rowOff, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                         float[] c, int cOff) {
        tile(1, WIDE, a, new int[]{rowOff}, 0, kOff, k0, len, b, bOff, ldb, c, cOff, WIDE);
    }

    @Override
    public void tile1x16(float[] a, int rowOff, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                         float[] c, int cOff) {
        tile(1, NARROW, a, new int[]{rowOff}, 0, kOff, k0, len, b, bOff, ldb, c, cOff, NARROW);
    }

    @Override
    public void biasStore(float[] src, int sOff, float[] bias, int bOff, float[] dst, int dOff, int n, boolean relu) {
        for (int j = 0; j < n; j++) {
            float z = src[sOff + j] + bias[bOff + j];
            dst[dOff + j] = relu ? Activations.relu(z) : z;
        }
    }

    @Override
    public String describe() {
        return "scalar reference tiles";
    }
}

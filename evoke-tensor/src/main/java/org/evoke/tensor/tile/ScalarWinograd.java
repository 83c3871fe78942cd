package org.evoke.tensor.tile;

/**
 * The reference {@link WinogradTransforms}: the matrix products written out, per channel, in float, in the same
 * order of operations as the Vector API version (so the two agree bit for bit).
 */
public final class ScalarWinograd implements WinogradTransforms {
    public static final ScalarWinograd INSTANCE = new ScalarWinograd();

    private ScalarWinograd() {
    }

    @Override
    public void input(float[] x, int xOff, int rowStride, int colStride, float[] v, int vOff, int ldv, float[] scratch) {
        float[] t = scratch;
        for (int c = 0; c < 16; c++) {
            for (int j = 0; j < 6; j++) { // t[.][j] = B^T d[.][j]
                int at = xOff + j * colStride + c;
                float d0 = x[at], d1 = x[at + rowStride], d2 = x[at + 2 * rowStride], d3 = x[at + 3 * rowStride],
                        d4 = x[at + 4 * rowStride], d5 = x[at + 5 * rowStride];
                float[] r = bt(d0, d1, d2, d3, d4, d5);
                for (int i = 0; i < 6; i++) {
                    t[i * 6 + j] = r[i];
                }
            }
            for (int i = 0; i < 6; i++) { // V[i][.] = B^T t[i][.]
                float[] r = bt(t[i * 6], t[i * 6 + 1], t[i * 6 + 2], t[i * 6 + 3], t[i * 6 + 4], t[i * 6 + 5]);
                for (int j = 0; j < 6; j++) {
                    v[vOff + (i * 6 + j) * ldv + c] = r[j];
                }
            }
        }
    }

    /** B^T applied to one column of six. */
    static float[] bt(float d0, float d1, float d2, float d3, float d4, float d5) {
        return new float[]{
                Math.fma(4f, d0, Math.fma(-5f, d2, d4)),
                Math.fma(-4f, d1 + d2, d3 + d4),
                Math.fma(4f, d1 - d2, d4 - d3),
                Math.fma(2f, d3 - d1, d4 - d2),
                Math.fma(2f, d1 - d3, d4 - d2),
                Math.fma(4f, d1, Math.fma(-5f, d3, d5))};
    }

    @Override
    public void output(float[] m, int mOff, int ldm, float[] y, int yOff, float[] scratch) {
        float[] t = scratch;
        for (int c = 0; c < 16; c++) {
            for (int j = 0; j < 6; j++) { // t[.][j] = A^T M[.][j]
                float[] r = at(m[mOff + j * ldm + c], m[mOff + (6 + j) * ldm + c], m[mOff + (12 + j) * ldm + c],
                        m[mOff + (18 + j) * ldm + c], m[mOff + (24 + j) * ldm + c], m[mOff + (30 + j) * ldm + c]);
                t[j] = r[0];
                t[6 + j] = r[1];
                t[12 + j] = r[2];
            }
            for (int i = 0; i < 3; i++) { // Y[i][.] = A^T t[i][.]
                float[] r = at(t[i * 6], t[i * 6 + 1], t[i * 6 + 2], t[i * 6 + 3], t[i * 6 + 4], t[i * 6 + 5]);
                for (int j = 0; j < 3; j++) {
                    y[yOff + (i * 3 + j) * 16 + c] = r[j];
                }
            }
        }
    }

    /** A^T applied to one column of six. */
    static float[] at(float m0, float m1, float m2, float m3, float m4, float m5) {
        float s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4;
        return new float[]{m0 + s12 + s34, Math.fma(2f, d34, d12), Math.fma(4f, s34, s12) + m5};
    }
}

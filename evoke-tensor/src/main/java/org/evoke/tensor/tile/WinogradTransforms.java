package org.evoke.tensor.tile;

/**
 * The data transforms of Winograd's minimal filtering algorithm F(3x3, 4x4) (Lavin and Gray 2016), on 16 channels
 * at a time: a 6x6 input tile d becomes V = B^T d B (36 values per channel), and a 6x6 tile of products M becomes
 * the 3x3 outputs A^T M A. {@link org.evoke.tensor.conv.WinogradConv} says what they are for and gives the matrices.
 *
 * <pre>
 * input:   d[i][j][c] = x[xOff + i*rowStride + j*colStride + c]     i, j &lt; 6, c &lt; 16
 *          V[xi][c]   = v[vOff + xi*ldv + c]          xi = 6a + b, c &lt; 16
 * output:  M[xi][c]   = m[mOff + xi*ldm + c]
 *          Y[i][j][c] = y[yOff + (3i + j)*16 + c]      i, j &lt; 3
 * </pre>
 * Implementations: {@link ScalarWinograd} (the reference) and the Vector API one in {@code org.evoke.tensor.tile.simd}.
 */
public interface WinogradTransforms {
    /** V = B^T d B for 16 channels; {@code scratch} holds 36 * 16 floats (the caller's, one per thread). */
    void input(float[] x, int xOff, int rowStride, int colStride, float[] v, int vOff, int ldv, float[] scratch);

    /** Y = A^T M A for 16 channels; {@code scratch} holds 36 * 16 floats. */
    void output(float[] m, int mOff, int ldm, float[] y, int yOff, float[] scratch);
}

package org.evoke.tensor.tile;

/**
 * Register-blocked matrix-product micro-kernels over Java float arrays: each call computes one small tile of
 * C = A * B completely, over the whole reduction it is given, in registers, and writes it once. The fast
 * convolution and linear kernels ({@link org.evoke.tensor.conv.DirectConv},
 * {@link org.evoke.tensor.dense.DenseKernels}) are loops over these tiles.
 *
 * <pre>
 * Legend: R rows of the tile (6, 12 or 1), V columns (64 = 4 vectors of 16 floats, or 16), L reduction length
 * A(r, k) = a[rowOff[r0 + r] + kOff[k0 + k]]     rows and reduction both addressed through offset tables
 * B(k, j) = b[bOff + k*ldb + j]                   row-major panel, V consecutive columns
 * C(r, j) = c[cOff + r*ldc + j]  = sum_{k &lt; L} A(r, k) B(k, j)      r &lt; R, j &lt; V   (overwritten)
 * </pre>
 *
 * The offset tables are what make one kernel serve every product the layers need: a plain row-major matrix
 * (rowOff[r] = r*lda, kOff[k] = k), a transposed one (rowOff[r] = r, kOff[k] = k*lda), and the implicit im2col
 * of a convolution (rowOff = the output positions' corners in the zero-padded input, kOff = the offsets of the
 * kernel taps (c, i, j)), so no column matrix is ever written. Every row offset a tile reads must be valid, also
 * for rows past the caller's last one: callers pad their tables with copies of the last row and ignore those
 * rows of C.
 *
 * <p>Implementations: {@link ScalarTiles}, the plain-loop reference, and the Vector API kernels in
 * {@code org.evoke.tensor.tile.simd}, one class per vector width (512, 256 and 128 bits, each blocked for its
 * register file), which {@link org.evoke.tensor.Kernels} loads when the runtime has {@code jdk.incubator.vector}.
 * The contract (the block of C each call computes) is the same at every width, so the loops around the tiles do not
 * know which width runs.
 */
public interface Tiles {
    /** Columns of the wide tiles (four 512-bit vectors of floats; eight of 256 bits, sixteen of 128). */
    int WIDE = 64;
    /** Columns of the narrow tiles (one 512-bit vector). */
    int NARROW = 16;
    /** Rows of the wide tile. */
    int WIDE_ROWS = 6;
    /** Rows of the narrow tile. */
    int NARROW_ROWS = 12;

    /** A 6 x 64 tile. */
    void tile6x64(float[] a, int[] rowOff, int r0, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                  float[] c, int cOff, int ldc);

    /** A 12 x 16 tile. */
    void tile12x16(float[] a, int[] rowOff, int r0, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc);

    /** A 1 x 64 tile (one row: a vector-matrix product, as a linear layer at batch 1). */
    void tile1x64(float[] a, int rowOff, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                  float[] c, int cOff);

    /** A 1 x 16 tile. */
    void tile1x16(float[] a, int rowOff, int[] kOff, int k0, int len, float[] b, int bOff, int ldb,
                  float[] c, int cOff);

    /**
     * dst[dOff + j] = act(src[sOff + j] + bias[bOff + j]) for j &lt; n, with act IDENTITY or RELU (the store of a tile
     * row into a channels-last buffer); callers take other activations themselves.
     */
    void biasStore(float[] src, int sOff, float[] bias, int bOff, float[] dst, int dOff, int n, boolean relu);

    /** A short description for logs and reports. */
    String describe();
}

/**
 * Register-blocked matrix products, the arithmetic under the fast convolution and linear kernels.
 * {@link org.evoke.tensor.tile.Tiles} is the micro-kernel contract (a 6 x 64, 12 x 16, 1 x 64 or 1 x 16 block of C
 * per call); {@link org.evoke.tensor.tile.ScalarTiles} is its plain-loop reference and {@code tile.simd} holds the
 * Vector API kernels, one class per vector width. {@link org.evoke.tensor.tile.TileLoop} runs the tiles over a
 * matrix in cache blocks, {@link org.evoke.tensor.tile.Panels} is the layout of their B operands and
 * {@link org.evoke.tensor.tile.PackedWeights} a layer's weights in that layout.
 * {@link org.evoke.tensor.tile.WinogradTransforms} (reference: {@link org.evoke.tensor.tile.ScalarWinograd}) are
 * Winograd's data transforms, vectorised the same way. {@link org.evoke.tensor.tile.RowMath} (reference:
 * {@link org.evoke.tensor.tile.ScalarRowMath}) is the row math of softmax, GELU and layer norm on heap rows (exp,
 * erf, sums in a fixed order of 16 running sums, so that every width gives the same bits, the bias epilogue), which
 * the fused attention, the GELU and layer norm kernels and the dense tiles' stores run.
 */
package org.evoke.tensor.tile;

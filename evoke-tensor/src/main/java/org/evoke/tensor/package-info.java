/**
 * Stateless kernels and per-layer kernel workspaces on ND4J arrays. The paths ({@link org.evoke.tensor.Kernels}):
 * register tiles on the Vector API ({@link org.evoke.tensor.Tiles}, {@link org.evoke.tensor.TileLoop},
 * {@link org.evoke.tensor.Panels}) driving a direct convolution ({@link org.evoke.tensor.DirectConv}), Winograd's
 * F(3x3, 4x4) ({@link org.evoke.tensor.WinogradConv}) and linear layers ({@link org.evoke.tensor.DenseKernels}) on
 * both cores ({@link org.evoke.tensor.Parallel}); im2col/col2im with OpenBLAS's gemm ({@link org.evoke.tensor.Im2Col},
 * {@link org.evoke.tensor.Gemm}); and ND4J operations only ({@link org.evoke.tensor.Nd4jKernels}). The layers reach
 * them through {@link org.evoke.tensor.Conv2dKernel} and {@link org.evoke.tensor.LinearKernel}. Also fused bias +
 * activation, optimiser updates, PyTorch-default initialisers, shape checks and safetensors read/write. Every fast
 * kernel has a naive reference beside it, and tests sweep one against the other.
 */
package org.evoke.tensor;

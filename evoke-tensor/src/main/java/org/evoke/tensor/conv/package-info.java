/**
 * Convolution. {@link org.evoke.tensor.conv.Conv2dKernel} is the entry point that the Conv2d layer calls: it takes
 * the path {@link org.evoke.tensor.Kernels} chose and, on the Vector API path, a direct convolution
 * ({@link org.evoke.tensor.conv.DirectConv}, no column matrix) or Winograd's F(3x3, 4x4)
 * ({@link org.evoke.tensor.conv.WinogradConv}) over channels-last buffers ({@link org.evoke.tensor.conv.ChannelLast});
 * on the BLAS path im2col/col2im ({@link org.evoke.tensor.conv.Im2Col}) and one gemm; on the portable path ND4J's
 * own operations ({@link org.evoke.tensor.conv.Nd4jConv}). {@link org.evoke.tensor.conv.ConvGeometry} holds the
 * sizes and the asymmetric padding.
 */
package org.evoke.tensor.conv;

/**
 * evoke's kernels on ND4J arrays. At the top, only what the layers and the rest of the project call for the machine
 * as a whole: {@link org.evoke.tensor.Kernels} (which path and vector width this JVM runs, chosen once and logged
 * once), {@link org.evoke.tensor.Backend} (one line on backend, kernels and BLAS for reports),
 * {@link org.evoke.tensor.Parallel} (the kernels' threads) and {@link org.evoke.tensor.Buffers} (reusable arrays).
 * Everything else lives in a subpackage named for its concern:
 * <pre>
 * conv       the convolution entry point (Conv2dKernel) and its algorithms: direct, Winograd F(3x3, 4x4), im2col +
 *            gemm, ND4J-only; geometry, channels-last buffers
 * dense      the fully connected entry point (LinearKernel) and the tiled linear kernels
 * attention  multi-head self-attention's batched products, token reshapes
 * ops        pointwise and row kernels: activations, layer norm, softmax, GELU, losses, optimiser updates,
 *            initialisers, shape checks, and their ND4J-only twins
 * tile       register tiles (the scalar reference and, in tile.simd, the Vector API kernels per width 512/256/128),
 *            the loops and panels around them, packed weights, Winograd's transforms
 * blas       OpenBLAS called directly (NativeBlas), gemm on any path (Gemm), OpenBLAS's kernel choice (BlasCore)
 * memory     raw element access to arrays (Vec) and the address cache (Address)
 * io         safetensors and atomic file writes
 * </pre>
 * Arrows run one way: the entry-point packages (conv, dense, attention) use ops, tile, blas and memory; ops uses
 * memory; tile uses ops and memory; no subpackage imports one that imports it (TensorArchitectureTest checks this
 * on the compiled classes). Every fast kernel has a naive reference beside it, and tests sweep one against the other.
 */
package org.evoke.tensor;

/**
 * Pointwise and row kernels: activations and fused bias + activation ({@link org.evoke.tensor.ops.Activation},
 * {@link org.evoke.tensor.ops.Activations}), layer normalisation, softmax and GELU
 * ({@link org.evoke.tensor.ops.RowOps}; the float32 GELU on the Vector API and both cores in
 * {@link org.evoke.tensor.attention.GeluKernel}),
 * losses ({@link org.evoke.tensor.ops.Losses}), the optimisers' updates ({@link org.evoke.tensor.ops.Updates}),
 * PyTorch-default initialisers ({@link org.evoke.tensor.ops.Init}) and shape checks
 * ({@link org.evoke.tensor.ops.Shapes}); {@link org.evoke.tensor.ops.Nd4jKernels} is the ND4J-only form of the same
 * math, for the portable path.
 */
package org.evoke.tensor.ops;

/**
 * Fully connected layers. {@link org.evoke.tensor.dense.LinearKernel} is the entry point that the Linear layer
 * calls; on the Vector API path it runs {@link org.evoke.tensor.dense.DenseKernels} (the register tiles over packed
 * weights, forward, dx, dW and db), elsewhere one gemm ({@link org.evoke.tensor.blas.Gemm}).
 */
package org.evoke.tensor.dense;

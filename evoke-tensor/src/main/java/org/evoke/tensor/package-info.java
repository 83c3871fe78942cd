/**
 * Stateless kernels on ND4J arrays: im2col/col2im, gemm into caller-supplied outputs, fused bias + activation, PyTorch-default initialisers, shape checks, and safetensors read/write. Every fast kernel has a naive reference beside it.
 */
package org.evoke.tensor;

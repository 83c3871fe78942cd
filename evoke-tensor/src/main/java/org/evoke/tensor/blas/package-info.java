/**
 * BLAS: {@link org.evoke.tensor.blas.Gemm}, the matrix product every path uses (OpenBLAS directly on the CPU
 * backend, {@code Nd4j.gemm} elsewhere); {@link org.evoke.tensor.blas.NativeBlas}, the cblas entry points of the
 * OpenBLAS that ND4J links; {@link org.evoke.tensor.blas.BlasCore}, which picks OpenBLAS's kernels on Linux x86-64
 * before ND4J loads it.
 */
package org.evoke.tensor.blas;

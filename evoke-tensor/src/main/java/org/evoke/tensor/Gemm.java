package org.evoke.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * General matrix multiply into a caller-supplied output: C = alpha * op(A) * op(B) + beta * C, where op is the
 * identity or the transpose. With beta = 1 it accumulates, which is how gradients are added into their buffers.
 * The fast kernel is the backend's BLAS (OpenBLAS on the CPU backend, cuBLAS on CUDA); the naive one is the
 * triple loop.
 */
public final class Gemm {
    private Gemm() {
    }

    /** C (M, N) = alpha * op(A) (M, K) * op(B) (K, N) + beta * C. */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        check(a, b, c, transA, transB);
        Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
    }

    /** C = op(A) * op(B), overwriting C. */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
        gemm(a, b, c, transA, transB, 1.0, 0.0);
    }

    /** Reference gemm: the triple loop, in double. */
    public static void gemmNaive(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        check(a, b, c, transA, transB);
        long m = c.size(0), n = c.size(1), k = transA ? a.size(0) : a.size(1);
        for (long i = 0; i < m; i++) {
            for (long j = 0; j < n; j++) {
                double s = 0;
                for (long p = 0; p < k; p++) {
                    double av = transA ? a.getDouble(p, i) : a.getDouble(i, p);
                    double bv = transB ? b.getDouble(j, p) : b.getDouble(p, j);
                    s += av * bv;
                }
                double prev = beta == 0 ? 0 : beta * c.getDouble(i, j);
                c.putScalar(new long[]{i, j}, alpha * s + prev);
            }
        }
    }

    private static void check(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            throw new IllegalArgumentException("gemm needs matrices; got ranks " + a.rank() + ", " + b.rank() + ", " + c.rank());
        }
        long m = transA ? a.size(1) : a.size(0), k = transA ? a.size(0) : a.size(1);
        long k2 = transB ? b.size(1) : b.size(0), n = transB ? b.size(0) : b.size(1);
        if (k != k2 || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException(String.format(
                    "gemm shape mismatch: op(A) is (%d, %d), op(B) is (%d, %d), C is (%d, %d); expected C (%d, %d) and equal inner sizes",
                    m, k, k2, n, c.size(0), c.size(1), m, n));
        }
        if (a.dataType() != c.dataType() || b.dataType() != c.dataType()) {
            throw new IllegalArgumentException("gemm data types differ: A " + a.dataType() + ", B " + b.dataType() + ", C " + c.dataType());
        }
        if (!Vec.isCompact(c)) {
            throw new IllegalArgumentException("gemm output C must be a contiguous c-order array, not a strided view");
        }
    }
}

package org.evoke.tensor.blas;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * General matrix multiply into a caller-supplied output: C = alpha * op(A) * op(B) + beta * C, where op is the
 * identity or the transpose. With beta = 1 it accumulates, which is how gradients are added into their buffers.
 * The fast kernel is the backend's BLAS: on the CPU backend OpenBLAS's {@code cblas_sgemm} called directly on the
 * arrays' memory ({@link NativeBlas}), otherwise (CUDA, or views with strides) {@code Nd4j.gemm}; the naive one is
 * the triple loop.
 */
public final class Gemm {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    private Gemm() {
    }

    /** C (M, N) = alpha * op(A) (M, K) * op(B) (K, N) + beta * C. */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        check(a, b, c, transA, transB);
        if (NativeBlas.available() && !Kernels.portable() && Vec.isCompact(a) && Vec.isCompact(b) && a.length() > 0 && b.length() > 0
                && (c.dataType() == DataType.FLOAT || c.dataType() == DataType.DOUBLE)) {
            int m = (int) c.size(0), n = (int) c.size(1), k = (int) (transA ? a.size(0) : a.size(1));
            long pa = Vec.address(a, "gemm A"), pb = Vec.address(b, "gemm B"), pc = Vec.address(c, "gemm C");
            if (c.dataType() == DataType.FLOAT) {
                NativeBlas.sgemm(transA, transB, m, n, k, (float) alpha, pa, pb, (float) beta, pc);
            } else {
                NativeBlas.dgemm(transA, transB, m, n, k, alpha, pa, pb, beta, pc);
            }
            return;
        }
        Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
    }

    /** True when {@link #gemm} calls the CPU backend's BLAS directly rather than through {@code Nd4j.gemm}. */
    public static boolean direct() {
        return NativeBlas.available() && !Kernels.portable();
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

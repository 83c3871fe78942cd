package org.evoke.tensor.blas;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The CPU backend's BLAS (OpenBLAS, the library ND4J's CPU backend itself links), called directly on the arrays'
 * native addresses: one JNI call per product, no op context, no shape buffers, no Java garbage.
 *
 * <p>Why: {@code Nd4j.gemm} goes through ND4J's matmul custom op, which builds an op context, JavaCPP pointers
 * and shape buffers on every call, about 13 us and 4 KB of garbage before any arithmetic (measured in
 * {@code GemmPeakBenchmark} at size 16). The student at batch 1 makes four gemms of a few microseconds of work
 * each, so that fixed cost was most of its latency. Calling {@code cblas_sgemm} costs well under a microsecond.
 *
 * <p>Only on the CPU backend: on CUDA the arrays live on the device and {@link Gemm} keeps {@code Nd4j.gemm}.
 * {@link #available()} says which; this class is touched only when it is true, so the CUDA build never loads
 * OpenBLAS. The pointer objects handed to JNI are one set per thread, re-aimed at each call.
 */
public final class NativeBlas {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    private static final boolean AVAILABLE = probe();

    private NativeBlas() {
    }

    /** True when the backend is ND4J's CPU backend and OpenBLAS's cblas entry points loaded. */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * C (M, N) = alpha * op(A) * op(B) + beta * C on row-major compact arrays at the given addresses: A is (M, K)
     * or, transposed, (K, M); B is (K, N) or (N, K).
     */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta, long c) {
        Pointers p = POINTERS.get();
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                alpha, p.fa.at(a), transA ? m : k, p.fb.at(b), transB ? k : n, beta, p.fc.at(c), n);
    }

    /** The double-precision twin of {@link #sgemm} (gradient checks run in double). */
    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, long a, long b, double beta, long c) {
        Pointers p = POINTERS.get();
        openblas_nolapack.cblas_dgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                alpha, p.da.at(a), transA ? m : k, p.db.at(b), transB ? k : n, beta, p.dc.at(c), n);
    }

    /**
     * The general form: C = alpha * op(A) * op(B) + beta * C with leading dimensions (the row strides, in elements)
     * of each matrix, so that a block of a wider array (one attention head's columns of the packed qkv) is read
     * where it lies. {@code dbl} picks double precision.
     */
    public static void gemm(boolean dbl, boolean transA, boolean transB, int m, int n, int k, double alpha, long a, int lda, long b,
                     int ldb, double beta, long c, int ldc) {
        Pointers p = POINTERS.get();
        if (dbl) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, p.da.at(a), lda, p.db.at(b), ldb, beta, p.dc.at(c), ldc);
        } else {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    (float) alpha, p.fa.at(a), lda, p.fb.at(b), ldb, (float) beta, p.fc.at(c), ldc);
        }
    }

    private static final ThreadLocal<Pointers> POINTERS = ThreadLocal.withInitial(Pointers::new);

    /** Three float and three double pointer objects per thread, re-aimed per call (JNI reads address and position). */
    private static final class Pointers {
        final Fp fa = new Fp(), fb = new Fp(), fc = new Fp();
        final Dp da = new Dp(), db = new Dp(), dc = new Dp();
    }

    private static final class Fp extends FloatPointer {
        Fp at(long addr) {
            address = addr;
            position = 0;
            return this;
        }
    }

    private static final class Dp extends DoublePointer {
        Dp at(long addr) {
            address = addr;
            position = 0;
            return this;
        }
    }

    private static boolean probe() {
        if (Boolean.getBoolean("evoke.blas.nd4j")) {
            return false; // -Devoke.blas.nd4j=true: always go through Nd4j.gemm (for comparisons)
        }
        try {
            if (!Nd4j.getBackend().getClass().getName().contains("Cpu")) {
                return false;
            }
            // a 1x1x1 product proves the library loaded and the entry point links
            org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
            try (FloatPointer a = new FloatPointer(2f); FloatPointer b = new FloatPointer(3f); FloatPointer c = new FloatPointer(1f)) {
                openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, 1, 1, 1, 1f, a, 1, b, 1, 0f, c, 1);
                return c.get(0) == 6f;
            }
        } catch (Throwable t) {
            return false;
        }
    }
}

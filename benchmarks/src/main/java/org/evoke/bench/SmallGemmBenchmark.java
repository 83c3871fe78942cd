package org.evoke.bench;

import org.evoke.tensor.blas.BlasCore;
import org.evoke.tensor.blas.Gemm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The gemms of the student at batch 1, alone, through our {@link Gemm} (as the layers call it) and through
 * {@code Nd4j.gemm} (as they did before 2026-12-01): C (M, N) =
 * A (M, K) op(B). Shapes "MxKxN", with a trailing "t" when B is stored (N, K) and used transposed: conv1
 * 64x64x81 (F x C*k*k x positions), conv2 16x1024x81, fc1 1x1296x256t (x W^T, as {@code Linear} calls it). GFLOP/s = 2 M K N / time
 * (see {@link BenchReport}); compare with {@link GemmPeakBenchmark}.
 * <pre>java -jar benchmarks/target/benchmarks.jar SmallGemmBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class SmallGemmBenchmark {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS, as in every other benchmark
    }

    /** {@code evoke}: {@link Gemm#gemm}, as our layers call it (OpenBLAS directly); {@code nd4j}: {@code Nd4j.gemm}. */
    @Param({"evoke", "nd4j"})
    public String path;

    @Param({"64x64x81", "16x1024x81", "1x1296x256t"})
    public String shape;

    private INDArray a, b, c; // A (M, K); B (K, N), or (N, K) when transposed; C (M, N)
    private boolean transB;

    @Setup(Level.Trial)
    public void setup() {
        transB = shape.endsWith("t");
        String[] p = (transB ? shape.substring(0, shape.length() - 1) : shape).split("x");
        if (p.length != 3) {
            throw new IllegalArgumentException("shape must be MxKxN or MxKxNt, got " + shape);
        }
        int m = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), n = Integer.parseInt(p[2]);
        Nd4j.getRandom().setSeed(Engines.DATA_SEED);
        a = Nd4j.rand(DataType.FLOAT, m, k);
        b = transB ? Nd4j.rand(DataType.FLOAT, n, k) : Nd4j.rand(DataType.FLOAT, k, n);
        c = Nd4j.zeros(DataType.FLOAT, m, n);
    }

    @Benchmark
    public INDArray sgemm() {
        if (path.equals("nd4j")) {
            return Nd4j.gemm(a, b, c, false, transB, 1.0, 0.0);
        }
        Gemm.gemm(a, b, c, false, transB);
        return c;
    }
}

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
 * This machine's practical float32 peak: one large square sgemm C = A B (size x size), all cores, through our
 * {@link Gemm} (OpenBLAS called directly) and through {@code Nd4j.gemm}; GFLOP/s = 2 size^3 / time (see
 * {@link BenchReport}). The size-16 case does almost no arithmetic (8 kFLOP): its time is the fixed cost of one
 * gemm call on each path.
 * <pre>java -jar benchmarks/target/benchmarks.jar GemmPeakBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class GemmPeakBenchmark {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS, as in every other benchmark
    }

    /** {@code evoke}: {@link Gemm#gemm}, as our layers call it (OpenBLAS directly); {@code nd4j}: {@code Nd4j.gemm}. */
    @Param({"evoke", "nd4j"})
    public String path;

    @Param({"16", "1024"})
    public int size;

    private INDArray a, b, c; // (size, size) each

    @Setup(Level.Trial)
    public void setup() {
        Nd4j.getRandom().setSeed(Engines.DATA_SEED);
        a = Nd4j.rand(DataType.FLOAT, size, size);
        b = Nd4j.rand(DataType.FLOAT, size, size);
        c = Nd4j.zeros(DataType.FLOAT, size, size);
    }

    @Benchmark
    public INDArray sgemm() {
        if (path.equals("nd4j")) {
            return Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        Gemm.gemm(a, b, c, false, false);
        return c;
    }
}

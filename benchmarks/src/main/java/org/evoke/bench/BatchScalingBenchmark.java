package org.evoke.bench;

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
 * Our inference latency against batch size (1, 8, 32, 128, 512): where per-op overhead ends and arithmetic
 * begins. Achieved GFLOP/s = 2 x MACs x batch / time (see {@link BenchReport}), next to {@link GemmPeakBenchmark}.
 * <pre>java -jar benchmarks/target/benchmarks.jar BatchScalingBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class BatchScalingBenchmark {
    @Param({"student", "ccnn"})
    public String model;

    @Param({"1", "8", "32", "128", "512"})
    public int batch;

    private Engine e;

    @Setup(Level.Trial)
    public void setup() {
        e = Engines.create("evoke", model, batch);
    }

    @Benchmark
    public Object infer() {
        return e.infer();
    }
}

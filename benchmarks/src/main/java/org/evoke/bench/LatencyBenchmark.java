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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Table I's inference time: average time of one inference at batch 1, for each model on each engine, same
 * weights, logits checked against ours in setup.
 * <pre>java -jar benchmarks/target/benchmarks.jar LatencyBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class LatencyBenchmark {
    public static final int BATCH = 1;

    @Param({"student", "ccnn"})
    public String model;

    @Param({"evoke", "onnxruntime", "pytorch", "dl4j"})
    public String engine;

    private Engine e;

    @Setup(Level.Trial)
    public void setup() {
        e = Engines.create(engine, model, BATCH);
        Engines.check(e, model, BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        e.close();
    }

    @Benchmark
    public Object inferBatch1() {
        return e.infer();
    }
}

package org.evoke.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Table I's throughput: inference on batches of 128, reported directly in samples per second (one invocation
 * counts as 128 operations), for each model on each engine, logits checked against ours in setup.
 * <pre>java -jar benchmarks/target/benchmarks.jar ThroughputBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class ThroughputBenchmark {
    public static final int BATCH = 128;

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
    @OperationsPerInvocation(BATCH)
    public Object inferBatch128() {
        return e.infer();
    }
}

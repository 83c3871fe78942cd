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
 * One training step at batch 128 (forward in training mode, binary cross-entropy on logits, backward, Adam lr
 * 1e-3), in samples per second, for ours and PyTorch through DJL ({@link PyTorchEngine}), and DL4J on request (ONNX
 * Runtime's Java package does not train). All start from the same weights, checked equal in setup; the same batch
 * is fed every step.
 * <pre>java -jar benchmarks/target/benchmarks.jar TrainingBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class TrainingBenchmark {
    public static final int BATCH = 128;

    @Param({"student", "ccnn", "arjunvit"})
    public String model;

    /** DL4J trains the two CNNs too: {@code -p engine=dl4j -p model=student,ccnn}. */
    @Param({"evoke", "pytorch"})
    public String engine;

    private Engine e;

    @Setup(Level.Trial)
    public void setup() {
        e = Engines.create(engine, model, BATCH);
        Engines.check(e, model, BATCH);
        double first = e.train();
        if (!Double.isFinite(first)) {
            throw new IllegalStateException(engine + " training step on " + model + " gave a non-finite loss " + first);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        e.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double trainStepBatch128() {
        return e.train();
    }
}

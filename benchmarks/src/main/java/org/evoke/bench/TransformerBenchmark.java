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
 * Table I's timed columns for the transformers: the average time of one inference of a batch, at batch 1 (latency)
 * and at the throughput batch ({@link #throughputBatch}: 128, but 8 for ViT-B/16, whose batch of 128 takes about a
 * minute on two cores), on our engine and on ONNX Runtime (our opset-17 export of the same weights), logits checked
 * against ours in setup. Throughput = batch / time; {@link TableOne} reports both.
 * <pre>java -jar benchmarks/target/benchmarks.jar TransformerBenchmark -p model=arjunvit</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--add-modules=jdk.incubator.vector"})
public class TransformerBenchmark {
    @Param({"arjunvit", "vit", "vitb16"})
    public String model;

    @Param({"evoke", "onnxruntime", "pytorch"})
    public String engine;

    /** 1 for the latency, {@link #throughputBatch} for the throughput (0 picks it). */
    @Param({"1", "0"})
    public int batch;

    private Engine e;

    /** The batch of the throughput column: 128 as for the CNNs, 8 for ViT-B/16 (say so where it is reported). */
    public static int throughputBatch(String model) {
        return model.equals("vitb16") ? 8 : 128;
    }

    @Setup(Level.Trial)
    public void setup() {
        int b = batch == 0 ? throughputBatch(model) : batch;
        e = Engines.create(engine, model, b);
        Engines.check(e, model, b);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        e.close();
    }

    @Benchmark
    public Object infer() {
        return e.infer();
    }
}

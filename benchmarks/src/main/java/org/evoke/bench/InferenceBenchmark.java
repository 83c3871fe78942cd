package org.evoke.bench;

import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Inference latency of the two models (Table I's inference time): average time of one {@code Model.forward} at
 * batch 1 and batch 128. Throughput in samples/s is batch / time. Run:
 * <pre>java -jar benchmarks/target/benchmarks.jar InferenceBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class InferenceBenchmark {
    @Param({"student", "ccnn"})
    public String model;

    @Param({"1", "128"})
    public int batch;

    private Model net;
    private INDArray x;

    @Setup
    public void setup() {
        net = Models.byName(model, 42);
        Nd4j.getRandom().setSeed(7);
        x = Nd4j.rand(DataType.FLOAT, batch, 4, 9, 9);
        INDArray first = net.predict(x);
        if (!first.equals(net.forward(x))) {
            throw new IllegalStateException("forward is not deterministic");
        }
    }

    @Benchmark
    public INDArray forward() {
        return net.forward(x);
    }
}

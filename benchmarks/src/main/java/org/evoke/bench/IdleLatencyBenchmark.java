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
 * Latency as {@code evoke live} meets it: one inference at batch 1 after {@value #IDLE_MILLIS} ms of idleness (the
 * recogniser classifies one window a second), when the engine's threads have parked and the caches have cooled.
 * Each measurement is a single call (JMH's single-shot mode); the idle second before it is spent in an untimed
 * per-invocation setup. The engine is warmed up first ({@value #WARM_MILLIS} ms of back-to-back calls), so the JIT
 * has compiled it; what remains is the cost of waking up.
 *
 * <p>{@code neighbour=busy} runs a busy thread beside the engine for the whole trial (a loop of arithmetic on one
 * core, as another program on a real machine would), so that an engine that waits for all of its threads meets a
 * core that is not free.
 * <pre>java -jar benchmarks/target/benchmarks.jar IdleLatencyBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 20, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class IdleLatencyBenchmark {
    /** Idle time before each timed call, ms: the live recogniser's one window a second. */
    public static final int IDLE_MILLIS = 1000;
    /** Back-to-back calls before the first idle call, ms. */
    public static final int WARM_MILLIS = 4000;

    @Param({"student", "ccnn"})
    public String model;

    @Param({"evoke", "onnxruntime", "pytorch"})
    public String engine;

    @Param({"none", "busy"})
    public String neighbour;

    private Engine e;
    private Thread busy;
    private volatile boolean stop;
    /** Written by the busy neighbour so that its loop is not dead code. */
    public volatile double sink;

    @Setup(Level.Trial)
    public void setup() {
        e = Engines.create(engine, model, 1);
        Engines.check(e, model, 1);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARM_MILLIS);
        while (System.nanoTime() < end) {
            e.infer();
        }
        if (neighbour.equals("busy")) {
            busy = new Thread(this::spin, "busy-neighbour");
            busy.setDaemon(true);
            busy.start();
        } else if (!neighbour.equals("none")) {
            throw new IllegalArgumentException("neighbour must be none or busy, got '" + neighbour + "'");
        }
    }

    private void spin() {
        double x = 1;
        while (!stop) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 1.0000001 + 1e-9;
            }
            sink = x;
        }
    }

    @Setup(Level.Invocation)
    public void idle() throws InterruptedException {
        Thread.sleep(IDLE_MILLIS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop = true;
        if (busy != null) {
            busy.join();
        }
        e.close();
    }

    @Benchmark
    public Object inferAfterIdle() {
        return e.infer();
    }
}

package org.evoke.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.evoke.study.ComparisonResult;
import org.evoke.study.CrossValidation;
import org.evoke.study.SweepResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny sweep on a real standalone Spark cluster (master, worker and executors in their own JVMs on 127.0.0.1):
 * the same numbers as without Spark; and again with the executor killed mid-run, which Spark replaces and whose lost
 * tasks it runs again, with the same final numbers.
 */
class SparkStandaloneTest {
    private static ComparisonResult alone;
    private static SweepResult aloneSweep;
    private static StudySpec spec;

    @TempDir
    Path tmp;

    @BeforeAll
    static void runWithoutSpark() {
        spec = TinyStudy.spec(1);
        CrossValidation cv = spec.newCrossValidation();
        alone = cv.compare();
        aloneSweep = cv.sweep(TinyStudy.POINTS);
    }

    private static Map<String, String> conf() {
        return Map.of("spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1", "spark.executor.memory", "2g",
                "spark.executor.cores", "2", "spark.cores.max", "2");
    }

    @Test
    void aStandaloneClusterGivesTheSameNumbers() throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(tmp, 2, "3g")) {
            CrossValidation driver = spec.newCrossValidation();
            List<String> log = new ArrayList<>();
            try (JavaSparkContext sc = SparkStudy.context(cluster.url(), 1, conf())) {
                new SparkStudy(sc).distribute(spec, driver, TinyStudy.POINTS, SparkStudy.KeepWeights.NONE, TinyStudy.none(), log::add);
            } catch (RuntimeException e) {
                throw new AssertionError(cluster.logs(), e);
            }
            TinyStudy.assertSame(alone, driver.compare(), aloneSweep, driver.sweep(TinyStudy.POINTS));
        }
    }

    @Test
    void anExecutorKilledMidRunIsReplacedAndTheNumbersStayTheSame() throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(tmp, 2, "3g")) {
            CrossValidation driver = spec.newCrossValidation();
            AtomicInteger started = new AtomicInteger(), failed = new AtomicInteger(), killed = new AtomicInteger(), executors = new AtomicInteger();
            try (JavaSparkContext sc = SparkStudy.context(cluster.url(), 1, conf())) {
                sc.sc().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart start) {
                        // the 5th task is stage 2's third (after 2 teachers): kill the executor that has just been given it
                        if (started.incrementAndGet() == 5) {
                            for (ProcessHandle p : cluster.executors()) {
                                p.destroyForcibly();
                                killed.incrementAndGet();
                            }
                        }
                    }

                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd end) {
                        if (!end.taskInfo().successful()) {
                            failed.incrementAndGet();
                        }
                    }

                    @Override
                    public void onExecutorAdded(org.apache.spark.scheduler.SparkListenerExecutorAdded added) {
                        if (killed.get() > 0) {
                            executors.incrementAndGet();
                        }
                    }
                });
                new SparkStudy(sc).distribute(spec, driver, TinyStudy.POINTS, SparkStudy.KeepWeights.NONE, TinyStudy.none(), s -> { });
            } catch (RuntimeException e) {
                throw new AssertionError(cluster.logs(), e);
            }
            assertEquals(1, killed.get(), "one executor JVM was killed");
            assertTrue(failed.get() >= 1, "the killed executor's running tasks failed and were run again: " + failed.get());
            assertTrue(executors.get() >= 1, "the worker started a new executor after the kill");
            TinyStudy.assertSame(alone, driver.compare(), aloneSweep, driver.sweep(TinyStudy.POINTS));
        }
    }
}

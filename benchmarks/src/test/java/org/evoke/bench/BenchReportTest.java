package org.evoke.bench;

import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/** Reads a small JMH-format JSON file and checks the ratios and GFLOP/s it derives (no benchmark runs here). */
class BenchReportTest {
    @TempDir
    Path tmp;

    private static String result(String bench, String params, double score, String unit) {
        return "{\"benchmark\":\"org.evoke.bench." + bench + "\",\"mode\":\"avgt\",\"params\":{" + params
                + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":\"NaN\",\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    void reportGivesEveryEngineSideBySideTheSpeedupOverTheFasterPeerAndGflopsAgainstTheGemmPeak() throws Exception {
        Path f = tmp.resolve("r.json");
        Files.writeString(f, "[" + String.join(",",
                result("LatencyBenchmark.inferBatch1", "\"engine\":\"evoke\",\"model\":\"student\"", 50, "us/op"),
                result("LatencyBenchmark.inferBatch1", "\"engine\":\"onnxruntime\",\"model\":\"student\"", 100, "us/op"),
                result("LatencyBenchmark.inferBatch1", "\"engine\":\"pytorch\",\"model\":\"student\"", 80, "us/op"),
                result("LatencyBenchmark.inferBatch1", "\"engine\":\"dl4j\",\"model\":\"student\"", 2000, "us/op"),
                result("ThroughputBenchmark.inferBatch128", "\"engine\":\"evoke\",\"model\":\"ccnn\"", 900, "ops/s"),
                result("ThroughputBenchmark.inferBatch128", "\"engine\":\"onnxruntime\",\"model\":\"ccnn\"", 600, "ops/s"),
                result("ThroughputBenchmark.inferBatch128", "\"engine\":\"pytorch\",\"model\":\"ccnn\"", 800, "ops/s"),
                result("TransformerBenchmark.infer", "\"batch\":\"0\",\"engine\":\"evoke\",\"model\":\"vitb16\"", 4e6, "us/op"),
                result("TransformerBenchmark.infer", "\"batch\":\"0\",\"engine\":\"pytorch\",\"model\":\"vitb16\"", 2e6, "us/op"),
                result("TrainingBenchmark.trainStepBatch128", "\"engine\":\"evoke\",\"model\":\"student\"", 9000, "ops/s"),
                result("TrainingBenchmark.trainStepBatch128", "\"engine\":\"pytorch\",\"model\":\"student\"", 5000, "ops/s"),
                result("IdleLatencyBenchmark.inferAfterIdle", "\"engine\":\"evoke\",\"model\":\"ccnn\",\"neighbour\":\"busy\"", 2000, "us/op"),
                result("IdleLatencyBenchmark.inferAfterIdle", "\"engine\":\"onnxruntime\",\"model\":\"ccnn\",\"neighbour\":\"busy\"", 1000, "us/op"),
                result("GemmPeakBenchmark.sgemm", "\"size\":\"1000\"", 20000, "us/op"),
                result("GemmPeakBenchmark.sgemm", "\"path\":\"evoke\",\"size\":\"1000\"", 10000, "us/op"),
                result("GemmPeakBenchmark.sgemm", "\"size\":\"10\"", 12.5, "us/op"),
                result("SmallGemmBenchmark.sgemm", "\"shape\":\"2x500x100\"", 50, "us/op"),
                result("BatchScalingBenchmark.infer", "\"batch\":\"8\",\"model\":\"student\"", 400, "us/op")) + "]");
        List<BenchReport.Row> rows = BenchReport.read(f);
        assertEquals(18, rows.size());
        String md = BenchReport.markdown(rows);
        double nd4jPeak = 2e9 / 0.02 / 1e9, peak = 2e9 / 0.01 / 1e9; // 2 n^3 / time, n = 1000: 20 ms (a file without path: ND4J's), 10 ms
        // the columns: every engine of the run, named with its version
        assertTrue(md.contains("| measurement | model | evoke | " + Peers.label("onnxruntime") + " | " + Peers.label("pytorch") + " | "
                + Peers.label("dl4j") + " | evoke's speed-up |"), md);
        long studentMacs = Models.evokeStudent(0).summary().macs();
        double g = 2.0 * studentMacs / 50e-6 / 1e9; // one sample in 50 us
        // latency: the faster peer is PyTorch (80 us): 1.60x
        assertTrue(md.contains(String.format(Locale.ROOT, "| latency, batch 1 (ms) | student | 0.0500 | 0.1000 | 0.0800 | 2.0000 | 1.60x (%s) | %.1f | %.0f%% |",
                Peers.label("pytorch"), g, 100 * g / peak)), md);
        assertTrue(md.contains("| throughput (samples/s) | ccnn | 900 | 600 | 800 | n/a | 1.13x (" + Peers.label("pytorch") + ") |"), md);
        // ViT-B/16's throughput at batch 8: 8 samples in 4 s = 2 samples/s
        assertTrue(md.contains("| throughput (samples/s) | vitb16 (batch 8) | 2.00 | n/a | 4.00 | n/a | 0.50x (" + Peers.label("pytorch") + ") |"), md);
        double gt = 2.0 * studentMacs * 9000 * 3 / 1e9;
        assertTrue(md.contains(String.format(Locale.ROOT, "| training step, batch 128 (samples/s) | student | 9,000 | n/a | 5,000 | n/a | 1.80x (%s) | %.1f |",
                Peers.label("pytorch"), gt)), md);
        // the goals
        assertTrue(md.contains("| latency, batch 1 (ms) | student | 1.2x the faster peer's | 0.0500 | 0.0800 (" + Peers.label("pytorch") + ") | 1.60 | yes |"), md);
        assertTrue(md.contains("| throughput (samples/s) | ccnn | 1.2x the faster peer's | 900 | 800 (" + Peers.label("pytorch") + ") | 1.13 | **no** |"), md);
        assertTrue(md.contains("| training step, batch 128 (samples/s) | student | 1.5x PyTorch's | 9,000 | 5,000 (" + Peers.label("pytorch") + ") | 1.80 | yes |"), md);
        assertTrue(md.contains("| after 1 s idle, busy neighbour (ms) | ccnn | at least the faster peer's | 2.0000 | 1.0000 (" + Peers.label("onnxruntime") + ") | 0.50 | **no** |"), md);
        // the gemm and batch tables
        assertTrue(md.contains(String.format(Locale.ROOT, "through Nd4j.gemm: 20.00 ms, **%.1f GFLOP/s**", nd4jPeak)), md);
        assertTrue(md.contains(String.format(Locale.ROOT, "through our Gemm (OpenBLAS called directly): 10.00 ms, **%.1f GFLOP/s**", peak)), md);
        assertTrue(md.contains("| 2x500x100 | nd4j | 50.0 | 4.0 |"), md); // 2 * 2 * 500 * 100 flop / 50 us
        assertTrue(md.contains("sgemm 10 x 10 x 10 (almost no arithmetic) through Nd4j.gemm: 12.5 us per call"), md);
        double gflops = 2.0 * studentMacs * 8 / 400e-6 / 1e9;
        assertTrue(md.contains(String.format(Locale.ROOT, "| student | 8 | 0.4000 | 50.00 | 20,000 | %.1f | %.0f%% |", gflops, 100 * gflops / peak)), md);
    }

    @Test
    void aFileThatIsNotJmhJsonIsRefusedNamingTheFile() throws Exception {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"benchmark\": 1}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchReport.read(f));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("array"), e.getMessage());
    }
}

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
    void reportGivesOursOverTheirsAndGflopsAgainstTheGemmPeak() throws Exception {
        Path f = tmp.resolve("r.json");
        Files.writeString(f, "[" + String.join(",",
                result("LatencyBenchmark.inferBatch1", "\"engine\":\"evoke\",\"model\":\"student\"", 50, "us/op"),
                result("LatencyBenchmark.inferBatch1", "\"engine\":\"onnxruntime\",\"model\":\"student\"", 100, "us/op"),
                result("LatencyBenchmark.inferBatch1", "\"engine\":\"dl4j\",\"model\":\"student\"", 2000, "us/op"),
                result("ThroughputBenchmark.inferBatch128", "\"engine\":\"evoke\",\"model\":\"ccnn\"", 900, "ops/s"),
                result("ThroughputBenchmark.inferBatch128", "\"engine\":\"onnxruntime\",\"model\":\"ccnn\"", 600, "ops/s"),
                result("GemmPeakBenchmark.sgemm", "\"size\":\"1000\"", 20000, "us/op"),
                result("GemmPeakBenchmark.sgemm", "\"path\":\"evoke\",\"size\":\"1000\"", 10000, "us/op"),
                result("GemmPeakBenchmark.sgemm", "\"size\":\"10\"", 12.5, "us/op"),
                result("SmallGemmBenchmark.sgemm", "\"shape\":\"2x500x100\"", 50, "us/op"),
                result("BatchScalingBenchmark.infer", "\"batch\":\"8\",\"model\":\"student\"", 400, "us/op")) + "]");
        List<BenchReport.Row> rows = BenchReport.read(f);
        assertEquals(10, rows.size());
        PyTorchAnchors torch = new PyTorchAnchors("PyTorch test", "then", "a machine", "a command", new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"student\": {\"latency_b1_ms\": 0.2, \"throughput_b128\": 5000, \"train_b128\": 2000},"
                        + " \"ccnn\": {\"latency_b1_ms\": 8, \"throughput_b128\": 450, \"train_b128\": 200}}"));
        String md = BenchReport.markdown(rows, torch);
        assertTrue(md.contains("| latency, batch 1 (ms) | student | 0.0500 | 0.1000 | 2.0000 | 0.2000 | 0.50 | 0.03 | 0.25 |"), md);
        assertTrue(md.contains("| throughput, batch 128 (samples/s) | ccnn | 900 | 600 | n/a | 450 | 1.50 | n/a | 2.00 |"), md);
        assertTrue(md.contains("PyTorch test, measured then on a machine (source: a command)"), md);
        // the goals: student latency 0.05 ms against ONNX Runtime's 0.1 (met), CCNN throughput 900 against 1.2 x 600 (met)
        assertTrue(md.contains("| student, batch 1 latency | at most ONNX Runtime's time | 0.0500 ms | 0.1000 ms (ONNX Runtime) | 0.50 | yes |"), md);
        assertTrue(md.contains("| CCNN, batch 128 throughput | at least 1.2x ONNX Runtime's | 900 | 600 (ONNX Runtime) | 1.50 | yes |"), md);
        double nd4jPeak = 2e9 / 0.02 / 1e9, peak = 2e9 / 0.01 / 1e9; // 2 n^3 / time, n = 1000: 20 ms (a file without path: ND4J's), 10 ms
        assertTrue(md.contains(String.format(Locale.ROOT, "through Nd4j.gemm: 20.00 ms, **%.1f GFLOP/s**", nd4jPeak)), md);
        assertTrue(md.contains(String.format(Locale.ROOT, "through our Gemm (OpenBLAS called directly): 10.00 ms, **%.1f GFLOP/s**", peak)), md);
        assertTrue(md.contains("| 2x500x100 | nd4j | 50.0 | 4.0 |"), md); // 2 * 2 * 500 * 100 flop / 50 us
        assertTrue(md.contains("sgemm 10 x 10 x 10 (almost no arithmetic) through Nd4j.gemm: 12.5 us per call"), md);
        double gflops = 2.0 * Models.evokeStudent(0).summary().macs() * 8 / 400e-6 / 1e9;
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

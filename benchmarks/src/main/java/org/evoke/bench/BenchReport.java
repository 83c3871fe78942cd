package org.evoke.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.nn.models.Models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff results.json}) into the Markdown of docs/benchmarks.md: the
 * side-by-side table with ratios ours / theirs, latency against batch size with achieved GFLOP/s next to the
 * measured gemm peak.
 * <pre>java -cp benchmarks/target/benchmarks.jar org.evoke.bench.BenchReport results.json</pre>
 */
public final class BenchReport {
    /** One JMH result: benchmark class and method, parameters, score, 99.9% error, unit. */
    public record Row(String benchmark, Map<String, String> params, double score, double error, String unit) {
        String param(String k) {
            return params.getOrDefault(k, "");
        }
    }

    private static final String[] PEERS = {"onnxruntime", "dl4j"};

    private BenchReport() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BenchReport results.json (a JMH result file written with -rf json)");
        }
        System.out.println(markdown(read(Path.of(args[0]))));
    }

    /** Reads a JMH JSON result file. */
    public static List<Row> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JMH results " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result file: expected a JSON array of results");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode n : root) {
            JsonNode m = n.get("primaryMetric");
            if (m == null || n.get("benchmark") == null) {
                throw new IllegalArgumentException(file + ": a result lacks 'benchmark' or 'primaryMetric'");
            }
            String full = n.get("benchmark").asText();
            String[] parts = full.split("\\.");
            String bench = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
            Map<String, String> params = new TreeMap<>();
            if (n.has("params")) {
                n.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            double err = m.get("scoreError").isNumber() ? m.get("scoreError").asDouble() : Double.NaN;
            rows.add(new Row(bench, params, m.get("score").asDouble(), err, m.get("scoreUnit").asText()));
        }
        return rows;
    }

    /** The rows of a JMH run made through the Runner API. */
    public static List<Row> rows(java.util.Collection<org.openjdk.jmh.results.RunResult> results) {
        List<Row> rows = new ArrayList<>();
        for (org.openjdk.jmh.results.RunResult r : results) {
            String full = r.getParams().getBenchmark();
            String[] parts = full.split("\\.");
            String bench = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
            Map<String, String> params = new TreeMap<>();
            for (String k : r.getParams().getParamsKeys()) {
                params.put(k, r.getParams().getParam(k));
            }
            org.openjdk.jmh.results.Result<?> p = r.getPrimaryResult();
            rows.add(new Row(bench, params, p.getScore(), p.getScoreError(), p.getScoreUnit()));
        }
        return rows;
    }

    /** The report's Markdown, with the PyTorch anchors shipped in the jar. */
    public static String markdown(List<Row> rows) {
        return markdown(rows, PyTorchAnchors.load());
    }

    /** The report's Markdown. */
    public static String markdown(List<Row> rows, PyTorchAnchors pytorch) {
        StringBuilder sb = new StringBuilder();
        sideBySide(sb, rows, pytorch);
        goals(sb, rows, pytorch);
        scaling(sb, rows);
        return sb.toString();
    }

    /**
     * The six speed goals of issue 11 (docs/benchmarks.md), each with the run's ratio: ours against ONNX Runtime in
     * the same run, and training against the PyTorch anchor.
     */
    private static void goals(StringBuilder sb, List<Row> rows, PyTorchAnchors pytorch) {
        StringBuilder t = new StringBuilder();
        goal(t, rows, "LatencyBenchmark.inferBatch1", "student", "student, batch 1 latency", "at most ONNX Runtime's time", true, 1.0, null);
        goal(t, rows, "ThroughputBenchmark.inferBatch128", "student", "student, batch 128 throughput", "at least ONNX Runtime's", false, 1.0, null);
        goal(t, rows, "LatencyBenchmark.inferBatch1", "ccnn", "CCNN, batch 1 latency", "at most ONNX Runtime's time", true, 1.0, null);
        goal(t, rows, "ThroughputBenchmark.inferBatch128", "ccnn", "CCNN, batch 128 throughput", "at least 1.2x ONNX Runtime's", false, 1.2, null);
        goal(t, rows, "TrainingBenchmark.trainStepBatch128", "student", "training step, batch 128, student", "at least 1.5x PyTorch", false, 1.5, pytorch.training("student"));
        goal(t, rows, "TrainingBenchmark.trainStepBatch128", "ccnn", "training step, batch 128, CCNN", "at least 1.5x PyTorch", false, 1.5, pytorch.training("ccnn"));
        if (t.length() == 0) {
            return;
        }
        sb.append("### The speed goals\n\n| goal | target | evoke | reference | evoke / reference | met |\n|---|---|---:|---:|---:|---|\n");
        sb.append(t).append('\n');
    }

    private static void goal(StringBuilder t, List<Row> rows, String bench, String model, String what, String target,
                             boolean latency, double factor, Double anchor) {
        Row ours = find(rows, bench, model, "evoke");
        if (ours == null) {
            return;
        }
        double mine = latency ? micros(ours) / 1000 : ours.score(), ref;
        String refText;
        if (anchor != null) {
            ref = anchor;
            refText = String.format(Locale.ROOT, "%,.0f (PyTorch anchor)", ref);
        } else {
            Row ort = find(rows, bench, model, "onnxruntime");
            if (ort == null) {
                return;
            }
            ref = latency ? micros(ort) / 1000 : ort.score();
            refText = latency ? String.format(Locale.ROOT, "%.4f ms (ONNX Runtime)", ref) : String.format(Locale.ROOT, "%,.0f (ONNX Runtime)", ref);
        }
        double ratio = mine / ref;
        boolean met = latency ? ratio <= factor : ratio >= factor;
        t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s |%n", what, target,
                latency ? String.format(Locale.ROOT, "%.4f ms", mine) : String.format(Locale.ROOT, "%,.0f", mine), refText, ratio,
                met ? "yes" : "**no**"));
    }

    private static Row find(List<Row> rows, String bench, String model, String engine) {
        for (Row r : rows) {
            if (r.benchmark().equals(bench) && r.param("model").equals(model) && r.param("engine").equals(engine)) {
                return r;
            }
        }
        return null;
    }

    private static void sideBySide(StringBuilder sb, List<Row> rows, PyTorchAnchors pytorch) {
        sb.append("### Side by side\n\n");
        sb.append("Ratio = ours / theirs in the benchmark's unit: for latency (ms) below 1 means we are faster; for samples/s above 1 means we are faster. ")
                .append("PyTorch is an anchor, not part of this run: ").append(pytorch.describe()).append(".\n\n");
        sb.append("| benchmark | model | evoke | onnxruntime | dl4j | PyTorch (anchor) | evoke / onnxruntime | evoke / dl4j | evoke / PyTorch |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        String[][] benches = {
                {"LatencyBenchmark.inferBatch1", "latency, batch 1 (ms)"},
                {"ThroughputBenchmark.inferBatch128", "throughput, batch 128 (samples/s)"},
                {"TrainingBenchmark.trainStepBatch128", "training step, batch 128 (samples/s)"}};
        for (String[] b : benches) {
            for (String model : new String[]{"student", "ccnn"}) {
                Map<String, Row> byEngine = new LinkedHashMap<>();
                for (Row r : rows) {
                    if (r.benchmark().equals(b[0]) && r.param("model").equals(model)) {
                        byEngine.put(r.param("engine"), r);
                    }
                }
                if (byEngine.isEmpty()) {
                    continue;
                }
                boolean latency = b[0].startsWith("Latency");
                double torch = latency ? pytorch.latencyMs(model) : b[0].startsWith("Throughput") ? pytorch.throughput(model) : pytorch.training(model);
                sb.append("| ").append(b[1]).append(" | ").append(model).append(" | ")
                        .append(cell(byEngine.get("evoke"), latency)).append(" | ")
                        .append(cell(byEngine.get("onnxruntime"), latency)).append(" | ")
                        .append(cell(byEngine.get("dl4j"), latency)).append(" | ")
                        .append(latency ? String.format(Locale.ROOT, "%.4f", torch) : String.format(Locale.ROOT, "%,.0f", torch));
                Row ours = byEngine.get("evoke");
                for (String peer : PEERS) {
                    Row theirs = byEngine.get(peer);
                    sb.append(" | ").append(ours == null || theirs == null ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", ours.score() / theirs.score()));
                }
                sb.append(" | ").append(ours == null ? "n/a" : String.format(Locale.ROOT, "%.2f",
                        (latency ? micros(ours) / 1000 : ours.score()) / torch));
                sb.append(" |\n");
            }
        }
        sb.append('\n');
    }

    /** The gemm path of a row of the gemm benchmarks; results from before the {@code path} parameter were ND4J's. */
    private static String path(Row r) {
        String p = r.param("path");
        return p.isEmpty() ? "nd4j" : p;
    }

    private static String pathName(Row r) {
        return path(r).equals("evoke") ? "our Gemm (OpenBLAS called directly)" : "Nd4j.gemm";
    }

    private static void scaling(StringBuilder sb, List<Row> rows) {
        List<Row> square = rows.stream().filter(r -> r.benchmark().equals("GemmPeakBenchmark.sgemm")).toList();
        int largest = square.stream().mapToInt(r -> Integer.parseInt(r.param("size"))).max().orElse(0);
        int smallest = square.stream().mapToInt(r -> Integer.parseInt(r.param("size"))).min().orElse(0);
        double peakGflops = Double.NaN;
        if (!square.isEmpty()) {
            sb.append("### Gemm peak\n\n");
            for (Row r : square) {
                if (Integer.parseInt(r.param("size")) != largest) {
                    continue;
                }
                double n = largest, g = 2 * n * n * n / (micros(r) * 1e-6) / 1e9;
                peakGflops = Double.isNaN(peakGflops) ? g : Math.max(peakGflops, g);
                sb.append(String.format(Locale.ROOT, "sgemm %d x %d x %d through %s: %.2f ms, **%.1f GFLOP/s** (2 n^3 / time). ",
                        largest, largest, largest, pathName(r), micros(r) / 1000, g));
            }
            if (smallest != largest) {
                for (Row r : square) {
                    if (Integer.parseInt(r.param("size")) == smallest) {
                        sb.append(String.format(Locale.ROOT, "sgemm %d x %d x %d (almost no arithmetic) through %s: %.1f us per call, the fixed cost of one gemm call. ",
                                smallest, smallest, smallest, pathName(r), micros(r)));
                    }
                }
            }
            sb.setLength(sb.length() - 1);
            sb.append("\n\n");
        }
        List<Row> gemms = rows.stream().filter(r -> r.benchmark().equals("SmallGemmBenchmark.sgemm")).toList();
        if (!gemms.isEmpty()) {
            sb.append("### The student's gemms at batch 1, alone\n\n| M x K x N | path | time (us) | GFLOP/s |\n|---|---|---:|---:|\n");
            for (Row r : gemms) {
                String[] p = r.param("shape").replace("t", "").split("x");
                double flop = 2.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f |%n", r.param("shape"), path(r), micros(r), flop / (micros(r) * 1e-6) / 1e9));
            }
            sb.append('\n');
        }
        List<Row> scale = rows.stream().filter(r -> r.benchmark().equals("BatchScalingBenchmark.infer")).toList();
        if (scale.isEmpty()) {
            return;
        }
        sb.append("### Our latency against batch size\n\n");
        sb.append("| model | batch | latency (ms) | per sample (us) | samples/s | GFLOP/s (2 x MACs x batch / time) | of gemm peak |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        final double peakG = peakGflops;
        for (String model : new String[]{"student", "ccnn"}) {
            long macs = Models.byName(model, 0).summary().macs();
            scale.stream().filter(r -> r.param("model").equals(model))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.param("batch")), Integer.parseInt(b.param("batch"))))
                    .forEach(r -> {
                        int batch = Integer.parseInt(r.param("batch"));
                        double us = micros(r);
                        double gflops = 2.0 * macs * batch / (us * 1e-6) / 1e9;
                        sb.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.2f | %,.0f | %.1f | %s |%n", model, batch, us / 1000,
                                us / batch, batch / (us * 1e-6), gflops,
                                Double.isNaN(peakG) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * gflops / peakG)));
                    });
        }
        sb.append('\n');
    }

    /** An average-time score in microseconds. */
    private static double micros(Row r) {
        return switch (r.unit()) {
            case "us/op" -> r.score();
            case "ms/op" -> r.score() * 1000;
            case "ns/op" -> r.score() / 1000;
            case "s/op" -> r.score() * 1e6;
            default -> throw new IllegalArgumentException(r.benchmark() + " has unit " + r.unit() + "; expected an average time (us/op)");
        };
    }

    private static String cell(Row r, boolean latencyMs) {
        if (r == null) {
            return "n/a";
        }
        if (latencyMs) {
            String err = Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %.4f", micros(r) * r.error() / r.score() / 1000);
            return String.format(Locale.ROOT, "%.4f", micros(r) / 1000) + err;
        }
        if (!r.unit().equals("ops/s")) {
            throw new IllegalArgumentException(r.benchmark() + " has unit " + r.unit() + "; expected ops/s (samples/s)");
        }
        String err = Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %,.0f", r.error());
        return String.format(Locale.ROOT, "%,.0f", r.score()) + err;
    }
}

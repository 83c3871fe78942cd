package org.evoke.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.nn.models.Models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** The report's Markdown: every engine side by side, the speed goals, then the gemm and batch-size tables. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        double peak = gemmPeak(rows);
        sideBySide(sb, rows, peak);
        goals(sb, rows);
        scaling(sb, rows, peak);
        return sb.toString();
    }

    /** What a row of the side-by-side table measures. */
    enum Kind {
        LATENCY("latency, batch 1 (ms)", true),
        THROUGHPUT("throughput (samples/s)", false),
        TRAINING("training step, batch 128 (samples/s)", false),
        IDLE("after 1 s idle, batch 1 (ms)", true),
        IDLE_BUSY("after 1 s idle, busy neighbour (ms)", true);

        final String label;
        final boolean lowerIsBetter;

        Kind(String label, boolean lowerIsBetter) {
            this.label = label;
            this.lowerIsBetter = lowerIsBetter;
        }
    }

    /** A measured value in the kind's unit (ms or samples/s) with JMH's error (NaN when unknown), and its batch. */
    record Value(double value, double error, int batch) {
    }

    /** The models of the side-by-side table, Table I's order. */
    static final List<String> MODELS = List.of("vitb16", "arjunvit", "vit", "ccnn", "student");

    /** The value of {@code kind} for {@code model} on {@code engine} in this run, or null. */
    static Value value(List<Row> rows, Kind kind, String model, String engine) {
        for (Row r : rows) {
            if (!r.param("model").equals(model) || !r.param("engine").equals(engine)) {
                continue;
            }
            String b = r.benchmark();
            boolean transformer = b.equals("TransformerBenchmark.infer");
            String batchParam = r.param("batch");
            switch (kind) {
                case LATENCY -> {
                    if (b.equals("LatencyBenchmark.inferBatch1") || transformer && batchParam.equals("1")) {
                        return ms(r, 1);
                    }
                }
                case THROUGHPUT -> {
                    if (b.equals("ThroughputBenchmark.inferBatch128")) {
                        return new Value(r.score(), r.error(), ThroughputBenchmark.BATCH);
                    }
                    if (transformer && !batchParam.equals("1")) {
                        int batch = batchParam.equals("0") ? TransformerBenchmark.throughputBatch(model) : Integer.parseInt(batchParam);
                        double us = micros(r), perSecond = batch * 1e6 / us;
                        return new Value(perSecond, perSecond * r.error() / r.score(), batch);
                    }
                }
                case TRAINING -> {
                    if (b.equals("TrainingBenchmark.trainStepBatch128")) {
                        return new Value(r.score(), r.error(), TrainingBenchmark.BATCH);
                    }
                }
                case IDLE, IDLE_BUSY -> {
                    if (b.equals("IdleLatencyBenchmark.inferAfterIdle")
                            && r.param("neighbour").equals(kind == Kind.IDLE ? "none" : "busy")) {
                        return ms(r, 1);
                    }
                }
            }
        }
        return null;
    }

    private static Value ms(Row r, int batch) {
        return new Value(micros(r) / 1000, micros(r) * r.error() / r.score() / 1000, batch);
    }

    /** How many times faster ours is than {@code theirs}: above 1 we are faster, whatever the unit. */
    static double speedup(Kind kind, Value ours, Value theirs) {
        return kind.lowerIsBetter ? theirs.value() / ours.value() : ours.value() / theirs.value();
    }

    /** The faster of the inference peers (ONNX Runtime, PyTorch) for this row, or PyTorch alone for training. */
    static String fastestPeer(List<Row> rows, Kind kind, String model) {
        String best = null;
        Value bestValue = null;
        for (String peer : kind == Kind.TRAINING ? List.of("pytorch") : Peers.INFERENCE) {
            Value v = value(rows, kind, model, peer);
            if (v != null && (bestValue == null || (kind.lowerIsBetter ? v.value() < bestValue.value() : v.value() > bestValue.value()))) {
                best = peer;
                bestValue = v;
            }
        }
        return best;
    }

    /**
     * Every model, every measurement, every engine of the run: the value, our speed-up over the faster peer, and
     * the arithmetic rate we reach (2 x MACs per sample; a training step counted as 3 forward passes) with its share
     * of the run's gemm peak.
     */
    private static void sideBySide(StringBuilder sb, List<Row> rows, double peak) {
        StringBuilder t = new StringBuilder();
        List<String> engines = Peers.ALL.stream().filter(e -> rows.stream().anyMatch(r -> r.param("engine").equals(e))).toList();
        for (Kind kind : Kind.values()) {
            for (String model : MODELS) {
                Value ours = value(rows, kind, model, "evoke");
                boolean any = false;
                StringBuilder line = new StringBuilder("| " + kind.label + " | " + label(model, kind, ours) + " |");
                for (String e : engines) {
                    Value v = value(rows, kind, model, e);
                    any |= v != null;
                    line.append(' ').append(cell(v, kind)).append(" |");
                }
                if (!any) {
                    continue;
                }
                String peer = fastestPeer(rows, kind, model);
                if (ours != null && peer != null) {
                    line.append(String.format(Locale.ROOT, " %.2fx (%s) |", speedup(kind, ours, value(rows, kind, model, peer)), Peers.label(peer)));
                } else {
                    line.append(" n/a |");
                }
                if (ours != null) {
                    double samplesPerSecond = kind.lowerIsBetter ? ours.batch() * 1000 / ours.value() : ours.value();
                    double gflops = 2.0 * macs(model) * samplesPerSecond * (kind == Kind.TRAINING ? 3 : 1) / 1e9;
                    line.append(String.format(Locale.ROOT, " %.1f | %s |", gflops,
                            Double.isNaN(peak) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * gflops / peak)));
                } else {
                    line.append(" n/a | n/a |");
                }
                t.append(line).append('\n');
            }
        }
        if (t.length() == 0) {
            return;
        }
        sb.append("### Side by side\n\n");
        sb.append("Every engine in this one JMH run, same weights, logits checked against ours before timing. ")
                .append("Speed-up = how many times faster we are than the faster peer (ONNX Runtime or PyTorch; PyTorch alone for training): above 1 we lead. ")
                .append("GFLOP/s is ours: 2 x MACs per sample x samples/s (a training step counted as 3 forward passes), against the run's gemm peak (`GemmPeakBenchmark`). ")
                .append(Peers.describe()).append(".\n\n");
        sb.append("| measurement | model | ");
        for (String e : engines) {
            sb.append(Peers.label(e)).append(" | ");
        }
        sb.append("evoke's speed-up | evoke GFLOP/s | of gemm peak |\n|---|---|");
        sb.append("---:|".repeat(engines.size())).append("---:|---:|---:|\n");
        sb.append(t).append('\n');
    }

    private static String label(String model, Kind kind, Value v) {
        return kind == Kind.THROUGHPUT && v != null && v.batch() != ThroughputBenchmark.BATCH ? model + " (batch " + v.batch() + ")" : model;
    }

    private static final Map<String, Long> MACS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Multiply-accumulates of one sample of the benchmarks' model {@code name}. */
    static long macs(String name) {
        return MACS.computeIfAbsent(name, n -> (n.equals("vitb16") ? Models.vitB16(0, 3) : Models.byName(n, 0)).summary().macs());
    }

    /**
     * Issue 22's speed goals, each with this run's ratio: inference at batch 1 and at the throughput batch at least
     * 1.2x the faster of ONNX Runtime and PyTorch for every model; training at least 1.5x PyTorch; the idle-then-infer
     * latency at least the faster peer's, alone and beside a busy neighbour.
     */
    private static void goals(StringBuilder sb, List<Row> rows) {
        StringBuilder t = new StringBuilder();
        for (String model : MODELS) {
            goal(t, rows, Kind.LATENCY, model, 1.2);
            goal(t, rows, Kind.THROUGHPUT, model, 1.2);
        }
        for (String model : List.of("student", "ccnn", "arjunvit")) {
            goal(t, rows, Kind.TRAINING, model, 1.5);
        }
        for (String model : List.of("student", "ccnn")) {
            goal(t, rows, Kind.IDLE, model, 1.0);
            goal(t, rows, Kind.IDLE_BUSY, model, 1.0);
        }
        if (t.length() == 0) {
            return;
        }
        sb.append("### The speed goals\n\n| goal | model | target | evoke | faster peer | speed-up | met |\n|---|---|---|---:|---:|---:|---|\n");
        sb.append(t).append('\n');
    }

    private static void goal(StringBuilder t, List<Row> rows, Kind kind, String model, double factor) {
        Value ours = value(rows, kind, model, "evoke");
        String peer = fastestPeer(rows, kind, model);
        if (ours == null || peer == null) {
            return;
        }
        Value theirs = value(rows, kind, model, peer);
        double s = speedup(kind, ours, theirs);
        String target = factor == 1.0 ? "at least the faster peer's"
                : String.format(Locale.ROOT, "%.1fx %s", factor, kind == Kind.TRAINING ? "PyTorch's" : "the faster peer's");
        t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s (%s) | %.2f | %s |%n", kind.label, label(model, kind, ours), target,
                cell(ours, kind), cell(theirs, kind).replaceAll(" ± .*", ""), Peers.label(peer), s, s >= factor ? "yes" : "**no**"));
    }

    /** The gemm path of a row of the gemm benchmarks; results from before the {@code path} parameter were ND4J's. */
    private static String path(Row r) {
        String p = r.param("path");
        return p.isEmpty() ? "nd4j" : p;
    }

    private static String pathName(Row r) {
        return path(r).equals("evoke") ? "our Gemm (OpenBLAS called directly)" : "Nd4j.gemm";
    }

    /** The run's gemm peak in GFLOP/s: the fastest path at the largest size of {@code GemmPeakBenchmark}, or NaN. */
    static double gemmPeak(List<Row> rows) {
        List<Row> square = rows.stream().filter(r -> r.benchmark().equals("GemmPeakBenchmark.sgemm")).toList();
        int largest = square.stream().mapToInt(r -> Integer.parseInt(r.param("size"))).max().orElse(0);
        double peak = Double.NaN;
        for (Row r : square) {
            if (Integer.parseInt(r.param("size")) == largest) {
                double n = largest, g = 2 * n * n * n / (micros(r) * 1e-6) / 1e9;
                peak = Double.isNaN(peak) ? g : Math.max(peak, g);
            }
        }
        return peak;
    }

    private static void scaling(StringBuilder sb, List<Row> rows, double peakGflops) {
        List<Row> square = rows.stream().filter(r -> r.benchmark().equals("GemmPeakBenchmark.sgemm")).toList();
        int largest = square.stream().mapToInt(r -> Integer.parseInt(r.param("size"))).max().orElse(0);
        int smallest = square.stream().mapToInt(r -> Integer.parseInt(r.param("size"))).min().orElse(0);
        if (!square.isEmpty()) {
            sb.append("### Gemm peak\n\n");
            for (Row r : square) {
                if (Integer.parseInt(r.param("size")) != largest) {
                    continue;
                }
                double n = largest, g = 2 * n * n * n / (micros(r) * 1e-6) / 1e9;
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

    private static String cell(Value v, Kind kind) {
        if (v == null) {
            return "n/a";
        }
        String f = kind.lowerIsBetter ? "%.4f" : v.value() < 100 ? "%,.2f" : "%,.0f";
        String err = Double.isNaN(v.error()) ? "" : " ± " + String.format(Locale.ROOT, f, v.error());
        return String.format(Locale.ROOT, f, v.value()) + err;
    }
}

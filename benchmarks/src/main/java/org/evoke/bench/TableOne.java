package org.evoke.bench;

import org.evoke.nn.models.Models;
import org.evoke.nn.summary.ModelSummary;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Table I of the paper, measured on this machine next to the paper's values: layers, parameters, MACs and FLOPs,
 * weight size, inference time at batch 1 and throughput at batch 128. The static columns come from
 * {@link ModelSummary}; the timed ones from a short JMH run of {@link LatencyBenchmark} and
 * {@link ThroughputBenchmark} (and {@link TransformerBenchmark}) on our engine, on ONNX Runtime and on PyTorch
 * through DJL, all in the same run (JMH's Runner API, settings in {@link Settings}); each peer's row names its
 * version ({@link Peers}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.evoke.bench.TableOne [--warmup N] [--iterations N] [--time-ms MS] [--forks N]
 * </pre>
 * {@code ./evoke table} calls {@link #markdown(Settings)}. F1 and accuracy are not here: they come from the
 * cross-validated study ({@code evoke run}).
 */
public final class TableOne {
    /** The paper's Table I row for one model (RTX A6000 GPU). */
    public record Paper(String model, int layers, String params, String flops, String weight, double inferenceMs, double throughput) {
    }

    /** The paper's rows, verbatim (its "FLOPs" are multiply-accumulates, docs/design.md, section 3). */
    public static final Paper PAPER_CCNN = new Paper("CCNN", 12, "6.235M", "79.961M", "23.79MB", 0.6414, 24572.37);
    public static final Paper PAPER_EVOKE = new Paper("EVOKE", 8, "353.363K", "1.991M", "1.35MB", 0.3300, 80176.24);
    public static final Paper PAPER_VIT = new Paper("ViT", 140, "85.64M", "16.86G", "321.56MB", 6.96, 277.25);
    public static final Paper PAPER_ARJUN_VIT = new Paper("Arjun ViT", 41, "144.356K", "767.592K", "587.35KB", 1.6691, 20110.31);

    /**
     * One model's block of the table: its key in the measurements ("vitb16", "arjunvit", "ccnn", "student"), its
     * label, its summary (counted as thop counts), the paper's row and the batch of its throughput column.
     */
    public record Spec(String key, String label, ModelSummary summary, Paper paper, int throughputBatch) {
    }

    /** The four rows of Table I, top to bottom as the paper prints them. The transformers are counted with 4 outputs. */
    public static java.util.List<Spec> fourRows() {
        return java.util.List.of(
                new Spec("vitb16", "ViT (ViT-B/16, 3 x 224 x 224)", Models.vitB16(0, 4).summary(), PAPER_VIT,
                        TransformerBenchmark.throughputBatch("vitb16")),
                new Spec("arjunvit", "Arjun ViT (raw 32 x 128)", Models.arjunVit(0, 4).summary(), PAPER_ARJUN_VIT,
                        TransformerBenchmark.throughputBatch("arjunvit")),
                new Spec("ccnn", "CCNN (teacher)", Models.ccnn(0).summary(), PAPER_CCNN, ThroughputBenchmark.BATCH),
                new Spec("student", "EVOKE (student)", Models.evokeStudent(0).summary(), PAPER_EVOKE, ThroughputBenchmark.BATCH));
    }

    /** JMH settings of the timed columns; {@link #quick()} takes about a minute on two cores. */
    public record Settings(int warmupIterations, int warmupMillis, int iterations, int iterationMillis, int forks) {
        public Settings {
            if (warmupIterations < 0 || warmupMillis < 1 || iterations < 1 || iterationMillis < 1 || forks < 0) {
                throw new IllegalArgumentException("JMH settings need warmup >= 0, iterations >= 1, times >= 1 ms, forks >= 0; got " + this);
            }
        }

        public static Settings quick() {
            return new Settings(1, 1000, 3, 1000, 1);
        }

        @Override
        public String toString() {
            return String.format("JMH: %d fork(s), %d warmup x %d ms, %d measurement x %d ms", forks, warmupIterations,
                    warmupMillis, iterations, iterationMillis);
        }
    }

    /** A timed value with JMH's 99.9% error half-width (NaN when there were too few iterations). */
    public record Timed(double value, double error) {
    }

    /** One model's measured columns: latency in ms at batch 1, throughput in samples/s at batch 128. */
    public record Measured(Timed latencyMs, Timed samplesPerSecond) {
    }

    private TableOne() {
    }

    public static void main(String[] args) throws RunnerException {
        System.out.println(markdown(parse(args)));
    }

    /** Measures all four models with {@code settings} and returns Table I as Markdown. */
    public static String markdown(Settings settings) throws RunnerException {
        String[] engines = ENGINES.toArray(new String[0]);
        Map<String, Measured> m = new LinkedHashMap<>(measureTransformers(settings, java.util.List.of("vitb16", "arjunvit"), engines));
        m.putAll(measure(settings, engines));
        return render(fourRows(), m, Machine.describe(), settings.toString());
    }

    /**
     * Runs {@link TransformerBenchmark} for {@code models} on {@code engines} at batch 1 and at the throughput batch;
     * returns latency (ms) and throughput (samples/s = batch / time) by "engine/model".
     */
    public static Map<String, Measured> measureTransformers(Settings s, java.util.List<String> models, String... engines)
            throws RunnerException {
        Options opts = new OptionsBuilder()
                .include("^" + TransformerBenchmark.class.getName() + "\\.")
                .param("engine", engines)
                .param("model", models.toArray(new String[0]))
                .param("batch", "1", "0")
                .warmupIterations(s.warmupIterations()).warmupTime(TimeValue.milliseconds(s.warmupMillis()))
                .measurementIterations(s.iterations()).measurementTime(TimeValue.milliseconds(s.iterationMillis()))
                .forks(s.forks())
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        System.err.println("Table I: measuring " + String.join(", ", models) + ", batch 1 and the throughput batch, "
                + String.join(" and ", engines) + " (" + s + ") ...");
        Map<String, Timed> latency = new LinkedHashMap<>(), throughput = new LinkedHashMap<>();
        for (RunResult r : new Runner(opts).run()) {
            String model = r.getParams().getParam("model");
            String key = r.getParams().getParam("engine") + "/" + model;
            Result<?> p = r.getPrimaryResult();
            double us = p.getScore(), err = p.getScoreError();
            if (r.getParams().getParam("batch").equals("1")) {
                latency.put(key, new Timed(us / 1000, err / 1000));
            } else {
                double perSecond = TransformerBenchmark.throughputBatch(model) * 1e6 / us;
                throughput.put(key, new Timed(perSecond, Double.isNaN(err) ? Double.NaN : perSecond * err / us));
            }
        }
        Map<String, Measured> out = new LinkedHashMap<>();
        for (String engine : engines) {
            for (String m : models) {
                String key = engine + "/" + m;
                if (!latency.containsKey(key) || !throughput.containsKey(key)) {
                    throw new IllegalStateException("JMH returned no result for " + key);
                }
                out.put(key, new Measured(latency.get(key), throughput.get(key)));
            }
        }
        return out;
    }

    /** The engines of the table: ours and the inference peers ({@link Peers#INFERENCE}). */
    public static final java.util.List<String> ENGINES = java.util.List.of("evoke", "onnxruntime", "pytorch");

    /**
     * Runs the latency and throughput benchmarks of the two CNNs on {@link #ENGINES}, in one JMH run; returns the
     * measurements by "engine/model" (evoke/ccnn, onnxruntime/student, pytorch/ccnn, ...).
     */
    public static Map<String, Measured> measure(Settings s) throws RunnerException {
        return measure(s, ENGINES.toArray(new String[0]));
    }

    /** The same for the given engines. */
    public static Map<String, Measured> measure(Settings s, String... engines) throws RunnerException {
        Options opts = new OptionsBuilder()
                .include("^" + LatencyBenchmark.class.getName() + "\\.")
                .include("^" + ThroughputBenchmark.class.getName() + "\\.")
                .param("engine", engines)
                .param("model", "ccnn", "student")
                .warmupIterations(s.warmupIterations()).warmupTime(TimeValue.milliseconds(s.warmupMillis()))
                .measurementIterations(s.iterations()).measurementTime(TimeValue.milliseconds(s.iterationMillis()))
                .forks(s.forks())
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        System.err.println("Table I: measuring ccnn and student, batch 1 and 128, " + String.join(" and ", engines) + " (" + s + ") ...");
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Timed> latency = new LinkedHashMap<>(), throughput = new LinkedHashMap<>();
        for (RunResult r : results) {
            String model = r.getParams().getParam("engine") + "/" + r.getParams().getParam("model");
            Result<?> p = r.getPrimaryResult();
            if (r.getParams().getBenchmark().startsWith(LatencyBenchmark.class.getName())) {
                latency.put(model, new Timed(p.getScore() / 1000, p.getScoreError() / 1000)); // us -> ms
            } else {
                throughput.put(model, new Timed(p.getScore(), p.getScoreError()));
            }
        }
        Map<String, Measured> out = new LinkedHashMap<>();
        for (String engine : engines) {
            for (String m : new String[]{"ccnn", "student"}) {
                String model = engine + "/" + m;
                if (!latency.containsKey(model) || !throughput.containsKey(model)) {
                    throw new IllegalStateException("JMH returned no result for " + model + "; latency " + latency.keySet()
                            + ", throughput " + throughput.keySet());
                }
                out.put(model, new Measured(latency.get(model), throughput.get(model)));
            }
        }
        return out;
    }

    /** Table I as Markdown for the two CNNs (the study's report; {@link #render(java.util.List, Map, String, String)}). */
    public static String render(ModelSummary teacher, ModelSummary student, Map<String, Measured> times, String hardware, String settings) {
        return render(java.util.List.of(new Spec("ccnn", "CCNN (teacher)", teacher, PAPER_CCNN, ThroughputBenchmark.BATCH),
                new Spec("student", "EVOKE (student)", student, PAPER_EVOKE, ThroughputBenchmark.BATCH)), times, hardware, settings);
    }

    /**
     * Table I as Markdown: per model the row measured here, each peer's row from the same JMH run (ONNX Runtime on
     * our ONNX export, PyTorch through DJL; the same weights), and the paper's row; then hardware and settings.
     * {@code times} is keyed "engine/model"; a peer without a measurement is left out.
     */
    public static String render(java.util.List<Spec> rows, Map<String, Measured> times, String hardware, String settings) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Table I, measured here next to the paper\n\n");
        sb.append("| Model | #Layers | #Params (thop) | MACs, thop (paper's \"FLOPs\") | FLOPs (2 x MACs) | Weight: params / file | Inference, batch 1 (ms) | Throughput (samples/s) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        boolean anyPeer = false, smallBatch = false;
        for (Spec spec : rows) {
            String model = spec.key();
            Measured ours = times.get("evoke/" + model);
            if (ours == null) {
                throw new IllegalArgumentException("no measurement of evoke/" + model + "; have " + times.keySet());
            }
            String batch = spec.throughputBatch() == ThroughputBenchmark.BATCH ? "" : " (batch " + spec.throughputBatch() + ")";
            smallBatch |= !batch.isEmpty();
            row(sb, spec.label() + ", evoke here", spec.summary(), ours, batch);
            for (String peer : Peers.INFERENCE) {
                Measured m = times.get(peer + "/" + model);
                if (m == null) {
                    continue;
                }
                anyPeer = true;
                sb.append(String.format(Locale.ROOT, "| %s, %s here (same run) | | | | | | %s (evoke %.2fx faster) | %s%s (evoke %.2fx) |%n",
                        spec.paper().model(), Peers.label(peer), timed(m.latencyMs(), "%.4f"), m.latencyMs().value() / ours.latencyMs().value(),
                        timed(m.samplesPerSecond(), "%,.0f"), batch, ours.samplesPerSecond().value() / m.samplesPerSecond().value()));
            }
            paper(sb, spec.paper());
        }
        sb.append('\n');
        sb.append("Here: ").append(hardware).append("; float32, ").append(settings)
                .append(". Inference is the average time of one `Model.forward` of 1 sample; throughput is batch / (average time of one batch), at batch 128")
                .append(smallBatch ? " except where the row says (ViT-B/16: a batch of 128 takes about a minute here, so its throughput is"
                        + " measured at batch 8)" : "").append(". ")
                .append(anyPeer ? Peers.describe() + " (opset 13 for the CNNs' export, 17 for the transformers'). " : "")
                .append("\"evoke Nx faster\": the peer's time over ours, or our samples/s over the peer's.\n");
        sb.append("Counted as the paper's tool (thop) counts: a vision transformer's own class token and position embedding are left out"
                        + " of #Params, and the transformers have 4 outputs here, as in the paper's counts (the timed models have the study's 3);"
                        + " `./evoke table --static` explains each convention (docs/models.md). ")
                .append("Paper: RTX A6000 GPU, PyTorch; its weight column is the torch.save file in MB (MiB). ")
                .append("F1 and accuracy are measured by the cross-validated study (`evoke run --models ...`), not by this table.\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, ModelSummary s, Measured t, String batch) {
        sb.append(String.format(Locale.ROOT, "| %s | %d | %,d | %,d | %,d | %.3f / %.3f MiB | %s | %s%s |%n", label, s.layerCount(),
                s.thopParameterCount(), s.thopMacs(), 2 * s.thopMacs(), ModelSummary.mib(s.weightBytes()), ModelSummary.mib(s.fileBytes()),
                timed(t.latencyMs(), "%.4f"), timed(t.samplesPerSecond(), "%,.0f"), batch));
    }

    private static void paper(StringBuilder sb, Paper p) {
        sb.append(String.format(Locale.ROOT, "| %s, paper (RTX A6000) | %d | %s | %s | | %s | %.4f | %,.2f |%n", p.model(), p.layers(),
                p.params(), p.flops(), p.weight(), p.inferenceMs(), p.throughput()));
    }

    private static String timed(Timed t, String format) {
        if (format.equals("%,.0f") && Math.abs(t.value()) < 100) {
            format = "%,.2f"; // ViT-B/16's few samples per second
        }
        String v = String.format(Locale.ROOT, format, t.value());
        return Double.isNaN(t.error()) ? v : v + " ± " + String.format(Locale.ROOT, format, t.error());
    }

    /** Parses {@code --warmup N --iterations N --time-ms MS --forks N} over {@link Settings#quick()}. */
    public static Settings parse(String[] args) {
        Settings q = Settings.quick();
        int warmup = q.warmupIterations(), iterations = q.iterations(), millis = q.iterationMillis(), forks = q.forks();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value; usage: [--warmup N] [--iterations N] [--time-ms MS] [--forks N]");
            }
            int v;
            try {
                v = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + a + " needs an integer, got '" + args[i] + "'");
            }
            switch (a) {
                case "--warmup" -> warmup = v;
                case "--iterations" -> iterations = v;
                case "--time-ms" -> millis = v;
                case "--forks" -> forks = v;
                default -> throw new IllegalArgumentException("unknown option " + a + "; expected --warmup, --iterations, --time-ms or --forks");
            }
        }
        return new Settings(warmup, millis, iterations, millis, forks);
    }
}

package org.evoke.bench;

import org.evoke.nn.Fusable;
import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.Pointwise;
import org.evoke.nn.layers.Conv2d;
import org.evoke.nn.layers.TransformerBlock;
import org.evoke.nn.models.Models;
import org.evoke.tensor.blas.BlasCore;
import org.evoke.tensor.blas.Gemm;
import org.evoke.tensor.Kernels;
import org.evoke.tensor.ops.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A timed main that splits our inference time by layer, in context: the whole forward runs call after call, as
 * {@code Model.forward} runs it (activations fused into the layer before them, convolutions handing over channels
 * last), and each layer's share of every call is timed ({@code Sequential.forward(x, false, nanos)}), so each layer sees the caches the others leave (at batch 1 the teacher's weights do not all fit in
 * the last-level cache, and a layer timed alone in a loop would look faster than it is). Per layer: the kernels it
 * ran on, time, GFLOP/s (2 x MACs x batch / time) and share of the machine's peak, taken as OpenBLAS's sgemm of
 * 1024^3 on all threads measured at the start. A profiling aid: the JMH benchmarks are the measurements of record.
 * For the transformers a second table splits the blocks' time by step ({@link TransformerBlock#STEPS}).
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar org.evoke.bench.LayerTimes student|ccnn|arjunvit|vit|vitb16 1 [calls]</pre>
 */
public final class LayerTimes {
    /** One layer's (or fused pair's) average forward time in context, with its kernels and MACs per sample. */
    public record Time(String layer, String kernels, long macs, double micros) {
    }

    private LayerTimes() {
    }

    public static void main(String[] args) {
        BlasCore.configure();
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: LayerTimes student|ccnn|arjunvit|vit|vitb16 batch [calls]");
        }
        String model = args[0];
        int batch = Integer.parseInt(args[1]);
        Model m = Engines.model(model);
        long work = Math.max(1, m.network().macs(m.inputShape()) * (long) batch);
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : (int) Math.max(10, Math.min(4000 / batch, 2_000_000_000L / work));
        double peak = gemmPeak();
        INDArray x = Inputs.xArray(m.inputShape(), batch, Engines.DATA_SEED);
        List<TransformerBlock> blocks = blocks(m);
        long[] steps = new long[TransformerBlock.STEPS.size()];
        blocks.forEach(b -> b.profile(steps));
        List<Time> times = measure(m, x, calls, steps);
        blocks.forEach(b -> b.profile(null));
        System.out.println(table(model, batch, calls, times, peak));
        if (!blocks.isEmpty()) {
            System.out.println(stepTable(blocks, m, steps, batch, calls, peak));
        }
    }

    /** The model's transformer blocks, in order. */
    static List<TransformerBlock> blocks(Model m) {
        List<TransformerBlock> out = new ArrayList<>();
        for (Layer l : m.network().layers()) {
            if (l instanceof TransformerBlock b) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * The transformer blocks' time split by step ({@link TransformerBlock#STEPS}), summed over the blocks, from the
     * {@code calls} timed forwards: the profile's second table.
     */
    static String stepTable(List<TransformerBlock> blocks, Model m, long[] nanos, int batch, int calls, double peak) {
        TransformerBlock b0 = blocks.get(0);
        long[] shape = m.inputShape();
        for (Layer l : m.network().layers()) {
            if (l == b0) {
                break;
            }
            shape = l.outputShape(shape);
        }
        long n = shape[0], d = shape[1];
        var attn = b0.attention();
        long inner = (long) attn.heads() * attn.headDim(), mlp = b0.fc1().parameters().get(0).value().size(0);
        long[] macs = {0, n * d * 3 * inner, 2L * attn.heads() * n * n * attn.headDim(), attn.toOut() == null ? 0 : n * inner * d,
                0, 0, n * d * mlp, 0, n * mlp * d, 0};
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%d transformer blocks of %d tokens x %d, by step (summed over the blocks):%n%n", blocks.size(), n, d));
        sb.append("| step | us per call | share | GFLOP/s | of peak |\n|---|---:|---:|---:|---:|\n");
        double total = 0;
        for (long t : nanos) {
            total += t / 1e3 / calls;
        }
        long all = 0;
        for (int i = 0; i < nanos.length; i++) {
            double us = nanos[i] / 1e3 / calls;
            all += macs[i] * blocks.size();
            sb.append(row(TransformerBlock.STEPS.get(i), null, us, total, macs[i] * blocks.size(), batch, peak));
        }
        sb.append(row("all blocks", null, total, total, all, batch, peak));
        return sb.toString();
    }

    /** The table as Markdown. */
    public static String table(String model, int batch, int calls, List<Time> times, double peakGflops) {
        StringBuilder sb = new StringBuilder();
        double total = times.stream().mapToDouble(Time::micros).sum();
        long macs = times.stream().mapToLong(Time::macs).sum();
        sb.append(String.format(Locale.ROOT, "%s, batch %d, %d calls (in context); peak %.0f GFLOP/s (OpenBLAS sgemm 1024^3); %s%n%n",
                model, batch, calls, peakGflops, Machine.describe()));
        sb.append("GFLOP/s = 2 x the layer's MACs x batch / time: for a Winograd layer, which does a quarter of those "
                + "multiplications, an effective rate, which can pass the peak.\n\n");
        sb.append("| layer | kernels | us per call | share | GFLOP/s | of peak |\n|---|---|---:|---:|---:|---:|\n");
        for (Time t : times) {
            sb.append(row(t.layer(), t.kernels(), t.micros(), total, t.macs(), batch, peakGflops));
        }
        sb.append(row("all", "", total, total, macs, batch, peakGflops));
        return sb.toString();
    }

    private static String row(String name, String kernels, double us, double total, long macs, int batch, double peak) {
        double gflops = 2.0 * macs * batch / (us * 1e-6) / 1e9;
        return String.format(Locale.ROOT, "| %s |%s %.1f | %.0f%% | %s | %s |%n", name, kernels == null ? "" : " " + kernels + " |", us, 100 * us / total,
                macs == 0 ? "" : String.format(Locale.ROOT, "%.1f", gflops),
                macs == 0 || Double.isNaN(peak) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * gflops / peak));
    }

    /**
     * Average forward time per layer in context, in microseconds, on x (N, 4, 9, 9): {@code calls} timed forwards
     * after as many warm-up ones. A layer with its fused activation is one entry, named "conv1 + relu1".
     */
    public static List<Time> measure(Model model, INDArray x, int calls) {
        return measure(model, x, calls, new long[0]);
    }

    /** As {@link #measure(Model, INDArray, int)}, also clearing {@code steps} (a block profile's slots) after the warm-up. */
    static List<Time> measure(Model model, INDArray x, int calls, long[] steps) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be positive, got " + calls);
        }
        List<Layer> layers = model.network().layers();
        long[] nanos = new long[layers.size()];
        INDArray in = x.dup('c');
        for (int round = 0; round < 2; round++) { // the first round warms up
            java.util.Arrays.fill(nanos, 0);
            java.util.Arrays.fill(steps, 0);
            for (int c = 0; c < calls; c++) {
                model.network().forward(in, false, nanos); // exactly as Model.forward runs it: fused, chained
            }
        }
        List<Time> out = new ArrayList<>();
        long[] shape = model.inputShape();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Activation then = fused(layers, i);
            String name = then != null ? l.name() + " + " + layers.get(i + 1).name() : l.name();
            String kernels = l instanceof Conv2d conv ? conv.lastPath() : l instanceof Fusable ? Kernels.path().name().toLowerCase(Locale.ROOT) : "";
            out.add(new Time(name, kernels, l.macs(shape), nanos[i] / 1e3 / calls));
            shape = l.outputShape(shape);
            if (then != null) {
                i++;
            }
        }
        return out;
    }

    private static Activation fused(List<Layer> layers, int i) {
        if (i + 1 < layers.size() && layers.get(i) instanceof Fusable f && f.activation() == Activation.IDENTITY
                && layers.get(i + 1) instanceof Pointwise p && p.activation() != Activation.IDENTITY) {
            return p.activation();
        }
        return null;
    }

    /** OpenBLAS's sgemm of 1024^3 on all its threads, best of five after a warm-up: GFLOP/s. */
    public static double gemmPeak() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024), b = Nd4j.rand(DataType.FLOAT, 1024, 1024), c = Nd4j.create(DataType.FLOAT, 1024, 1024);
        double best = 0;
        for (int i = 0; i < 8; i++) {
            long t0 = System.nanoTime();
            Gemm.gemm(a, b, c, false, false);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= 3) {
                best = Math.max(best, 2.0 * 1024 * 1024 * 1024 / s / 1e9);
            }
        }
        return best;
    }
}

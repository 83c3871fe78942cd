package org.evoke.bench;

import org.evoke.nn.Fusable;
import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.Pointwise;
import org.evoke.nn.layers.Conv2d;
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
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar org.evoke.bench.LayerTimes student 1 [calls]</pre>
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
            throw new IllegalArgumentException("usage: LayerTimes student|ccnn batch [calls]");
        }
        String model = args[0];
        int batch = Integer.parseInt(args[1]);
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : Math.max(20, 4000 / batch);
        double peak = gemmPeak();
        Model m = Models.byName(model, Engines.WEIGHT_SEED);
        List<Time> times = measure(m, Inputs.xArray(batch, Engines.DATA_SEED), calls);
        System.out.println(table(model, batch, calls, times, peak));
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
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %.0f%% | %s | %s |%n", name, kernels, us, 100 * us / total,
                macs == 0 ? "" : String.format(Locale.ROOT, "%.1f", gflops),
                macs == 0 || Double.isNaN(peak) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * gflops / peak));
    }

    /**
     * Average forward time per layer in context, in microseconds, on x (N, 4, 9, 9): {@code calls} timed forwards
     * after as many warm-up ones. A layer with its fused activation is one entry, named "conv1 + relu1".
     */
    public static List<Time> measure(Model model, INDArray x, int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be positive, got " + calls);
        }
        List<Layer> layers = model.network().layers();
        long[] nanos = new long[layers.size()];
        INDArray in = x.dup('c');
        for (int round = 0; round < 2; round++) { // the first round warms up
            java.util.Arrays.fill(nanos, 0);
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

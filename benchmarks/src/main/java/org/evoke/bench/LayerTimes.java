package org.evoke.bench;

import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A timed main that splits our inference time by layer: for each layer, the average time of its forward on the
 * activations it sees in the model, after a warm-up. A profiling aid for finding per-op overhead (the JMH
 * benchmarks are the measurements of record).
 * <pre>java -cp benchmarks/target/benchmarks.jar org.evoke.bench.LayerTimes student 1 [calls]</pre>
 */
public final class LayerTimes {
    /** One layer's average forward time. */
    public record Time(String layer, double micros) {
    }

    private LayerTimes() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: LayerTimes student|ccnn batch [calls]");
        }
        String model = args[0];
        int batch = Integer.parseInt(args[1]);
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        List<Time> times = measure(Models.byName(model, Engines.WEIGHT_SEED), Inputs.xArray(batch, Engines.DATA_SEED), calls);
        double total = times.stream().mapToDouble(Time::micros).sum();
        System.out.printf(Locale.ROOT, "%s, batch %d, %d calls per layer; %s%n", model, batch, calls, Machine.describe());
        System.out.println("| layer | us per forward | share |");
        System.out.println("|---|---:|---:|");
        for (Time t : times) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f%% |%n", t.layer(), t.micros(), 100 * t.micros() / total);
        }
        System.out.printf(Locale.ROOT, "| sum | %.1f | |%n", total);
    }

    /** Average forward time per layer, in microseconds, on x (N, 4, 9, 9); {@code calls} timed calls after as many warm-up calls. */
    public static List<Time> measure(Model model, INDArray x, int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be positive, got " + calls);
        }
        List<Time> out = new ArrayList<>();
        INDArray h = x;
        for (Layer l : model.network().layers()) {
            INDArray y = null;
            for (int i = 0; i < calls; i++) {
                y = l.forward(h, false);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                y = l.forward(h, false);
            }
            out.add(new Time(l.name(), (System.nanoTime() - t0) / 1e3 / calls));
            h = y;
        }
        return out;
    }
}

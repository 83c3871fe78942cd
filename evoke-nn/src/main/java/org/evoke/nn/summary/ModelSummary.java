package org.evoke.nn.summary;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.nn.Sequential;
import org.evoke.tensor.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Table I's static columns for one model: per layer its output shape, parameters and multiply-accumulates; in
 * total the layer count (PyTorch modules, as Table I counts them), parameters, MACs and FLOPs (= 2 x MACs; the
 * paper's "FLOPs" column holds MACs, as the usual PyTorch counters report them), and the weight size: parameter
 * bytes at float32, and the exact size of the safetensors file.
 */
public final class ModelSummary {
    /** One layer's line. */
    public record Row(String name, String layer, long[] outputShape, long parameters, long macs, int modules, long thopMacs) {
    }

    private final String model;
    private final List<Row> rows;
    private final long parameters, macs, fileBytes, thopMacs;
    private final long uncounted; // parameters thop leaves out: a model's own nn.Parameters (class token, position embedding)
    private final int layers;

    private ModelSummary(String model, List<Row> rows, long fileBytes, long uncounted) {
        this.uncounted = uncounted;
        this.model = model;
        this.rows = List.copyOf(rows);
        this.parameters = rows.stream().mapToLong(Row::parameters).sum();
        this.macs = rows.stream().mapToLong(Row::macs).sum();
        this.thopMacs = rows.stream().mapToLong(Row::thopMacs).sum();
        this.layers = rows.stream().mapToInt(Row::modules).sum();
        this.fileBytes = fileBytes;
    }

    /** Summarises {@code net} for a per-sample input shape; {@code state} sizes the safetensors file. */
    public static ModelSummary of(String model, Sequential net, long[] inputShape, Map<String, INDArray> state) {
        List<Row> rows = new ArrayList<>();
        long[] s = inputShape;
        long uncounted = 0;
        for (Layer l : net.layers()) {
            long params = 0;
            for (Parameter p : l.parameters()) {
                params += p.length();
            }
            for (Parameter p : l.thopUncounted()) {
                uncounted += p.length();
            }
            long[] o = l.outputShape(s);
            String desc = l.toString();
            int colon = desc.indexOf(": ");
            rows.add(new Row(l.name(), colon >= 0 ? desc.substring(colon + 2) : desc, o, params, l.macs(s), l.moduleCount(),
                    l.thopMacs(s)));
            s = o;
        }
        return new ModelSummary(model, rows, SafeTensors.fileSize(state, Map.of("model", model, "seed", "0", "format", "evoke")),
                uncounted);
    }

    public String model() {
        return model;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Layers as Table I counts them: PyTorch modules (padding belongs to its convolution; an inline reshape is none). */
    public int layerCount() {
        return layers;
    }

    /** Every parameter, as {@code sum(p.numel() for p in model.parameters())} counts them. */
    public long parameterCount() {
        return parameters;
    }

    /**
     * Parameters as thop counts them (the paper's Table I): only those of modules with a counting rule, so a
     * model's own {@code nn.Parameter}s, a vision transformer's class token and position embedding, are left out.
     * Equal to {@link #parameterCount()} for the CNNs.
     */
    public long thopParameterCount() {
        return parameters - uncounted;
    }

    /** Multiply-accumulates per sample (Table I's "FLOPs" column). */
    public long macs() {
        return macs;
    }

    /**
     * Multiply-accumulates per sample as thop counts them ({@link Layer#thopMacs}): the same as {@link #macs()} for
     * the CNNs; for the transformers LayerNorm and softmax are counted and the attention matmuls are not.
     */
    public long thopMacs() {
        return thopMacs;
    }

    /** Floating-point operations per sample, 2 x MACs. */
    public long flops() {
        return 2 * macs;
    }

    /** Parameter bytes at float32. */
    public long weightBytes() {
        return 4 * parameters;
    }

    /** Size of the weights as a safetensors file written by {@code Model.save} (parameters plus header). */
    public long fileBytes() {
        return fileBytes;
    }

    public static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s%n", model));
        sb.append(String.format("%-9s %-58s %-12s %12s %14s%n", "layer", "", "output", "parameters", "MACs"));
        for (Row r : rows) {
            String shape = Arrays.toString(r.outputShape()).replace("[", "(").replace("]", ")");
            sb.append(String.format("%-9s %-58s %-12s %,12d %,14d%s%n", r.name(), r.layer(), shape, r.parameters(), r.macs(),
                    r.modules() == 0 ? "  (not a module)" : ""));
        }
        sb.append(String.format("layers %d, parameters %,d, MACs %,d (FLOPs %,d = 2 x MACs)%n", layerCount(),
                parameterCount(), macs(), flops()));
        if (uncounted > 0) {
            sb.append(String.format("parameters as thop counts them (the paper's Table I, without the class token and position"
                    + " embedding): %,d%n", thopParameterCount()));
        }
        if (thopMacs != macs) {
            sb.append(String.format("MACs as thop counts them (LayerNorm and softmax counted, attention matmuls not): %,d%n", thopMacs));
        }
        sb.append(String.format("weights %.3f MiB at float32 (%,d bytes); safetensors file %.3f MiB (%,d bytes)%n",
                mib(weightBytes()), weightBytes(), mib(fileBytes()), fileBytes()));
        return sb.toString();
    }
}

package org.evoke.nn;

import org.evoke.nn.summary.ModelSummary;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained or trainable network behind the embedding contract (docs/design.md, section 11): input (N, 4, 9, 9), output
 * logits (N, 3).
 *
 * <pre>
 * Model m = Models.evokeStudent(42);
 * m.load(Path.of("student.safetensors"));
 * INDArray logits = m.forward(x);        // x (N, 4, 9, 9) float32 -> (N, 3), dropout off
 * </pre>
 *
 * <p>Buffers are allocated on the first call at a batch size and reused: {@link #forward(INDArray)} allocates no
 * array after that, so the logits it returns belong to the model and are overwritten by its next call; use
 * {@link #predict(INDArray)} for a copy you can keep. Not thread-safe: use one model per thread.
 */
public final class Model {
    private final String name;
    private final Sequential net;
    private final long[] inputShape;  // per sample, e.g. (4, 9, 9)
    private final long seed;
    private final Map<String, String> architecture; // what rebuilds it: Models.load reads it back from the metadata
    private INDArray input;           // (N, C, H, W) compact copy of a strided input, when one is passed
    private INDArray checked;         // the last input that passed the checks (an array's shape never changes)
    private final Parameter first;    // the first parameter: its type is the model's

    public Model(String name, Sequential net, long[] inputShape, long seed) {
        this(name, net, inputShape, seed, Map.of());
    }

    /**
     * A model that {@link org.evoke.nn.models.Models#load} can rebuild: {@code architecture} holds what its builder
     * needs besides the name (classes, bands, ...), saved as {@code arch.<key>} metadata by {@link #save}.
     */
    public Model(String name, Sequential net, long[] inputShape, long seed, Map<String, String> architecture) {
        this.name = name;
        this.net = net;
        this.inputShape = inputShape.clone();
        this.seed = seed;
        this.architecture = Map.copyOf(architecture);
        this.first = net.parameters().get(0);
    }

    /** What rebuilds this model with its name ({@code Models.load}): the builder's arguments besides the seed. */
    public Map<String, String> architecture() {
        return new java.util.TreeMap<>(architecture);
    }

    /** Inference: dropout off, nothing kept for backward. */
    public INDArray forward(INDArray x) {
        return forward(x, false);
    }

    /** Forward pass; with {@code training} true, dropout is on and what backward needs is kept. */
    public INDArray forward(INDArray x, boolean training) {
        DataType t = dataType();
        if (x != checked || x.dataType() != t) { // checked once per input array: steady-state calls allocate nothing
            long[] want = new long[inputShape.length + 1];
            want[0] = Shapes.ANY;
            System.arraycopy(inputShape, 0, want, 1, inputShape.length);
            Shapes.require(x, name + " input", want);
            if (x.dataType() != t) {
                throw new IllegalArgumentException(name + " input is " + x.dataType() + "; expected " + t
                        + " (the model's parameter type)");
            }
            checked = x;
        }
        if (x.isView() || x.ordering() != 'c') {
            input = Buffers.ensure(input, t, x.shape());
            input.assign(x);
            x = input;
        }
        return net.forward(x, training);
    }

    /** A copy of the inference logits, safe to keep. */
    public INDArray predict(INDArray x) {
        return forward(x, false).dup();
    }

    /** Backpropagates dL/dlogits (N, 3): adds into the parameters' gradients, returns dL/dx. */
    public INDArray backward(INDArray dLogits) {
        return net.backward(dLogits, true);
    }

    /**
     * Backpropagates dL/dlogits into the parameters' gradients; with {@code inputGradient} false, dL/dx is not
     * computed (training needs only the parameters' gradients: the first convolution's dx costs as much as a
     * layer's forward) and null is returned.
     */
    public INDArray backward(INDArray dLogits, boolean inputGradient) {
        return net.backward(dLogits, inputGradient);
    }

    public List<Parameter> parameters() {
        return net.parameters();
    }

    public void zeroGrad() {
        net.zeroGrad();
    }

    public ModelSummary summary() {
        return ModelSummary.of(name, net, inputShape, state());
    }

    public String name() {
        return name;
    }

    public long seed() {
        return seed;
    }

    /** The layers, in order. */
    public Sequential network() {
        return net;
    }

    /** The per-sample input shape, e.g. (4, 9, 9). */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The parameters' data type (FLOAT unless cast). */
    public DataType dataType() {
        return first.value().dataType();
    }

    /** Converts every parameter to {@code type} (DOUBLE for gradient checks). */
    public Model castTo(DataType type) {
        for (Parameter p : parameters()) {
            p.castTo(type);
        }
        return this;
    }

    /** The parameters by canonical name, in order (the arrays themselves, not copies). */
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            s.put(p.name(), p.value());
        }
        return s;
    }

    /**
     * Saves the parameters as safetensors under their canonical names, with the model's name, seed and architecture
     * as metadata ({@code model}, {@code seed}, {@code arch.*}), so that {@code Models.load} rebuilds it.
     */
    public void save(Path path) {
        save(path, Map.of());
    }

    /** Saves with extra metadata (teacher, T, alpha, data hash, ...), written atomically. */
    public void save(Path path, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", name);
        meta.put("seed", Long.toString(seed));
        meta.put("format", "evoke");
        new java.util.TreeMap<>(architecture).forEach((k, v) -> meta.put("arch." + k, v));
        meta.putAll(metadata);
        SafeTensors.write(path, state(), meta);
    }

    /** Loads parameters from a safetensors file (ours or PyTorch's, with the canonical names). */
    public void load(Path path) {
        load(SafeTensors.read(path).tensors(), path.toString());
    }

    /**
     * Loads parameters by canonical name: every parameter must be present with its shape and nothing else may be;
     * values are converted to the model's data type and must be finite.
     */
    public void load(Map<String, INDArray> tensors, String source) {
        List<String> problems = new ArrayList<>();
        Set<String> extra = new LinkedHashSet<>(tensors.keySet());
        for (Parameter p : parameters()) {
            INDArray t = tensors.get(p.name());
            extra.remove(p.name());
            if (t == null) {
                problems.add("missing tensor " + p.name() + " " + Arrays.toString(p.value().shape()));
            } else if (!Arrays.equals(t.shape(), p.value().shape())) {
                problems.add("tensor " + p.name() + " has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(p.value().shape()));
            }
        }
        for (String e : extra) {
            problems.add("unexpected tensor " + e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + " does not fit the " + name + " model: " + String.join("; ", problems));
        }
        for (Parameter p : parameters()) {
            INDArray t = tensors.get(p.name());
            Shapes.requireFinite(t, source + " tensor " + p.name());
            p.set(t);
        }
    }

    @Override
    public String toString() {
        return net.toString();
    }
}

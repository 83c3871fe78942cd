package org.evoke.nn.layers;

import org.evoke.nn.Fusable;
import org.evoke.nn.Parameter;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Init;
import org.evoke.tensor.dense.LinearKernel;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Fully connected layer y = act(x W^T + b), optionally with a fused activation.
 *
 * <pre>
 * Legend: N batch, D in features, F out features
 * forward:   y = act(x * W^T + b)           x (N, D), W (F, D), b (F), y (N, F)
 * backward:  dz = dy * act'(y);  db += sum over n of dz
 *            dW += dz^T * x                 (F, D)
 *            dx  = dz * W                   (N, D)
 * </pre>
 * The arithmetic runs in {@link LinearKernel}: register tiles on the Vector API, OpenBLAS's gemm, or ND4J
 * operations, the same math.
 */
public final class Linear implements Fusable {
    private final String name;
    private final int in, out;
    private final Activation activation;
    private final Parameter weight; // (F, D)
    private final Parameter bias;   // (F); with hasBias false a constant zero, not a parameter (its gradient is scratch)
    private final boolean hasBias;

    private final LinearKernel kernels;
    private boolean ready;
    private Activation applied = Activation.IDENTITY;
    private INDArray checked;       // the last input that passed the checks

    public Linear(String name, int in, int out) {
        this(name, in, out, Activation.IDENTITY);
    }

    public Linear(String name, int in, int out, Activation activation) {
        this(name, in, out, activation, true);
    }

    /**
     * A layer without bias when {@code bias} is false ({@code nn.Linear(in, out, bias=False)}): it has only
     * {@code <name>.weight}; the kernels see a zero bias.
     */
    public Linear(String name, int in, int out, boolean bias) {
        this(name, in, out, Activation.IDENTITY, bias);
    }

    private Linear(String name, int in, int out, Activation activation, boolean hasBias) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear " + name + ": feature counts must be positive");
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.weight = new Parameter(name + ".weight", Nd4j.zeros(DataType.FLOAT, out, in));
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(DataType.FLOAT, out));
        this.hasBias = hasBias;
        this.kernels = new LinearKernel(in, out);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        return forward(input, training, Activation.IDENTITY);
    }

    @Override
    public INDArray forward(INDArray input, boolean training, Activation then) {
        if (input != checked || input.dataType() != weight.value().dataType()) {
            Shapes.require(input, "Linear " + name + " input", Shapes.ANY, in);
            if (input.dataType() != weight.value().dataType()) {
                throw new IllegalArgumentException("Linear " + name + " input is " + input.dataType()
                        + " but the layer's parameters are " + weight.value().dataType());
            }
            checked = input;
        }
        Activation act = effective(then);
        applied = act;
        INDArray y = kernels.forward(input, weight.value(), weight.version(), bias.value(), bias.version(), act, training);
        ready = training;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean inputGradient) {
        return backward(dy, Activation.IDENTITY, inputGradient);
    }

    @Override
    public INDArray backward(INDArray dy, Activation then, boolean inputGradient) {
        if (!ready) {
            throw new IllegalStateException("Linear " + name + ": backward needs a forward(x, true) before it");
        }
        Shapes.require(dy, "Linear " + name + " dy", Shapes.ANY, out);
        Activation act = effective(then);
        if (act != applied) {
            throw new IllegalStateException("Linear " + name + ": backward with activation " + act + " after a forward with " + applied);
        }
        ready = false;
        if (!hasBias) {
            bias.zeroGrad(); // scratch: the zero bias is not trained
        }
        return kernels.backward(dy, weight.value(), weight.grad(), bias.grad(), inputGradient);
    }

    /** The activation a forward applies: the layer's own, or the one fused after it (never both). */
    private Activation effective(Activation then) {
        return then == Activation.IDENTITY ? activation : Fusable.combine("Linear " + name, activation, then); // no string per call
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public List<Parameter> parameters() {
        return hasBias ? List.of(weight, bias) : List.of(weight);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        Init.pytorchDefault(weight.value(), bias.value(), in, rng);
        if (!hasBias) {
            bias.value().assign(0);
            bias.markChanged();
        }
    }

    /** Whether the layer has a trained bias. */
    public boolean hasBias() {
        return hasBias;
    }

    /**
     * Casts the layer's parameters, and the constant zero bias of a layer without one, to {@code type} (a gradient
     * check runs in double).
     */
    public void castTo(DataType type) {
        weight.castTo(type);
        bias.castTo(type);
    }

    @Override
    public long[] outputShape(long[] s) {
        return new long[]{out};
    }

    @Override
    public long macs(long[] s) {
        return (long) in * out;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public String toString() {
        return name + ": Linear(" + in + ", " + out + (hasBias ? "" : ", bias=False")
                + (activation == Activation.IDENTITY ? "" : ", activation=" + activation) + ")";
    }
}

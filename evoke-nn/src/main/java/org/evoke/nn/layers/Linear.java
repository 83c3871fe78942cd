package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.tensor.Activation;
import org.evoke.tensor.Activations;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.Gemm;
import org.evoke.tensor.Init;
import org.evoke.tensor.Shapes;
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
 */
public final class Linear implements Layer {
    private final String name;
    private final int in, out;
    private final Activation activation;
    private final Parameter weight; // (F, D)
    private final Parameter bias;   // (F)

    private INDArray x;   // (N, D) the input, referenced by a training forward for backward
    private INDArray y;   // (N, F) the output
    private INDArray dz;  // (N, F) dL/d(pre-activation)
    private INDArray dx;  // (N, D)
    private boolean ready;

    public Linear(String name, int in, int out) {
        this(name, in, out, Activation.IDENTITY);
    }

    public Linear(String name, int in, int out, Activation activation) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear " + name + ": feature counts must be positive");
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.activation = activation;
        this.weight = new Parameter(name + ".weight", Nd4j.zeros(DataType.FLOAT, out, in));
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(DataType.FLOAT, out));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        Shapes.require(input, "Linear " + name + " input", Shapes.ANY, in);
        if (input.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException("Linear " + name + " input is " + input.dataType()
                    + " but the layer's parameters are " + weight.value().dataType());
        }
        y = Buffers.ensure(y, input.dataType(), input.size(0), out);
        Gemm.gemm(input, weight.value(), y, false, true);
        Activations.biasActivation(y, bias.value(), activation);
        x = training ? input : null;
        ready = training;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException("Linear " + name + ": backward needs a forward(x, true) before it");
        }
        Shapes.requireSame(y, dy, "Linear " + name + " dy");
        dz = Buffers.ensure(dz, dy.dataType(), dy.shape());
        dx = Buffers.ensure(dx, dy.dataType(), x.shape());
        Activations.biasActivationBackward(dy, activation == Activation.IDENTITY ? null : y, activation, dz, bias.grad());
        Gemm.gemm(dz, x, weight.grad(), true, false, 1.0, 1.0);
        Gemm.gemm(dz, weight.value(), dx, false, false);
        ready = false;
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        Init.pytorchDefault(weight.value(), bias.value(), in, rng);
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
        return name + ": Linear(" + in + ", " + out + (activation == Activation.IDENTITY ? "" : ", activation=" + activation) + ")";
    }
}

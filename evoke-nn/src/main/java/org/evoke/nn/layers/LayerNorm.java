package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.attention.LayerNormKernel;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Layer normalisation over the last axis, as PyTorch's {@code nn.LayerNorm(dim, eps=1e-5)} with an elementwise affine:
 * y = weight * (x - mean) / sqrt(var + eps) + bias, with the biased variance. Input (..., dim), any leading shape.
 * Parameters {@code <name>.weight} (dim), initialised to 1, and {@code <name>.bias} (dim), initialised to 0. The
 * forward runs in {@link LayerNormKernel} for float32 (float sums on the Vector API, rows over both cores), else in
 * {@link RowOps#layerNorm} (double sums); the backward is {@link RowOps#layerNormBackward}.
 */
public final class LayerNorm implements Layer {
    /** PyTorch's default epsilon. */
    public static final double EPS = 1e-5;

    private final String name;
    private INDArray checked, checkedDy; // the last arrays that passed the checks (an array's shape and type never change)
    private final int dim;
    private final double eps;
    private final Parameter weight, bias;
    private INDArray x;            // (..., dim) the input, referenced for backward
    private INDArray y, dx;        // (..., dim)
    private INDArray mean, rstd;   // (rows) per-row statistics of the last training forward
    private boolean ready;
    private LayerNormKernel kernel; // the float32 forward's workspace

    public LayerNorm(String name, int dim) {
        this(name, dim, EPS);
    }

    public LayerNorm(String name, int dim, double eps) {
        if (dim < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm " + name + ": dim must be >= 1 and eps > 0, got " + dim + ", " + eps);
        }
        this.name = name;
        this.dim = dim;
        this.eps = eps;
        this.weight = new Parameter(name + ".weight", Nd4j.ones(DataType.FLOAT, dim));
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(DataType.FLOAT, dim));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input != checked || input.dataType() != weight.value().dataType()) { // once per input array
            Shapes.requireFloating(input, name + " input");
            if (input.rank() < 1 || input.size(input.rank() - 1) != dim) {
                throw new IllegalArgumentException("LayerNorm " + name + " input: expected (..., " + dim + "), got "
                        + java.util.Arrays.toString(input.shape()));
            }
            if (input.dataType() != weight.value().dataType()) {
                throw new IllegalArgumentException("LayerNorm " + name + " input is " + input.dataType() + " but the layer's parameters are "
                        + weight.value().dataType());
            }
            checked = input;
        }
        long rows = input.length() / dim;
        y = Buffers.ensure(y, input.dataType(), input.shape());
        mean = Buffers.ensure(mean, input.dataType(), rows);
        rstd = Buffers.ensure(rstd, input.dataType(), rows);
        if (LayerNormKernel.applies(input, y)) { // float32: on the vector lanes and both cores
            if (kernel == null) {
                kernel = new LayerNormKernel(dim);
            }
            kernel.forward(input, weight.value(), bias.value(), eps, y, mean, rstd);
        } else {
            RowOps.layerNorm(input, weight.value(), bias.value(), eps, y, mean, rstd);
        }
        x = training ? input : null;
        ready = training;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        if (dy != checkedDy) {
            Shapes.requireSame(y, dy, name + " dy");
            checkedDy = dy;
        }
        dx = Buffers.ensure(dx, dy.dataType(), dy.shape());
        RowOps.layerNormBackward(x, weight.value(), mean, rstd, dy, dx, weight.grad(), bias.grad());
        ready = false;
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        weight.value().assign(1);
        bias.value().assign(0);
        weight.markChanged();
        bias.markChanged();
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    /** thop: 2 x numel, doubled for the elementwise affine. */
    @Override
    public long thopMacs(long[] inputShape) {
        long n = 1;
        for (long d : inputShape) {
            n *= d;
        }
        return 4 * n;
    }

    @Override
    public String toString() {
        return name + ": LayerNorm((" + dim + ",), eps=" + eps + ", elementwise_affine=True)";
    }

    /** gamma (D). */
    public Parameter weight() {
        return weight;
    }

    /** beta (D). */
    public Parameter bias() {
        return bias;
    }

    public double eps() {
        return eps;
    }
}

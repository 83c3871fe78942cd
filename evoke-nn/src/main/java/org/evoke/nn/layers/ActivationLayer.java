package org.evoke.nn.layers;

import org.evoke.nn.Pointwise;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Activations;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A pointwise activation as its own layer: y = f(x), dx = dy * f'(y). The output is cached for backward (both
 * ReLU's and SELU's derivatives are functions of it). See {@link ReLU} and {@link SELU}.
 */
abstract class ActivationLayer implements Pointwise {
    private final String name;
    private final Activation activation;
    private INDArray y;   // (N, ...) the output, cached for backward
    private INDArray dx;  // (N, ...)
    private boolean ready;

    ActivationLayer(String name, Activation activation) {
        this.name = name;
        this.activation = activation;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.requireFloating(x, name + " input");
        y = Buffers.ensure(y, x.dataType(), x.shape());
        Activations.apply(activation, x, y);
        ready = training;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        Shapes.requireSame(y, dy, name + " dy");
        dx = Buffers.ensure(dx, dy.dataType(), dy.shape());
        Activations.backward(activation, y, dy, dx);
        ready = false;
        return dx;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }
}

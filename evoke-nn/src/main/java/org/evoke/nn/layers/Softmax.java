package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax over the last axis (PyTorch's {@code nn.Softmax(dim=-1)}), as attention applies it to its scores:
 * y = exp(x - max) / sum exp(x - max); dx = y (dy - sum(dy y)), from the cached output ({@link RowOps#softmax}).
 */
public final class Softmax implements Layer {
    private final String name;
    private INDArray checked, checkedDy; // the last arrays that passed the checks (an array's shape and type never change)
    private INDArray y, dx;  // (..., d)
    private boolean ready;

    public Softmax(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        if (input != checked) { // once per input array: steady-state calls build no message strings
            Shapes.requireFloating(input, name + " input");
            checked = input;
        }
        if (input.rank() < 1) {
            throw new IllegalArgumentException("Softmax " + name + " input: expected at least one axis, got a scalar");
        }
        y = Buffers.ensure(y, input.dataType(), input.shape());
        RowOps.softmax(input, y);
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
        RowOps.softmaxBackward(y, dy, dx);
        ready = false;
        return dx;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return name + ": Softmax(dim=-1)";
    }
}

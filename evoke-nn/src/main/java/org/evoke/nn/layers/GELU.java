package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Gaussian error linear unit in PyTorch's default, exact form (Hendrycks and Gimpel 2016): y = x Phi(x) =
 * x (1 + erf(x / sqrt 2)) / 2; dx = dy (Phi(x) + x phi(x)). Its derivative needs the input, which is kept for
 * backward ({@link RowOps#gelu}).
 */
public final class GELU implements Layer {
    private final String name;
    private INDArray checked, checkedDy; // the last arrays that passed the checks (an array's shape and type never change)
    private INDArray x;      // (N, ...) the input, referenced for backward
    private INDArray y, dx;  // (N, ...)
    private boolean ready;

    public GELU(String name) {
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
        y = Buffers.ensure(y, input.dataType(), input.shape());
        RowOps.gelu(input, y);
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
        RowOps.geluBackward(x, dy, dx);
        ready = false;
        return dx;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return name + ": GELU(approximate='none')";
    }
}

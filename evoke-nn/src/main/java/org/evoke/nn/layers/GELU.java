package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.attention.GeluKernel;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Gaussian error linear unit in PyTorch's default, exact form (Hendrycks and Gimpel 2016): y = x Phi(x) =
 * x (1 + erf(x / sqrt 2)) / 2; dx = dy (Phi(x) + x phi(x)). Its derivative needs the input, which is kept for
 * backward. Float32 arrays on a CPU path run on {@link GeluKernel} (the Vector API math, both cores), others on
 * {@link RowOps#gelu} (double arithmetic).
 */
public final class GELU implements Layer {
    private final String name;
    private INDArray checked, checkedDy; // the last arrays that passed the checks (an array's shape and type never change)
    private INDArray x;      // (N, ...) the input, referenced for backward
    private INDArray y, dx;  // (N, ...)
    private boolean ready;
    private GeluKernel kernel; // float32 on a CPU path

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
        if (GeluKernel.applies(input, y)) {
            if (kernel == null) {
                kernel = new GeluKernel();
            }
            kernel.forward(input, y);
        } else {
            RowOps.gelu(input, y);
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
        if (GeluKernel.applies(x, dx) && dy.dataType() == x.dataType()) {
            if (kernel == null) {
                kernel = new GeluKernel();
            }
            kernel.backward(x, dy, dx);
        } else {
            RowOps.geluBackward(x, dy, dx);
        }
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

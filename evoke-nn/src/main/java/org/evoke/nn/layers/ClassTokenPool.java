package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Shapes;
import org.evoke.tensor.attention.TokenKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A vision transformer's 'cls' pooling: y = x[:, 0], the class token, (B, N, D) -&gt; (B, D); the gradient flows back
 * into token 0 only. (torcheeg's {@code pool_func='cls'}; an inline indexing, not a module.)
 */
public final class ClassTokenPool implements Layer {
    private final String name;
    private INDArray checked; // the last arrays that passed the checks (an array's shape and type never change)
    private INDArray y, dx;
    private long[] inShape;
    private boolean ready;

    public ClassTokenPool(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x != checked) { // once per input array: steady-state calls build no message strings
            Shapes.requireFloating(x, name + " input");
            if (x.rank() != 3) {
                throw new IllegalArgumentException(name + " input: expected (batch, tokens, dim), got " + java.util.Arrays.toString(x.shape()));
            }
            checked = x;
            inShape = x.shape();
        }
        y = Buffers.ensure(y, x.dataType(), x.size(0), x.size(2));
        TokenKernels.first(x, y);
        ready = training;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        dx = Buffers.ensure(dx, dy.dataType(), inShape);
        TokenKernels.firstBackward(dy, dx);
        ready = false;
        return dx;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return new long[] {inputShape[1]};
    }

    @Override
    public int moduleCount() {
        return 0;
    }

    @Override
    public String toString() {
        return name + ": x[:, 0]";
    }
}

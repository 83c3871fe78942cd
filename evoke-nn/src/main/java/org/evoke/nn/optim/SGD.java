package org.evoke.nn.optim;

import org.evoke.nn.Parameter;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Updates;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Stochastic gradient descent with momentum, PyTorch's semantics (no dampening, not Nesterov):
 * buf = momentum buf + g (buf = g on the first step), p = p - lr buf.
 */
public final class SGD implements Optimizer {
    private final List<Parameter> params;
    private final double lr, momentum;
    private final INDArray[] buf;
    private boolean first = true;

    public SGD(List<Parameter> params, double lr, double momentum) {
        if (!(lr > 0) || !(momentum >= 0)) {
            throw new IllegalArgumentException("SGD: need lr > 0 and momentum >= 0; got " + lr + ", " + momentum);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = momentum;
        this.buf = new INDArray[params.size()];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            buf[i] = Buffers.ensure(buf[i], p.value().dataType(), p.value().shape());
            Updates.sgdMomentum(p.value(), p.grad(), buf[i], first, lr, momentum);
            p.markChanged();
        }
        first = false;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }
}

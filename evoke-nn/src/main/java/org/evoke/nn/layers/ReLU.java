package org.evoke.nn.layers;

import org.evoke.tensor.ops.Activation;

/** y = max(x, 0); dx = dy where y > 0, else 0. */
public final class ReLU extends ActivationLayer {
    public ReLU(String name) {
        super(name, Activation.RELU);
    }

    @Override
    public String toString() {
        return name() + ": ReLU()";
    }
}

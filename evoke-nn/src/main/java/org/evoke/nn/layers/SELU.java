package org.evoke.nn.layers;

import org.evoke.tensor.ops.Activation;

/**
 * Scaled exponential linear unit (Klambauer et al. 2017), with PyTorch's constants: y = scale * x for x &gt; 0,
 * scale * alpha * (e^x - 1) otherwise; dx = dy * (y &gt; 0 ? scale : y + scale * alpha).
 */
public final class SELU extends ActivationLayer {
    public SELU(String name) {
        super(name, Activation.SELU);
    }

    @Override
    public String toString() {
        return name() + ": SELU()";
    }
}

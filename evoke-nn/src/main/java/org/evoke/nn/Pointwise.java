package org.evoke.nn;

import org.evoke.tensor.ops.Activation;

/** A layer that is one pointwise activation and nothing else (ReLU, SELU): what {@link Fusable} layers can absorb. */
public interface Pointwise extends Layer {
    Activation activation();
}

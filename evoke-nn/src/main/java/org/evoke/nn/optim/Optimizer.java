package org.evoke.nn.optim;

import org.evoke.nn.Parameter;

import java.util.List;

/** Updates parameters from their accumulated gradients. Optimisers see only {@code List<Parameter>}. */
public interface Optimizer {
    /** Applies one update from the current gradients. */
    void step();

    /** The parameters this optimiser updates. */
    List<Parameter> parameters();

    /** Clears every parameter's gradient. */
    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }
}

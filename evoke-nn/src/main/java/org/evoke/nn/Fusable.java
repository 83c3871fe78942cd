package org.evoke.nn;

import org.evoke.tensor.ops.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer that can apply the pointwise activation after it in the same pass as its own output (the epilogue that
 * adds the bias). {@link Sequential} fuses Conv2d + ReLU and Linear + ReLU or SELU this way when the layer has no
 * activation of its own: one pass over the output instead of two, the same numbers, and the activation layer is
 * skipped in both directions. Called on its own, each layer still does exactly what it says.
 */
public interface Fusable extends Layer {
    /** The layer's own activation; only a layer whose own is IDENTITY can absorb another. */
    Activation activation();

    /** {@code then(forward(x, training))} in one pass; {@code then} must be IDENTITY if the layer has its own activation. */
    INDArray forward(INDArray x, boolean training, Activation then);

    /**
     * The activation a forward of layer {@code name} applies: its own ({@code own}), or the one fused after it
     * ({@code then}), never both.
     */
    static Activation combine(String name, Activation own, Activation then) {
        if (then == Activation.IDENTITY) {
            return own;
        }
        if (own != Activation.IDENTITY) {
            throw new IllegalArgumentException(name + " has its own activation " + own + "; cannot fuse " + then);
        }
        return then;
    }

    /**
     * The backward of {@link #forward(INDArray, boolean, Activation)}: dy is dL/d(the activated output). With
     * {@code inputGradient} false, dL/dx is not computed and null is returned (the first layer of a network).
     */
    INDArray backward(INDArray dy, Activation then, boolean inputGradient);
}

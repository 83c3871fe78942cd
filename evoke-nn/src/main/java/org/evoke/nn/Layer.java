package org.evoke.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A layer: a forward and a backward that mirror each other.
 *
 * <p>Lifecycle: {@code forward(x, true)} caches what backward needs; {@code backward(dy)} then adds into the
 * parameters' gradients and returns dL/dx. Backward without a training forward before it throws
 * {@link IllegalStateException}. {@code forward(x, false)} is inference: dropout off, nothing kept for backward.
 *
 * <p>Buffers: every output and scratch array is allocated on the first call for a batch size (and data type) and
 * reused after; a different batch size reallocates. So the array a layer returns is <em>its own</em>: valid until
 * its next call; {@code dup()} it to keep it. Inputs are referenced, not copied: do not change x between forward
 * and backward.
 */
public interface Layer {
    /** The name under which its parameters are saved (e.g. {@code conv1}). */
    String name();

    /** y = f(x). */
    INDArray forward(INDArray x, boolean training);

    /** Adds dL/d(parameters) into their gradients and returns dL/dx, given dy = dL/dy. */
    INDArray backward(INDArray dy);

    /**
     * Like {@link #backward(INDArray)}; with {@code inputGradient} false the layer may skip dL/dx and return null
     * (a network's first layer: nothing consumes it). The default computes it anyway.
     */
    default INDArray backward(INDArray dy, boolean inputGradient) {
        return backward(dy);
    }

    /** Trainable parameters, in a fixed order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    default void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Re-draws the parameters (PyTorch's default initialisation), from {@code rng}. */
    default void initialize(SplittableRandom rng) {
    }

    /** The per-sample output shape for a per-sample input shape (no batch dimension). */
    long[] outputShape(long[] inputShape);

    /** Multiply-accumulates per sample for a per-sample input shape. */
    default long macs(long[] inputShape) {
        return 0;
    }

    /**
     * Multiply-accumulates per sample as thop counts them (the paper's Table I): its rules for Linear and Conv (as
     * {@link #macs}), LayerNorm (4 x numel with an affine), Softmax (rows x (3n - 1)); matmuls, GELU and reshapes
     * are not counted. The default is {@link #macs}.
     */
    default long thopMacs(long[] inputShape) {
        return macs(inputShape);
    }

    /**
     * Parameters that thop does not count (a model's own {@code nn.Parameter}s, such as a vision transformer's class
     * token and position embedding); none by default.
     */
    default List<Parameter> thopUncounted() {
        return List.of();
    }

    /** How many PyTorch modules this layer stands for in Table I's layer count (1, or 0 for an inline reshape). */
    default int moduleCount() {
        return 1;
    }
}

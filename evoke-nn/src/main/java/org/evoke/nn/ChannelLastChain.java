package org.evoke.nn;

import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.conv.ChannelLast;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer that, at inference, can take its input from a channels-last heap buffer written by the layer before, and
 * write its output into the next layer's (a {@link ChannelLast}), instead of an NCHW array that the next layer would
 * transpose back. {@link Sequential} chains consecutive convolutions this way in {@code forward(x, false)}; the
 * numbers are the same, two passes over every intermediate activation are saved. Training forwards never chain
 * (backward needs the NCHW outputs).
 */
public interface ChannelLastChain extends Fusable {
    /**
     * The buffer an inference forward at this batch and per-sample input shape (C, H, W) can read its input from,
     * or null when this layer cannot.
     */
    ChannelLast channelLastInput(int batch, long[] inputShape);

    /**
     * Inference forward, {@code then} applied to the output: the input is {@code x} (NCHW) or, when {@code x} is
     * null, already in {@link #channelLastInput}; the output goes into {@code into} (returns null) or into the
     * layer's NCHW output (returned).
     */
    INDArray forwardChained(INDArray x, int batch, long[] inputShape, Activation then, ChannelLast into);
}

package org.evoke.bench;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One way to run a model that a Java user could pick: ours, ONNX Runtime, or Deeplearning4j. An engine is built
 * for one model and one batch (its input and labels are fixed at construction, seeded), so that a benchmark body
 * is one call.
 */
public interface Engine extends AutoCloseable {
    /** The engine's name as in the benchmark parameter: {@code evoke}, {@code onnxruntime} or {@code dl4j}. */
    String name();

    /** One inference on the fixed batch; returns the engine's output (logits, or probabilities for dl4j). */
    Object infer();

    /** One training step on the fixed batch (forward, BCE on logits, backward, Adam); returns the loss. */
    double train();

    /** The logits of the fixed batch as a fresh (N, 3) float array, for the check against ours. */
    INDArray logits();

    @Override
    default void close() {
    }
}

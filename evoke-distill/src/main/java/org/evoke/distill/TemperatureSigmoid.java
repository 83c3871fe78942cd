package org.evoke.distill;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The two scalar functions the distillation loss is built from: the temperature sigmoid sigmoid(v / T) and binary
 * cross-entropy taken from a logit in its numerically stable form. Stateless; see {@code docs/distillation.md} for
 * the derivation.
 *
 * <p>The rule of this class: a cross-entropy is never computed as the log of a sigmoid. For a logit u and a target
 * t in [0, 1], BCE(t, sigmoid(u)) = max(u, 0) - u t + log(1 + exp(-|u|)) exactly, and this form neither overflows
 * (exp of a non-positive number) nor loses the loss to rounding (sigmoid(40) is 1.0 in double, so log(1 - p)
 * would be log 0 = -infinity, while the stable form returns 40 (1 - t) + 4e-18).
 */
public final class TemperatureSigmoid {
    private TemperatureSigmoid() {
    }

    /**
     * The logistic function 1 / (1 + exp(-x)), evaluated so that exp never overflows: for x &lt; 0 it uses the
     * equal form exp(x) / (1 + exp(x)).
     */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** The temperature sigmoid sigmoid(x / T): T &gt; 1 flattens the curve towards 1/2, T &lt; 1 sharpens it. */
    public static double sigmoid(double x, double temperature) {
        return sigmoid(x / temperature);
    }

    /**
     * Binary cross-entropy of target t against the probability sigmoid(u), from the logit u:
     * BCE(t, sigmoid(u)) = max(u, 0) - u t + log(1 + exp(-|u|)). Exact for every finite u, never overflows.
     *
     * @param u the logit (already divided by the temperature, if there is one)
     * @param t the target probability in [0, 1] (a hard label 0 or 1, or a soft target)
     */
    public static double bceWithLogits(double u, double t) {
        return Math.max(u, 0.0) - u * t + Math.log1p(Math.exp(-Math.abs(u)));
    }

    /**
     * The textbook definition BCE(t, p) = -[t log p + (1 - t) log(1 - p)], on a probability p. It is the naive
     * reference that {@link #bceWithLogits} is checked against; it returns infinity or NaN once p rounds to 0 or 1,
     * which is why the loss never calls it.
     */
    public static double bce(double t, double p) {
        return -(t * Math.log(p) + (1.0 - t) * Math.log(1.0 - p));
    }

    /**
     * The temperature sigmoid of every element, as a new array of the same shape and data type:
     * sigmoid(logits / T). With T = 1 these are the model's label probabilities.
     */
    public static INDArray sigmoid(INDArray logits, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature = " + temperature + ": expected a finite T > 0");
        }
        return Transforms.sigmoid(logits.div(temperature), false);
    }
}

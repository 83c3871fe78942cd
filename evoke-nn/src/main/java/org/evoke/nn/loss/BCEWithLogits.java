package org.evoke.nn.loss;

import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Losses;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary cross-entropy on logits, for multi-label output, with soft (in [0, 1]) or hard ({0, 1}) targets.
 *
 * <pre>
 * Legend: N samples, C labels; u logits (N, C), t targets (N, C)
 * L      = (1/N) sum_i sum_j BCE(t_ij, sigmoid(u_ij))      summed over labels, averaged over samples
 * BCE    = max(u, 0) - u t + log(1 + exp(-|u|))             the stable form: never the log of a sigmoid
 * dL/du  = (sigmoid(u) - t) / N
 * </pre>
 *
 * The reduction is the EVOKE paper's (docs/design.md, section 4). PyTorch's BCEWithLogitsLoss(reduction='mean') divides
 * by N*C instead, so its loss and gradient are this one's divided by C. The teacher is trained on this loss.
 */
public final class BCEWithLogits {
    private INDArray grad; // (N, C) dL/du of the last call

    /** Computes L and keeps dL/du for {@link #gradient()}. */
    public double forward(INDArray logits, INDArray targets) {
        Shapes.require(logits, "BCE logits", Shapes.ANY, Shapes.ANY);
        Shapes.requireSame(logits, targets, "BCE targets");
        Shapes.requireFinite(logits, "BCE logits");
        requireProbabilities(targets);
        long n = logits.size(0);
        grad = Buffers.ensure(grad, logits.dataType(), logits.shape());
        INDArray t = targets.dataType() == logits.dataType() ? targets : targets.castTo(logits.dataType());
        return Losses.bceWithLogitsSum(logits, t, grad, 1.0 / n) / n;
    }

    /** dL/du of the last {@link #forward} call, (N, C); the array is reused by the next call. */
    public INDArray gradient() {
        if (grad == null) {
            throw new IllegalStateException("BCEWithLogits: gradient() before forward()");
        }
        return grad;
    }

    private static void requireProbabilities(INDArray targets) {
        Shapes.requireFinite(targets, "BCE targets");
        double min = targets.minNumber().doubleValue(), max = targets.maxNumber().doubleValue();
        if (min < 0 || max > 1) {
            throw new IllegalArgumentException("BCE targets must lie in [0, 1]; found values in [" + min + ", " + max + "]");
        }
    }
}

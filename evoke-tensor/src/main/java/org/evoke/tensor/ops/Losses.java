package org.evoke.tensor.ops;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss kernels over logits, in the numerically stable form.
 *
 * <pre>
 * Legend: N samples, C labels; u logits (N, C), t targets (N, C) in [0, 1]
 * BCE(t, sigmoid(u)) = -[t log sigmoid(u) + (1 - t) log(1 - sigmoid(u))]
 *                    = max(u, 0) - u t + log(1 + exp(-|u|))        (never the log of a sigmoid)
 * d/du BCE           = sigmoid(u) - t
 * </pre>
 */
public final class Losses {
    private Losses() {
    }

    /** The stable BCE of one logit u against target t. */
    public static double bceWithLogits(double u, double t) {
        return Math.max(u, 0) - u * t + Math.log1p(Math.exp(-Math.abs(u)));
    }

    /** sigmoid(u), written so that neither branch overflows. */
    public static double sigmoid(double u) {
        if (u >= 0) {
            return 1 / (1 + Math.exp(-u));
        }
        double e = Math.exp(u);
        return e / (1 + e);
    }

    /**
     * Returns sum_ij BCE(t_ij, sigmoid(u_ij)) and, when {@code grad} is not null, writes
     * grad_ij = gradScale * (sigmoid(u_ij) - t_ij).
     */
    public static double bceWithLogitsSum(INDArray logits, INDArray targets, INDArray grad, double gradScale) {
        Shapes.requireSame(logits, targets, "BCE targets");
        if (grad != null) {
            Shapes.requireSame(logits, grad, "BCE gradient");
        }
        if (Kernels.portable()) { // small (N, C) arrays: on the host, through ND4J copies
            double[] u = Nd4jKernels.values(logits), t = Nd4jKernels.values(targets), g = new double[u.length];
            double sum = 0;
            for (int i = 0; i < u.length; i++) {
                sum += bceWithLogits(u[i], t[i]);
                g[i] = gradScale * (sigmoid(u[i]) - t[i]);
            }
            if (grad != null) {
                Nd4jKernels.assign(grad, g);
            }
            return sum;
        }
        Vec u = Vec.of(logits, "logits"), t = Vec.of(targets, "targets"), g = grad == null ? null : Vec.of(grad, "grad");
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            double ui = u.get(i), ti = t.get(i);
            sum += bceWithLogits(ui, ti);
            if (g != null) {
                g.set(i, gradScale * (sigmoid(ui) - ti));
            }
        }
        return sum;
    }
}

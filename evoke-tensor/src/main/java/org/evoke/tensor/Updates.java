package org.evoke.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;

/** In-place optimiser update kernels over one parameter and its state, one pass each. */
public final class Updates {
    private Updates() {
    }

    /**
     * One Adam step for one parameter, exactly as PyTorch's (1.13, single-tensor) implementation orders it:
     * <pre>
     * m = beta1 m + (1 - beta1) g
     * v = beta2 v + (1 - beta2) g^2
     * p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
     * </pre>
     */
    public static void adam(INDArray p, INDArray g, INDArray m, INDArray v, long step, double lr, double beta1,
                            double beta2, double eps) {
        Shapes.requireSame(p, g, "Adam gradient");
        Shapes.requireSame(p, m, "Adam first moment");
        Shapes.requireSame(p, v, "Adam second moment");
        if (Kernels.portable()) {
            Nd4jKernels.adam(p, g, m, v, step, lr, beta1, beta2, eps);
            return;
        }
        Vec pv = Vec.of(p, "parameter"), gv = Vec.of(g, "gradient"), mv = Vec.of(m, "m"), vv = Vec.of(v, "v");
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        for (int i = 0; i < pv.length; i++) {
            double gi = gv.get(i);
            double mi = beta1 * mv.get(i) + (1 - beta1) * gi;
            double vi = beta2 * vv.get(i) + (1 - beta2) * gi * gi;
            mv.set(i, mi);
            vv.set(i, vi);
            pv.set(i, pv.get(i) - stepSize * mi / (Math.sqrt(vi) / bc2Sqrt + eps));
        }
    }

    /**
     * One SGD step with momentum (PyTorch semantics, no dampening, not Nesterov): buf = momentum buf + g (buf = g on
     * the first step), p = p - lr buf.
     */
    public static void sgdMomentum(INDArray p, INDArray g, INDArray buf, boolean first, double lr, double momentum) {
        Shapes.requireSame(p, g, "SGD gradient");
        Shapes.requireSame(p, buf, "SGD momentum buffer");
        if (Kernels.portable()) {
            Nd4jKernels.sgdMomentum(p, g, buf, first, lr, momentum);
            return;
        }
        Vec pv = Vec.of(p, "parameter"), gv = Vec.of(g, "gradient"), bv = Vec.of(buf, "momentum buffer");
        for (int i = 0; i < pv.length; i++) {
            double b = first ? gv.get(i) : momentum * bv.get(i) + gv.get(i);
            bv.set(i, b);
            pv.set(i, pv.get(i) - lr * b);
        }
    }
}

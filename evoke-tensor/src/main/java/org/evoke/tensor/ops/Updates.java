package org.evoke.tensor.ops;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.Parallel;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.ndarray.INDArray;

/** In-place optimiser update kernels over one parameter and its state, one pass each. */
public final class Updates {
    private Updates() {
    }

    /**
     * One Adam step for one parameter, exactly as PyTorch's (1.13, single-tensor) implementation orders it (float32
     * arrays on the CPU: in float, both cores; otherwise element by element in double):
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
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        if (p.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && g.dataType() == p.dataType() && m.dataType() == p.dataType()
                && v.dataType() == p.dataType() && Vec.isCompact(p) && Vec.isCompact(g) && Vec.isCompact(m) && Vec.isCompact(v)) {
            adamFloat(Vec.address(p, "parameter"), Vec.address(g, "gradient"), Vec.address(m, "m"), Vec.address(v, "v"),
                    (int) p.length(), (float) stepSize, (float) bc2Sqrt, (float) beta1, (float) beta2, (float) eps);
            return;
        }
        Vec pv = Vec.of(p, "parameter"), gv = Vec.of(g, "gradient"), mv = Vec.of(m, "m"), vv = Vec.of(v, "v");
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
     * The float32 Adam step, as PyTorch computes it for float32 parameters (each operation rounded to float, in
     * its order: m = m b1 + g (1 - b1); v = v b2 + g g (1 - b2); p = p - step_size m / (sqrt(v) / sqrt(bc2) + eps)),
     * over the native memory of the four arrays, the elements split over {@link Parallel}'s threads: the teacher's
     * 6.2 million parameters took 98 ms a step in the double loop below, a quarter of a training step.
     */
    private static void adamFloat(long p, long g, long m, long v, int n, float stepSize, float bc2Sqrt, float beta1, float beta2, float eps) {
        float c1 = 1 - beta1, c2 = 1 - beta2;
        Parallel.run((part, parts) -> {
            // whole cache lines per part: 16 floats
            int i0 = Parallel.begin(n / 16, part, parts) * 16, i1 = part == parts - 1 ? n : Parallel.begin(n / 16, part + 1, parts) * 16;
            for (int i = i0; i < i1; i++) {
                long o = 4L * i;
                float gi = Vec.getFloat(g + o);
                float mi = Vec.getFloat(m + o) * beta1 + gi * c1;
                float vi = Vec.getFloat(v + o) * beta2 + gi * gi * c2;
                Vec.putFloat(m + o, mi);
                Vec.putFloat(v + o, vi);
                float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
                Vec.putFloat(p + o, Vec.getFloat(p + o) - stepSize * mi / denom);
            }
        });
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

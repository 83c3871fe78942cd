package org.evoke.tensor.ops;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * Parameter initialisers. PyTorch's default for Conv2d and Linear (kaiming_uniform_ with a = sqrt(5) for the
 * weight, which works out to U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the same bound for the bias) drawn from an
 * explicit seeded generator, so the same seed gives the same weights. The values are not PyTorch's own random
 * stream (that would need its Mersenne twister); the distribution is.
 */
public final class Init {
    private Init() {
    }

    /** Fills {@code a} with U(-bound, bound) draws from {@code rng}, in c order. */
    public static void uniform(INDArray a, double bound, SplittableRandom rng) {
        if (Kernels.portable()) { // the same draws, made on the host and copied in through ND4J
            double[] d = new double[(int) a.length()];
            for (int i = 0; i < d.length; i++) {
                d[i] = (2 * rng.nextDouble() - 1) * bound;
            }
            Nd4jKernels.assign(a, d);
            return;
        }
        Vec v = Vec.of(a, "initialised array");
        for (int i = 0; i < v.length; i++) {
            v.set(i, (2 * rng.nextDouble() - 1) * bound);
        }
    }

    /** PyTorch's default for a Conv2d or Linear layer with the given fan-in (in_channels * kh * kw, or in_features). */
    public static void pytorchDefault(INDArray weight, INDArray bias, long fanIn, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(fanIn);
        uniform(weight, bound, rng);
        if (bias != null) {
            uniform(bias, bound, rng);
        }
    }
}

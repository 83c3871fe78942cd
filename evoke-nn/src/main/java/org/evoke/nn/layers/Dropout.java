package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.tensor.ops.Activations;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inverted dropout: in training each element is kept with probability 1 - p and scaled by 1 / (1 - p), so
 * inference (training = false) is the identity and returns its input unchanged.
 *
 * <p>Seeded and counter-based: the mask of call number {@code step} is a pure function of (seed, step, element),
 * so a run is reproducible, and a resumed run continues the same masks after {@link #setStep(long)}.
 */
public final class Dropout implements Layer {
    private final String name;
    private final double p;
    private final long seed;
    private long step;            // training forwards so far
    private INDArray mask;        // (N, ...) 0 or 1/(1-p), cached for backward
    private INDArray y;           // (N, ...) output in training
    private INDArray dx;          // (N, ...)
    private boolean ready;

    public Dropout(String name, double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout " + name + ": p must be in [0, 1), got " + p);
        }
        this.name = name;
        this.p = p;
        this.seed = seed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (!training || p == 0) {
            ready = training;
            mask = null;
            return x;
        }
        Shapes.requireFloating(x, name + " input");
        mask = Buffers.ensure(mask, x.dataType(), x.shape());
        y = Buffers.ensure(y, x.dataType(), x.shape());
        Activations.dropoutMask(mask, p, seed, step);
        step++;
        Activations.multiply(x, mask, y);
        ready = true;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException("Dropout " + name + ": backward needs a forward(x, true) before it");
        }
        ready = false;
        if (mask == null) {
            return dy;
        }
        Shapes.requireSame(mask, dy, "Dropout " + name + " dy");
        dx = Buffers.ensure(dx, dy.dataType(), dy.shape());
        Activations.multiply(dy, mask, dx);
        return dx;
    }

    /** Training forwards so far; part of a checkpoint so that a resumed run draws the same masks. */
    public long step() {
        return step;
    }

    public void setStep(long step) {
        this.step = step;
    }

    public double p() {
        return p;
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String toString() {
        return name + ": Dropout(p=" + p + ")";
    }
}

package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flattens (N, C, H, W) to (N, C*H*W) in C, H, W order, as torch.flatten(x, 1) of NCHW: a view, no copy. The
 * views are kept and handed out again while the same arrays come in, so steady-state calls create nothing.
 *
 * <p>{@link #module(String)} counts as a PyTorch module in Table I (the student's nn.Flatten); {@link #inline(String)} does
 * not (the teacher's reshape inside forward).
 */
public final class Flatten implements Layer {
    private final String name;
    private final boolean module;
    private INDArray lastX, lastY;    // input and its (N, F) view
    private INDArray lastDy, lastDx;  // gradient and its (N, C, H, W) view
    private long[] inShape;
    private boolean ready;

    private Flatten(String name, boolean module) {
        this.name = name;
        this.module = module;
    }

    /** A Flatten that Table I counts as a layer (nn.Flatten). */
    public static Flatten module(String name) {
        return new Flatten(name, true);
    }

    /** A reshape inside forward, which Table I does not count. */
    public static Flatten inline(String name) {
        return new Flatten(name, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(name + " input must have a batch dimension, got rank " + x.rank());
        }
        if (x != lastX) {
            lastX = x;
            lastY = x.reshape('c', x.size(0), x.length() / x.size(0));
            inShape = x.shape();
        }
        ready = training;
        return lastY;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        ready = false;
        if (dy != lastDy || lastDx == null || !java.util.Arrays.equals(lastDx.shape(), inShape)) {
            lastDy = dy;
            lastDx = dy.reshape('c', inShape);
        }
        return lastDx;
    }

    @Override
    public long[] outputShape(long[] s) {
        long f = 1;
        for (long d : s) {
            f *= d;
        }
        return new long[]{f};
    }

    @Override
    public int moduleCount() {
        return module ? 1 : 0;
    }

    @Override
    public String toString() {
        return name + ": Flatten()" + (module ? "" : " (inline reshape)");
    }
}

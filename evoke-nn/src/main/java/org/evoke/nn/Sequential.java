package org.evoke.nn;

import org.evoke.tensor.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Layers applied in order; backward runs them in reverse.
 *
 * <p>A {@link Fusable} layer without an activation of its own followed by a {@link Pointwise} one (Conv2d then
 * ReLU, Linear then SELU) runs as one: the layer applies the activation in its output pass and the activation
 * layer is skipped, forward and backward. The numbers are the same; the pass over the output is saved. The system
 * property {@code evoke.fuse=false} turns this off (to time the layers one by one).
 */
public final class Sequential implements Layer {
    /** Whether activation layers are fused into the layer before them. */
    static final boolean FUSE = !"false".equalsIgnoreCase(System.getProperty("evoke.fuse"));

    private final String name;
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(String name, Layer... layers) {
        this.name = name;
        for (Layer l : layers) {
            add(l);
        }
    }

    public Sequential add(Layer layer) {
        for (Layer l : layers) {
            if (!l.parameters().isEmpty() && l.name().equals(layer.name())) {
                throw new IllegalArgumentException("duplicate layer name " + layer.name() + " in " + name);
            }
        }
        layers.add(layer);
        return this;
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        INDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            Activation then = fusedAfter(i);
            if (then != null) {
                h = ((Fusable) layers.get(i)).forward(h, training, then);
                i++; // the activation layer ran inside layer i
            } else {
                h = layers.get(i).forward(h, training);
            }
        }
        return h;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    /** Backward through every layer; with {@code inputGradient} false the first layer skips dL/dx and null is returned. */
    @Override
    public INDArray backward(INDArray dy, boolean inputGradient) {
        INDArray g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Activation then = i > 0 ? fusedAfter(i - 1) : null;
            if (then != null) {
                i--; // layer i is the activation fused into layer i - 1
                g = ((Fusable) layers.get(i)).backward(g, then, i > 0 || inputGradient);
            } else {
                g = layers.get(i).backward(g, i > 0 || inputGradient);
            }
        }
        return g;
    }

    /** The activation of layer i + 1 when it is fused into layer i, else null. */
    private Activation fusedAfter(int i) {
        if (!FUSE || i + 1 >= layers.size() || !(layers.get(i) instanceof Fusable f) || f.activation() != Activation.IDENTITY
                || !(layers.get(i + 1) instanceof Pointwise p) || p.activation() == Activation.IDENTITY) {
            return null;
        }
        return p.activation();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers) {
            ps.addAll(l.parameters());
        }
        return ps;
    }

    @Override
    public void initialize(SplittableRandom rng) {
        for (Layer l : layers) {
            l.initialize(rng);
        }
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        long[] s = inputShape;
        for (Layer l : layers) {
            s = l.outputShape(s);
        }
        return s;
    }

    @Override
    public long macs(long[] inputShape) {
        long total = 0;
        long[] s = inputShape;
        for (Layer l : layers) {
            total += l.macs(s);
            s = l.outputShape(s);
        }
        return total;
    }

    @Override
    public int moduleCount() {
        int n = 0;
        for (Layer l : layers) {
            n += l.moduleCount();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append("(\n");
        for (Layer l : layers) {
            sb.append("  ").append(l).append('\n');
        }
        return sb.append(')').toString();
    }
}

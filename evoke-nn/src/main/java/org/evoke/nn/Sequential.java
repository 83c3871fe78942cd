package org.evoke.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** Layers applied in order; backward runs them in reverse. */
public final class Sequential implements Layer {
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
        for (Layer l : layers) {
            h = l.forward(h, training);
        }
        return h;
    }

    @Override
    public INDArray backward(INDArray dy) {
        INDArray g = dy;
        for (int i = layers.size() - 1; i >= 0; i--) {
            g = layers.get(i).backward(g);
        }
        return g;
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

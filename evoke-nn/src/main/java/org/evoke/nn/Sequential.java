package org.evoke.nn;

import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.conv.ChannelLast;
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
 *
 * <p>At inference, consecutive {@link ChannelLastChain} layers (convolutions on the Vector API path) also hand their
 * activations over in channels-last heap buffers ({@link ChannelLast}) instead of NCHW arrays: the plan of which
 * layer writes where is made once per input shape. Same numbers again; {@code evoke.fuse=false} turns it off too.
 */
public final class Sequential implements Layer {
    /** Whether activation layers are fused into the layer before them. */
    static final boolean FUSE = !"false".equalsIgnoreCase(System.getProperty("evoke.fuse"));

    private final String name;
    private final List<Layer> layers = new ArrayList<>();

    // the inference chain, made once per input shape (see plan)
    private long planBatch = -1, planH = -1, planW = -1, planC = -1;
    private ChannelLast[] chainOut; // per layer: the next layer's buffer it writes into, or null
    private boolean[] chainIn;      // per layer: it reads its input from its own buffer
    private long[][] inShapes;      // per layer: its per-sample input shape
    private boolean chained;        // the plan chains at least one pair

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
        return forward(x, training, null);
    }

    /**
     * The forward; with {@code nanos} not null (one slot per layer), each layer's time is added to its slot (a fused
     * activation's to its layer's): a profiling hook for {@code org.evoke.bench.LayerTimes}.
     */
    public INDArray forward(INDArray x, boolean training, long[] nanos) {
        boolean chain = !training && FUSE && plan(x);
        INDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            long t0 = nanos == null ? 0 : System.nanoTime();
            Activation then = fusedAfter(i);
            int at = i;
            if (chain && (chainIn[i] || chainOut[i] != null)) {
                h = ((ChannelLastChain) layers.get(i)).forwardChained(chainIn[i] ? null : h, (int) planBatch, inShapes[i],
                        then == null ? Activation.IDENTITY : then, chainOut[i]);
                if (then != null) {
                    i++;
                }
            } else if (then != null) {
                h = ((Fusable) layers.get(i)).forward(h, training, then);
                i++; // the activation layer ran inside layer i
            } else {
                h = layers.get(i).forward(h, training);
            }
            if (nanos != null) {
                nanos[at] += System.nanoTime() - t0;
            }
        }
        return h;
    }

    /**
     * Makes (once per input shape) the plan of which layers hand their output over channels last; true when it
     * chains anything.
     */
    private boolean plan(INDArray x) {
        if (x.rank() != 4) {
            return false;
        }
        long batch = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        if (batch == planBatch && c == planC && h == planH && w == planW) {
            return chained;
        }
        int n = layers.size();
        chainOut = new ChannelLast[n];
        chainIn = new boolean[n];
        inShapes = new long[n][];
        chained = false;
        long[] shape = {c, h, w};
        int prev = -1; // the last chainable layer before i, when nothing else came between
        for (int i = 0; i < n; i++) {
            inShapes[i] = shape;
            Layer l = layers.get(i);
            Activation then = fusedAfter(i);
            if (l instanceof ChannelLastChain cl) {
                if (prev >= 0) {
                    ChannelLast buf = cl.channelLastInput((int) batch, shape);
                    if (buf != null) {
                        chainOut[prev] = buf;
                        chainIn[i] = true;
                        chained = true;
                    }
                }
                prev = i;
            } else {
                prev = -1;
            }
            shape = l.outputShape(shape);
            if (then != null) {
                i++;
                inShapes[i] = shape;
            }
        }
        planBatch = batch;
        planC = c;
        planH = h;
        planW = w;
        return chained;
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

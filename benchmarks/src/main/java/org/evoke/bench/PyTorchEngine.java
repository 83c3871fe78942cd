package org.evoke.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.Parameter;
import org.evoke.nn.layers.ClassTokenPool;
import org.evoke.nn.layers.Conv2d;
import org.evoke.nn.layers.ConvPatchEmbedding;
import org.evoke.nn.layers.Dropout;
import org.evoke.nn.layers.Flatten;
import org.evoke.nn.layers.GELU;
import org.evoke.nn.layers.GridPatchEmbedding;
import org.evoke.nn.layers.LayerNorm;
import org.evoke.nn.layers.Linear;
import org.evoke.nn.layers.MultiHeadSelfAttention;
import org.evoke.nn.layers.Padding;
import org.evoke.nn.layers.PatchEmbedding;
import org.evoke.nn.layers.ReLU;
import org.evoke.nn.layers.SELU;
import org.evoke.nn.layers.TransformerBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch from Java, as a Java user calls it: DJL's PyTorch engine (libtorch's CPU build with oneDNN;
 * the versions the pom pins are in {@link Peers}) running the model eagerly, one libtorch operator per DJL call, with our
 * weights copied in. The model is rebuilt from our layers, in PyTorch's own operators:
 * <pre>
 * Conv2d (+ fused ReLU)   F.pad (left, right, top, bottom) then conv2d with no padding; relu
 * Linear (+ activation)   linear(x, W (out, in), b); relu / selu
 * Flatten, ReLU, SELU     reshape (N, -1); relu; selu
 * Dropout                 dropout(p) in training, the identity at inference
 * LayerNorm, GELU         layer_norm over the last axis; gelu (the exact, erf form)
 * attention               qkv = linear; reshape (N, T, 3, H, Dh), permute (2, 0, 3, 1, 4);
 *                         softmax(q k^T * Dh^-0.5) v; permute (0, 2, 1, 3), reshape (N, T, H Dh); to_out
 * TransformerBlock        h = x + attn(LN1(x)); y = h + fc2(gelu(fc1(LN2(h))))
 * patch embeddings        the reshapes and permutes of our ONNX export, linear or conv, [cls; rows] + pos
 * ClassTokenPool          x[:, 0]
 * </pre>
 * Inference runs with autograd off (DJL's default outside a {@link GradientCollector}, like
 * {@code torch.inference_mode}) and copies the logits out into a Java array, as the ONNX Runtime engine does. A
 * training step is forward in training mode, the EVOKE BCE (sum over labels, mean over samples), backward through
 * libtorch's autograd, and Adam (lr 1e-3, betas 0.9 and 0.999, eps 1e-8; libtorch's fused update through DJL,
 * {@link #adamStep()}). Every call runs in an {@link NDScope}, so its intermediate tensors are freed when it returns.
 *
 * <p>Threads: {@value #THREADS} intra-op threads and one inter-op thread, as ONNX Runtime runs beside it. DJL runs
 * offline and silent: {@link #offline()} sets its offline mode and its tracking opt-out before any DJL class
 * loads (without them its engine start-up asks a cloud metadata address who it is), and puts its cache, where the
 * native library is unpacked, into {@code target/djl} of the working directory unless {@code DJL_CACHE_DIR} is
 * set.
 */
public final class PyTorchEngine implements org.evoke.bench.Engine {
    /** Intra-op threads (ONNX Runtime's {@link Engines#ORT_THREADS}). */
    public static final int THREADS = 2;
    private static final float LR = 1e-3f, BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

    static {
        offline();
    }

    private final NDManager manager;
    private final List<Op> ops = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final NDArray x;       // the fixed batch
    private final NDArray labels;  // (N, 3)
    private final List<NDArray> means = new ArrayList<>(), variances = new ArrayList<>(); // Adam's moments
    private long step;
    private final long batch;

    /** One of our layers in PyTorch's operators. */
    private interface Op {
        NDArray apply(NDArray x, boolean training);
    }

    public PyTorchEngine(Model model, INDArray x, INDArray labels) {
        this.manager = NDManager.newBaseManager();
        this.x = copy(x);
        this.labels = copy(labels);
        this.batch = x.size(0);
        for (Layer l : model.network().layers()) {
            ops.add(op(l, model.name()));
        }
        for (NDArray p : params) {
            p.setRequiresGradient(true);
        }
        for (NDArray p : params) {
            means.add(p.zerosLike());
            variances.add(p.zerosLike());
        }
    }

    /**
     * Sets DJL's offline mode ({@code ai.djl.offline}, {@code DJL_OFFLINE}) and tracking opt-out
     * ({@code OPT_OUT_TRACKING}), intra-op threads and cache directory as system properties, unless already given.
     * Call before any DJL class loads; this class's static initialiser does.
     */
    public static void offline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(THREADS));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            String dir = Path.of("target", "djl").toAbsolutePath().toString();
            System.setProperty("DJL_CACHE_DIR", dir);
            System.setProperty("ENGINE_CACHE_DIR", dir);
        }
    }

    /** The running libtorch's version, e.g. 2.7.1, as the engine reports it (starts the engine). */
    public static String runningVersion() {
        return Engine.getEngine("PyTorch").getVersion();
    }

    @Override
    public String name() {
        return "pytorch";
    }

    @Override
    public Object infer() {
        try (NDScope ignored = new NDScope()) {
            return forward(x, false).toFloatArray(); // (N * 3), copied out as ONNX Runtime's engine does
        }
    }

    @Override
    public double train() {
        try (NDScope ignored = new NDScope(); GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray u = forward(x, true);
            // the EVOKE BCE: sum over labels of max(u, 0) - u t + log(1 + exp(-|u|)), mean over samples
            NDArray loss = Activation.relu(u).sub(u.mul(labels)).add(u.abs().neg().exp().add(1).log()).sum().div(batch);
            gc.backward(loss);
            adamStep();
            return loss.getFloat();
        }
    }

    @Override
    public INDArray logits() {
        float[] v = (float[]) infer();
        return Nd4j.create(v, new long[]{batch, v.length / batch});
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * One Adam step on every parameter: libtorch's fused update as DJL's {@code Adam.update} calls it (one native
     * call per parameter: {@code w -= lr' m / (sqrt(v) + eps')}), with the moments kept here (DJL's optimiser would
     * create them inside the call's {@link NDScope}, which frees them). {@code lr' = lr sqrt(1 - b2^t) / (1 - b1^t)}
     * as DJL folds the bias corrections; {@code eps' = eps sqrt(1 - b2^t)} makes the step exactly
     * {@code torch.optim.Adam}'s (and ours), where DJL's own optimiser adds eps to the uncorrected root.
     */
    private void adamStep() {
        step++;
        double c2 = Math.sqrt(1 - Math.pow(BETA2, step));
        float lr = (float) (LR * c2 / (1 - Math.pow(BETA1, step))), eps = (float) (EPS * c2);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            p.getNDArrayInternal().adamUpdate(new NDList(p, p.getGradient(), means.get(i), variances.get(i)), new NDList(p),
                    LR, lr, 0f, 1f, -1f, BETA1, BETA2, eps, false, false);
        }
    }

    private NDArray forward(NDArray in, boolean training) {
        NDArray y = in;
        for (Op op : ops) {
            y = op.apply(y, training);
        }
        return y;
    }

    private NDArray copy(INDArray a) {
        return manager.create(a.dup().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat(), new Shape(a.shape()));
    }

    /** A parameter of ours as a tensor that trains. */
    private NDArray param(Parameter p) {
        NDArray t = copy(p.value());
        params.add(t);
        return t;
    }

    private Op op(Layer layer, String model) {
        if (layer instanceof Conv2d c) {
            NDArray w = param(c.weight()), b = param(c.bias());
            Padding p = c.padding();
            Shape pad = new Shape(p.left(), p.right(), p.top(), p.bottom());
            Shape stride = new Shape(c.stride(), c.stride());
            boolean noPad = p.equals(Padding.NONE);
            Op conv = (x, t) -> ai.djl.nn.convolutional.Conv2d.conv2d(noPad ? x : x.pad(pad, 0), w, b, stride).singletonOrThrow();
            return activated(conv, c.activation());
        }
        if (layer instanceof Linear l) {
            NDArray w = param(l.weight()), b = l.hasBias() ? param(l.bias()) : null;
            Op lin = (x, t) -> ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
            return activated(lin, l.activation());
        }
        if (layer instanceof ReLU) {
            return (x, t) -> Activation.relu(x);
        }
        if (layer instanceof SELU) {
            return (x, t) -> Activation.selu(x);
        }
        if (layer instanceof GELU) {
            return (x, t) -> Activation.gelu(x);
        }
        if (layer instanceof Flatten) {
            return (x, t) -> x.reshape(x.getShape().get(0), -1);
        }
        if (layer instanceof Dropout d) {
            float p = (float) d.p();
            return (x, t) -> t && p > 0 ? ai.djl.nn.norm.Dropout.dropout(x, p, true).singletonOrThrow() : x;
        }
        if (layer instanceof LayerNorm ln) {
            return layerNorm(ln);
        }
        if (layer instanceof ClassTokenPool) {
            return (x, t) -> x.get(":, 0");
        }
        if (layer instanceof MultiHeadSelfAttention a) {
            return attention(a, model);
        }
        if (layer instanceof TransformerBlock blk) {
            Op n1 = layerNorm(blk.norm1()), att = attention(blk.attention(), model), n2 = layerNorm(blk.norm2());
            Op fc1 = op(blk.fc1(), model), fc2 = op(blk.fc2(), model);
            return (x, t) -> {
                NDArray h = x.add(att.apply(n1.apply(x, t), t));
                return h.add(fc2.apply(Activation.gelu(fc1.apply(n2.apply(h, t), t)), t));
            };
        }
        if (layer instanceof PatchEmbedding p) {
            long[] s = p.sampleShape(); // (C, T)
            long patch = p.patch();
            Op proj = op(p.projection(), model);
            Op tokens = tokens(p.classToken(), p.positionEmbedding());
            return (x, t) -> {
                long n = x.getShape().get(0);
                NDArray rows = x.reshape(n, s[0], s[1] / patch, patch).transpose(0, 2, 1, 3).reshape(n, s[1] / patch, s[0] * patch);
                return tokens.apply(proj.apply(rows, t), t);
            };
        }
        if (layer instanceof GridPatchEmbedding p) {
            long[] s = p.sampleShape(); // (C p0, H p1, W p2)
            int[] q = p.patchSize();
            long c = s[0] / q[0], h = s[1] / q[1], w = s[2] / q[2];
            Op proj = op(p.projection(), model);
            Op tokens = tokens(p.classToken(), p.positionEmbedding());
            return (x, t) -> {
                long n = x.getShape().get(0);
                NDArray rows = x.reshape(n, c, q[0], h, q[1], w, q[2]).transpose(0, 1, 3, 5, 4, 6, 2)
                        .reshape(n, c * h * w, (long) q[0] * q[1] * q[2]);
                return tokens.apply(proj.apply(rows, t), t);
            };
        }
        if (layer instanceof ConvPatchEmbedding p) {
            Op conv = op(p.projection(), model);
            Op tokens = tokens(p.classToken(), p.positionEmbedding());
            return (x, t) -> {
                NDArray y = conv.apply(x, t); // (N, D, h, w)
                Shape ys = y.getShape();
                return tokens.apply(y.reshape(ys.get(0), ys.get(1), -1).transpose(0, 2, 1), t);
            };
        }
        throw new IllegalArgumentException("the pytorch engine has no mapping for layer " + layer.name() + " ("
                + layer.getClass().getSimpleName() + ") of " + model);
    }

    private static Op activated(Op op, org.evoke.tensor.ops.Activation kind) {
        return switch (kind) {
            case IDENTITY -> op;
            case RELU -> (x, t) -> Activation.relu(op.apply(x, t));
            case SELU -> (x, t) -> Activation.selu(op.apply(x, t));
        };
    }

    private Op layerNorm(LayerNorm ln) {
        NDArray g = param(ln.weight()), b = param(ln.bias());
        Shape axis = new Shape(g.getShape().get(0));
        float eps = (float) ln.eps();
        return (x, t) -> ai.djl.nn.norm.LayerNorm.layerNorm(x, axis, g, b, eps).singletonOrThrow();
    }

    private Op attention(MultiHeadSelfAttention a, String model) {
        long heads = a.heads(), dh = a.headDim();
        float scale = (float) a.scale();
        Op qkv = op(a.toQkv(), model);
        Op out = a.toOut() == null ? null : op(a.toOut(), model);
        return (x, t) -> {
            Shape s = x.getShape(); // (N, T, D)
            long n = s.get(0), tokens = s.get(1);
            NDArray heads5 = qkv.apply(x, t).reshape(n, tokens, 3, heads, dh).transpose(2, 0, 3, 1, 4); // (3, N, H, T, Dh)
            NDArray q = heads5.get(0), k = heads5.get(1), v = heads5.get(2);
            NDArray probs = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1);
            NDArray o = probs.matMul(v).transpose(0, 2, 1, 3).reshape(n, tokens, heads * dh);
            return out == null ? o : out.apply(o, t);
        };
    }

    /** [cls expanded to the batch; rows] + pos. */
    private Op tokens(Parameter cls, Parameter pos) {
        NDArray c = param(cls), p = param(pos); // (1, 1, D), (1, P + 1, D)
        return (rows, t) -> {
            long n = rows.getShape().get(0);
            return c.broadcast(new Shape(n, 1, c.getShape().get(2))).concat(rows, 1).add(p);
        };
    }
}

package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One pre-norm transformer block, one depth step of torcheeg's {@code Transformer}:
 *
 * <pre>
 * Legend: B batch, N tokens, D hid channels, M mlp channels
 * h = x + attn(LN1(x))                                 PreNorm(Attention)    &lt;name&gt;.0.norm, &lt;name&gt;.0.fn
 * y = h + ff(LN2(h)),  ff = Linear(D, M), GELU, Dropout, Linear(M, D), Dropout   &lt;name&gt;.1.norm, &lt;name&gt;.1.fn.net.{0,3}
 * backward: dh = dy + LN2'(ff'(dy));  dx = dh + LN1'(attn'(dh))
 * </pre>
 * With {@code name = "transformer.layers.0"} the parameters carry torcheeg's state_dict names. Input and output
 * (B, N, D).
 */
public final class TransformerBlock implements Layer {
    private final String name;
    private INDArray checked, checkedDy; // the last arrays that passed the checks (an array's shape and type never change)
    private final int dim, mlp;
    private final LayerNorm norm1, norm2;
    private final MultiHeadSelfAttention attn;
    private final Linear fc1, fc2;
    private final GELU gelu;
    private final Dropout drop1, drop2;
    private INDArray h, y, dh, dx; // (B, N, D)
    private int batch, tokens;
    private boolean ready;
    private final ReshapeView zRows = new ReshapeView(), ffTokens = new ReshapeView(), dyRows = new ReshapeView(),
            gTokens = new ReshapeView();

    /** The forward's steps, in order, as {@link #profile} times them. */
    public static final List<String> STEPS = List.of("norm1", "to_qkv", "attention core", "to_out", "residual 1", "norm2",
            "fc1", "gelu", "fc2", "residual 2");
    private long[] stepNanos; // a profiler's slots (STEPS), or null

    /**
     * @param dim     D (hid_channels)
     * @param heads   attention heads
     * @param headDim channels per head
     * @param mlp     M (mlp_channels)
     * @param dropout torcheeg's dropout, in attention and feed-forward
     * @param seed    seeds the dropout masks
     */
    public TransformerBlock(String name, int dim, int heads, int headDim, int mlp, double dropout, long seed) {
        this(name, dim, heads, headDim, mlp, dropout, seed, false, true);
    }

    /** With attention's {@code qkvBias} and {@code softmaxModule} options ({@link MultiHeadSelfAttention}). */
    public TransformerBlock(String name, int dim, int heads, int headDim, int mlp, double dropout, long seed, boolean qkvBias,
                            boolean softmaxModule) {
        this.name = name;
        this.dim = dim;
        this.mlp = mlp;
        this.norm1 = new LayerNorm(name + ".0.norm", dim);
        this.attn = new MultiHeadSelfAttention(name + ".0.fn", dim, heads, headDim, dropout, seed, qkvBias, softmaxModule);
        this.norm2 = new LayerNorm(name + ".1.norm", dim);
        this.fc1 = new Linear(name + ".1.fn.net.0", dim, mlp);
        this.gelu = new GELU(name + ".1.fn.net.1");
        this.drop1 = new Dropout(name + ".1.fn.net.2", dropout, seed * 31 + 1);
        this.fc2 = new Linear(name + ".1.fn.net.3", mlp, dim);
        this.drop2 = new Dropout(name + ".1.fn.net.4", dropout, seed * 31 + 2);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x != checked) { // once per input array: steady-state calls build no message strings
            Shapes.requireFloating(x, name + " input");
            if (x.rank() != 3 || x.size(2) != dim) {
                throw new IllegalArgumentException("transformer block " + name + " input: expected (batch, tokens, " + dim + "), got "
                        + java.util.Arrays.toString(x.shape()));
            }
            checked = x;
        }
        batch = (int) x.size(0);
        tokens = (int) x.size(1);
        h = Buffers.ensure(h, x.dataType(), x.shape());
        y = Buffers.ensure(y, x.dataType(), x.shape());
        if (stepNanos != null) {
            return profiledForward(x, training, stepNanos);
        }
        RowOps.add(x, attn.forward(norm1.forward(x, training), training), h);
        INDArray z = zRows.rows(norm2.forward(h, training), (long) batch * tokens, dim);
        z = drop2.forward(fc2.forward(drop1.forward(gelu.forward(fc1.forward(z, training), training), training), training), training);
        RowOps.add(h, ffTokens.tokens(z, batch, tokens, dim), y);
        ready = training;
        return y;
    }

    /**
     * A profiling aid: with {@code nanos} (one slot per {@link #STEPS} entry) every later forward adds each step's time
     * to its slot; null stops it. The steps run exactly as in an unprofiled forward.
     */
    public void profile(long[] nanos) {
        if (nanos != null && nanos.length != STEPS.size()) {
            throw new IllegalArgumentException(name + ": a profile needs " + STEPS.size() + " slots, got " + nanos.length);
        }
        stepNanos = nanos;
        attn.profile(nanos);
    }

    private INDArray profiledForward(INDArray x, boolean training, long[] t) {
        long t0 = System.nanoTime();
        INDArray n1 = norm1.forward(x, training);
        long t1 = System.nanoTime();
        t[0] += t1 - t0;
        INDArray a = attn.forward(n1, training); // adds to_qkv, attention core, to_out
        long t2 = System.nanoTime();
        RowOps.add(x, a, h);
        long t3 = System.nanoTime();
        t[4] += t3 - t2;
        INDArray z = zRows.rows(norm2.forward(h, training), (long) batch * tokens, dim);
        long t4 = System.nanoTime();
        t[5] += t4 - t3;
        z = fc1.forward(z, training);
        long t5 = System.nanoTime();
        t[6] += t5 - t4;
        z = drop1.forward(gelu.forward(z, training), training);
        long t6 = System.nanoTime();
        t[7] += t6 - t5;
        z = drop2.forward(fc2.forward(z, training), training);
        long t7 = System.nanoTime();
        t[8] += t7 - t6;
        RowOps.add(h, ffTokens.tokens(z, batch, tokens, dim), y);
        t[9] += System.nanoTime() - t7;
        ready = training;
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        if (dy != checkedDy) {
            Shapes.requireSame(y, dy, name + " dy");
            checkedDy = dy;
        }
        dh = Buffers.ensure(dh, dy.dataType(), dy.shape());
        dx = Buffers.ensure(dx, dy.dataType(), dy.shape());
        INDArray g = dyRows.rows(dy, (long) batch * tokens, dim);
        g = fc1.backward(gelu.backward(drop1.backward(fc2.backward(drop2.backward(g)))));
        RowOps.add(dy, norm2.backward(gTokens.tokens(g, batch, tokens, dim)), dh);
        RowOps.add(dh, norm1.backward(attn.backward(dh)), dx);
        ready = false;
        return dx;
    }

    private List<Layer> parts() {
        return List.of(norm1, attn, norm2, fc1, fc2);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (Layer l : parts()) {
            p.addAll(l.parameters());
        }
        return p;
    }

    @Override
    public void initialize(SplittableRandom rng) {
        for (Layer l : parts()) {
            l.initialize(rng);
        }
    }

    /** Casts every parameter (and attention's constant zero bias) to {@code type}, e.g. for a gradient check. */
    public void castTo(org.nd4j.linalg.api.buffer.DataType type) {
        norm1.parameters().forEach(p -> p.castTo(type));
        norm2.parameters().forEach(p -> p.castTo(type));
        attn.castTo(type);
        fc1.castTo(type);
        fc2.castTo(type);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public long macs(long[] inputShape) {
        long n = inputShape[0];
        return attn.macs(inputShape) + 2 * n * dim * mlp;
    }

    /**
     * PyTorch leaf modules: LayerNorm, to_qkv, Softmax, Dropout, to_out Linear and Dropout (or one Identity), LayerNorm,
     * Linear, GELU, Dropout, Linear, Dropout.
     */
    @Override
    public int moduleCount() {
        return 2 + attn.moduleCount() + 5;
    }

    @Override
    public long thopMacs(long[] inputShape) {
        return norm1.thopMacs(inputShape) + attn.thopMacs(inputShape) + norm2.thopMacs(inputShape) + 2 * inputShape[0] * dim * mlp;
    }

    @Override
    public String toString() {
        return name + ": TransformerBlock(hid=" + dim + ", mlp=" + mlp + ", " + attn + ")";
    }

    public LayerNorm norm1() {
        return norm1;
    }

    public MultiHeadSelfAttention attention() {
        return attn;
    }

    public LayerNorm norm2() {
        return norm2;
    }

    /** The feed-forward's first Linear (M, D), before the GELU. */
    public Linear fc1() {
        return fc1;
    }

    /** The feed-forward's second Linear (D, M). */
    public Linear fc2() {
        return fc2;
    }
}

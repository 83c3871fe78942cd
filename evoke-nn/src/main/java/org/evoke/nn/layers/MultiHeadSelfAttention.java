package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.tensor.attention.AttentionKernels;
import org.evoke.tensor.attention.FusedAttention;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Multi-head self-attention as torcheeg writes it ({@code torcheeg.models.transformer} {@code Attention}):
 *
 * <pre>
 * Legend: B batch, N tokens, D hid channels, H heads, Dh head channels, I = H Dh
 * qkv  = x W_qkv^T                         x (B, N, D), W_qkv (3I, D), no bias        to_qkv
 * q, k, v = qkv.chunk(3), each 'b n (h d) -> b h n d'                            (B, H, N, Dh)
 * S    = q k^T * Dh^-0.5                                                         (B, H, N, N)
 * A    = dropout(softmax(S))                                                     attend, dropout
 * O    = A v, 'b h n d -> b n (h d)'                                             (B, N, I)
 * y    = dropout(O W_out^T + b_out)         unless H == 1 and Dh == D (then y = O)  to_out.0, to_out.1
 * </pre>
 * Parameters {@code <name>.to_qkv.weight} and {@code <name>.to_out.0.weight}, {@code .bias}: PyTorch's names, so a
 * torcheeg state_dict loads unchanged. On the Vector API path in float32 the core (S, A, O) runs fused per head and
 * block of queries ({@link FusedAttention}), writing A only in training; elsewhere, and with attention dropout in
 * training, as three steps. Backward runs the steps in reverse ({@link AttentionKernels}).
 */
public final class MultiHeadSelfAttention implements Layer {
    private final String name;
    private INDArray checked; // the last arrays that passed the checks (an array's shape and type never change)
    private final int dim, heads, headDim, inner;
    private final double scale;
    private final boolean softmaxModule; // thop counts nn.Softmax (torcheeg), not a functional softmax (timm's ViT)
    private final Linear toQkv, toOut;   // toOut null when the projection is the identity
    private final Dropout attnDropout, outDropout;
    private INDArray s, a, o, dA, dS, dqkv, dx; // scores, probabilities, mixed heads and their gradients
    private INDArray qkv;                      // (B*N, 3I) the projection, kept for backward
    private INDArray attn;                     // A after dropout
    private int batch, tokens;
    private boolean ready;
    private FusedAttention fused; // the Vector API path's workspace
    private boolean fusedLast;    // whether the last forward ran fused
    private long[] stepNanos; // a profiler's slots (TransformerBlock.STEPS: 1 to_qkv, 2 core, 3 to_out), or null
    private final ReshapeView xRows = new ReshapeView(), yTokens = new ReshapeView(), dyRows = new ReshapeView(),
            dxTokens = new ReshapeView();

    /**
     * @param dim      D, the tokens' channels (torcheeg's hid_channels)
     * @param heads    H
     * @param headDim  Dh (torcheeg's head_channels)
     * @param dropout  attention and output dropout probability (torcheeg's dropout)
     * @param seed     seeds the dropout masks
     */
    public MultiHeadSelfAttention(String name, int dim, int heads, int headDim, double dropout, long seed) {
        this(name, dim, heads, headDim, dropout, seed, false, true);
    }

    /**
     * @param qkvBias       whether {@code to_qkv} has a bias (torcheeg: no; ImageNet ViT-B/16: yes)
     * @param softmaxModule whether the softmax is an {@code nn.Softmax} module, which thop counts (torcheeg), or a
     *                      function, which it does not (timm's ViT)
     */
    public MultiHeadSelfAttention(String name, int dim, int heads, int headDim, double dropout, long seed, boolean qkvBias,
                                  boolean softmaxModule) {
        if (dim < 1 || heads < 1 || headDim < 1) {
            throw new IllegalArgumentException("attention " + name + ": dim, heads and head channels must be >= 1, got "
                    + dim + ", " + heads + ", " + headDim);
        }
        this.name = name;
        this.dim = dim;
        this.heads = heads;
        this.headDim = headDim;
        this.inner = heads * headDim;
        this.scale = Math.pow(headDim, -0.5);
        this.toQkv = new Linear(name + ".to_qkv", dim, 3 * inner, qkvBias);
        this.softmaxModule = softmaxModule;
        boolean project = !(heads == 1 && headDim == dim);
        this.toOut = project ? new Linear(name + ".to_out.0", inner, dim) : null;
        this.attnDropout = new Dropout(name + ".dropout", dropout, seed);
        this.outDropout = new Dropout(name + ".to_out.1", dropout, seed ^ 0x5DEECE66DL);
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
                throw new IllegalArgumentException("attention " + name + " input: expected (batch, tokens, " + dim + "), got "
                        + java.util.Arrays.toString(x.shape()));
            }
            checked = x;
        }
        batch = (int) x.size(0);
        tokens = (int) x.size(1);
        long t0 = stepNanos == null ? 0 : System.nanoTime();
        qkv = toQkv.forward(xRows.rows(x, (long) batch * tokens, dim), training);                        // (B*N, 3I)
        long t1 = stepNanos == null ? 0 : System.nanoTime();
        o = Buffers.ensure(o, x.dataType(), batch * tokens, inner);
        fusedLast = FusedAttention.applies(qkv, o) && (!training || attnDropout.p() == 0);
        if (fusedLast) { // scores, softmax and values per block of queries; the probabilities kept only for training
            if (fused == null) {
                fused = new FusedAttention(heads, headDim);
            }
            if (training) {
                a = Buffers.ensure(a, x.dataType(), batch, heads, tokens, tokens);
            }
            fused.forward(qkv, batch, tokens, o, training ? a : null);
            attn = training ? attnDropout.forward(a, true) : null; // p = 0: A itself, and the dropout ready for backward
        } else {
            s = Buffers.ensure(s, x.dataType(), batch, heads, tokens, tokens);
            a = Buffers.ensure(a, x.dataType(), batch, heads, tokens, tokens);
            AttentionKernels.scores(qkv, batch, tokens, heads, headDim, scale, s);
            RowOps.softmax(s, a);
            attn = attnDropout.forward(a, training);
            AttentionKernels.mix(attn, qkv, batch, tokens, heads, headDim, o);
        }
        long t2 = stepNanos == null ? 0 : System.nanoTime();
        INDArray y = o;
        if (toOut != null) {
            y = outDropout.forward(toOut.forward(o, training), training);
        }
        if (stepNanos != null) {
            long t3 = System.nanoTime();
            stepNanos[1] += t1 - t0;
            stepNanos[2] += t2 - t1;
            stepNanos[3] += t3 - t2;
        }
        ready = training;
        return yTokens.tokens(y, batch, tokens, dim);
    }

    /** A profiling aid ({@link TransformerBlock#profile}): slots 1, 2 and 3 get to_qkv, the core and to_out. */
    void profile(long[] nanos) {
        stepNanos = nanos;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        INDArray g = dyRows.rows(dy, (long) batch * tokens, dim);
        INDArray dO = toOut == null ? g : toOut.backward(outDropout.backward(g));              // (B*N, I)
        dA = Buffers.ensure(dA, dy.dataType(), batch, heads, tokens, tokens);
        dS = Buffers.ensure(dS, dy.dataType(), batch, heads, tokens, tokens);
        dqkv = Buffers.ensure(dqkv, dy.dataType(), batch * tokens, 3 * inner);
        AttentionKernels.mixBackward(attn, qkv, dO, batch, tokens, heads, headDim, dA, dqkv);
        RowOps.softmaxBackward(a, attnDropout.backward(dA), dS);
        AttentionKernels.scoresBackward(dS, qkv, batch, tokens, heads, headDim, scale, dqkv);
        dx = dxTokens.tokens(toQkv.backward(dqkv), batch, tokens, dim);
        ready = false;
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(toQkv.parameters());
        if (toOut != null) {
            p.addAll(toOut.parameters());
        }
        return p;
    }

    @Override
    public void initialize(SplittableRandom rng) {
        toQkv.initialize(rng);
        if (toOut != null) {
            toOut.initialize(rng);
        }
    }

    /** Casts the parameters (and the projection's constant zero bias) to {@code type}, e.g. for a gradient check. */
    public void castTo(org.nd4j.linalg.api.buffer.DataType type) {
        toQkv.castTo(type);
        if (toOut != null) {
            toOut.castTo(type);
        }
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    /** The projections' multiply-accumulates and the two batched products, per sample of N tokens. */
    @Override
    public long macs(long[] inputShape) {
        long n = inputShape[0];
        long m = n * dim * 3L * inner + 2L * heads * n * n * headDim;
        return toOut == null ? m : m + n * inner * dim;
    }

    /** PyTorch leaf modules: to_qkv, Softmax, Dropout, and to_out's Linear and Dropout (or one Identity). */
    @Override
    public int moduleCount() {
        return 3 + (toOut != null ? 2 : 1);
    }

    /** thop: the two projections and the softmax (rows x (3n - 1)); the two matmuls are not counted. */
    @Override
    public long thopMacs(long[] inputShape) {
        long n = inputShape[0];
        long m = n * dim * 3L * inner + (softmaxModule ? (long) heads * n * (3 * n - 1) : 0);
        return toOut == null ? m : m + n * inner * dim;
    }

    @Override
    public String toString() {
        return name + ": Attention(hid=" + dim + ", heads=" + heads + ", head_channels=" + headDim + ")";
    }

    /** Which kernels the last forward's core ran on: "fused" ({@link FusedAttention}) or "unfused" (scores, softmax, mix). */
    public String lastPath() {
        return fusedLast ? "fused" : "unfused";
    }

    public int heads() {
        return heads;
    }

    /** Dh, the channels per head. */
    public int headDim() {
        return headDim;
    }

    /** Dh^-0.5, the scores' scale. */
    public double scale() {
        return scale;
    }

    /** The qkv projection (3I, D). */
    public Linear toQkv() {
        return toQkv;
    }

    /** The output projection (D, I), or null when it is the identity (one head as wide as the tokens). */
    public Linear toOut() {
        return toOut;
    }
}

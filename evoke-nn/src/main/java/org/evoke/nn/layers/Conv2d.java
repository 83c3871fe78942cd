package org.evoke.nn.layers;

import org.evoke.nn.Fusable;
import org.evoke.nn.Parameter;
import org.evoke.tensor.Activation;
import org.evoke.tensor.Activations;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ConvGeometry;
import org.evoke.tensor.DirectConv;
import org.evoke.tensor.Gemm;
import org.evoke.tensor.Im2Col;
import org.evoke.tensor.Init;
import org.evoke.tensor.Kernels;
import org.evoke.tensor.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * 2-D convolution over NCHW input with asymmetric zero padding; optionally with a fused activation (the models
 * keep their ReLU as a separate layer, as PyTorch does, and {@link org.evoke.nn.Sequential} fuses it here).
 *
 * <p>Two implementations of the same math, chosen per call by {@link Kernels}: on the Vector API path a direct
 * convolution ({@link DirectConv}: no column matrix, weights packed once per change, both cores), for float32
 * input, and for training when the stride is 1; otherwise im2col plus one matrix product, below.
 *
 * <pre>
 * Legend: N batch, C in channels, F out channels, H x W input, Ho x Wo output, P = Ho*Wo, K = C*kh*kw
 * forward:   cols = im2col(x)                      (K, N*P)   (inference on large batches: in chunks of samples)
 *            rows = W * cols                       (F, N*P)   W is the weight viewed as (F, K)
 *            y[n, f, p] = act(rows[f, n*P + p] + b[f])       (N, F, Ho, Wo)
 * backward:  dRows = dy * act'(y), in (F, N*P) layout;  db += sum of dRows over n, p
 *            dW += dRows * cols^T                  (F, K)
 *            dx  = col2im(W^T * dRows)             (N, C, H, W)
 * </pre>
 */
public final class Conv2d implements Fusable {
    /**
     * Column-matrix budget of one inference chunk, in elements (8 MB of floats; the system property
     * {@code evoke.conv.chunkFloats} overrides it, for experiments). Measured on the teacher's conv3 gemm at batch
     * 128 (Emerald Rapids, 2 cores, loaded): 148 GFLOP/s on the whole batch, 165 to 228 in chunks of 6 to 16
     * samples; budgets of 0.5, 1 and 8 M floats were slower than 2 M for both models at batch 128.
     */
    static final long CHUNK_FLOATS = Long.getLong("evoke.conv.chunkFloats", 1L << 21);

    private final String name;
    private final int in, out, kernel, stride;
    private final Padding padding;
    private final Activation activation;
    private final Parameter weight; // (F, C, kh, kw)
    private final Parameter bias;   // (F)

    private ConvGeometry geometry;  // for the last input's H x W
    private INDArray w2;            // (F, K) view of weight.value()
    private INDArray dw2;           // (F, K) view of weight.grad()
    private INDArray x;             // (N, C, H, W) the input, referenced by a training forward for backward
    private INDArray cols;          // (K, N*P) im2col of x, cached by forward for backward
    private INDArray rows;          // (F, N*P) gemm output
    private INDArray y;             // (N, F, Ho, Wo) the output (read by backward when the activation is not identity)
    private INDArray xPad;          // (C, Hp, Wp) one sample's zero-padded planes, scratch of the fast im2col
    private INDArray colsChunk;     // (K, nb*P) one inference chunk's im2col (large batches, see forwardInChunks)
    private INDArray rowsChunk;     // (F, nb*P)
    private INDArray colsTail;      // (K, (N mod nb)*P) the last, shorter chunk
    private INDArray rowsTail;      // (F, (N mod nb)*P)
    private INDArray dRows;         // (F, N*P)
    private INDArray dCols;         // (K, N*P)
    private INDArray dx;            // (N, C, H, W)
    private boolean ready;          // a training forward ran since the last backward
    private DirectConv direct;      // the direct kernels' workspace for the last input's H x W (Vector API path)
    private boolean directTrained;  // the last training forward ran on the direct kernels
    private Activation applied = Activation.IDENTITY; // the activation of the last forward (own or fused)

    public Conv2d(String name, int in, int out, int kernel, int stride, Padding padding) {
        this(name, in, out, kernel, stride, padding, Activation.IDENTITY);
    }

    public Conv2d(String name, int in, int out, int kernel, int stride, Padding padding, Activation activation) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("Conv2d " + name + ": channels, kernel and stride must be positive");
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.activation = activation;
        this.weight = new Parameter(name + ".weight", Nd4j.zeros(DataType.FLOAT, out, in, kernel, kernel));
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(DataType.FLOAT, out));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        return forward(input, training, Activation.IDENTITY);
    }

    @Override
    public INDArray forward(INDArray input, boolean training, Activation then) {
        Shapes.require(input, "Conv2d " + name + " input", Shapes.ANY, in, Shapes.ANY, Shapes.ANY);
        requireType(input);
        Activation act = effective(then);
        int n = (int) input.size(0);
        ConvGeometry g = geometry(input);
        DataType t = input.dataType();
        long np = (long) n * g.positions();
        applied = act;
        if (Kernels.vector() && t == DataType.FLOAT && (!training || directWorkspace(g).computesDataGradient())) {
            DirectConv d = directWorkspace(g);
            d.pack(weight.value(), weight.version(), bias.value(), bias.version());
            y = Buffers.ensure(y, t, n, out, g.outH(), g.outW());
            d.forward(input, y, act);
            x = training ? input : null;
            ready = training;
            directTrained = training;
            return y;
        }
        directTrained = false;

        int nb = training ? n : chunkSamples(g, n);
        if (nb >= n) {
            cols = Buffers.ensure(cols, t, g.patch(), np);
            rows = Buffers.ensure(rows, t, out, np);
            y = Buffers.ensure(y, t, n, out, g.outH(), g.outW());
            views();
            Im2Col.im2col(input, g, cols, 0, xPad(g, t));
            Gemm.gemm(w2, cols, rows, false, false);
            Activations.biasActivationNchw(rows, bias.value(), act, y);
        } else {
            forwardInChunks(input, g, n, nb, t, act);
        }
        x = training ? input : null;
        ready = training;
        return y;
    }

    /**
     * Inference on a large batch, {@code nb} samples at a time: the column matrix of a whole batch of 128 is tens of
     * megabytes (conv4 of the teacher: 4096 x 10,368 floats, 170 MB), written once and read back by the gemm from
     * main memory; a chunk of a few samples stays in cache and lets the gemm run near its peak. Same arithmetic,
     * same result as the whole batch at once (each output column depends only on its own sample).
     */
    private void forwardInChunks(INDArray input, ConvGeometry g, int n, int nb, DataType t, Activation act) {
        int p = g.positions(), tail = n % nb;
        colsChunk = Buffers.ensure(colsChunk, t, g.patch(), (long) nb * p);
        rowsChunk = Buffers.ensure(rowsChunk, t, out, (long) nb * p);
        if (tail > 0) {
            colsTail = Buffers.ensure(colsTail, t, g.patch(), (long) tail * p);
            rowsTail = Buffers.ensure(rowsTail, t, out, (long) tail * p);
        }
        y = Buffers.ensure(y, t, n, out, g.outH(), g.outW());
        views();
        INDArray pad = xPad(g, t);
        for (int n0 = 0; n0 < n; n0 += nb) {
            boolean last = n0 + nb > n;
            INDArray c = last ? colsTail : colsChunk, r = last ? rowsTail : rowsChunk;
            Im2Col.im2col(input, g, c, n0, pad);
            Gemm.gemm(w2, c, r, false, false);
            Activations.biasActivationNchw(r, bias.value(), act, y, n0);
        }
    }

    /** The padded-plane scratch of the fast im2col: (C, H + top + bottom, W + left + right). */
    private INDArray xPad(ConvGeometry g, DataType t) {
        xPad = Buffers.ensure(xPad, t, in, g.height() + g.padTop() + g.padBottom(), g.width() + g.padLeft() + g.padRight());
        return xPad;
    }

    /** Samples per inference chunk: as many as keep the column matrix within {@link #CHUNK_FLOATS}, at least one. */
    static int chunkSamples(ConvGeometry g, int n) {
        long perSample = (long) g.patch() * g.positions();
        return (int) Math.max(1, Math.min(n, CHUNK_FLOATS / perSample));
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean inputGradient) {
        return backward(dy, Activation.IDENTITY, inputGradient);
    }

    @Override
    public INDArray backward(INDArray dy, Activation then, boolean inputGradient) {
        if (!ready) {
            throw new IllegalStateException("Conv2d " + name + ": backward needs a forward(x, true) before it");
        }
        Shapes.requireSame(y, dy, "Conv2d " + name + " dy");
        Activation act = effective(then);
        if (act != applied) {
            throw new IllegalStateException("Conv2d " + name + ": backward with activation " + act + " after a forward with " + applied);
        }
        ConvGeometry g = geometry;
        DataType t = dy.dataType();
        ready = false;
        if (inputGradient) {
            dx = Buffers.ensure(dx, t, x.shape());
        }
        if (directTrained) {
            direct.backward(dy, y, act, weight.grad(), bias.grad(), inputGradient ? dx : null);
            return inputGradient ? dx : null;
        }
        dRows = Buffers.ensure(dRows, t, rows.shape());
        Activations.biasActivationNchwBackward(dy, act == Activation.IDENTITY ? null : y, act, dRows, bias.grad());
        Gemm.gemm(dRows, cols, dw2, false, true, 1.0, 1.0);
        if (!inputGradient) {
            return null;
        }
        dCols = Buffers.ensure(dCols, t, cols.shape());
        Gemm.gemm(w2, dRows, dCols, true, false);
        Im2Col.col2im(dCols, g, dx, xPad(g, t));
        return dx;
    }

    /** The activation a forward applies: the layer's own, or the one fused after it (never both). */
    private Activation effective(Activation then) {
        if (then == Activation.IDENTITY) {
            return activation;
        }
        if (activation != Activation.IDENTITY) {
            throw new IllegalArgumentException("Conv2d " + name + " has its own activation " + activation + "; cannot fuse " + then);
        }
        return then;
    }

    /** The direct kernels' workspace for geometry g (rebuilt when the input's H x W changes). */
    private DirectConv directWorkspace(ConvGeometry g) {
        if (direct == null || !direct.geometry().equals(g)) {
            direct = new DirectConv(Kernels.tiles(), g, out);
        }
        return direct;
    }

    private ConvGeometry geometry(INDArray input) {
        int h = (int) input.size(2), w = (int) input.size(3);
        if (geometry == null || geometry.height() != h || geometry.width() != w) {
            geometry = ConvGeometry.of(in, h, w, kernel, kernel, stride, stride,
                    padding.top(), padding.bottom(), padding.left(), padding.right());
        }
        return geometry;
    }

    /** (Re)binds the (F, K) views when the parameter arrays were replaced (e.g. cast to double). */
    private void views() {
        if (w2 == null || w2.data() != weight.value().data()) {
            w2 = weight.value().reshape('c', out, (long) in * kernel * kernel);
        }
        if (dw2 == null || dw2.data() != weight.grad().data()) {
            dw2 = weight.grad().reshape('c', out, (long) in * kernel * kernel);
        }
    }

    private void requireType(INDArray input) {
        if (input.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException("Conv2d " + name + " input is " + input.dataType()
                    + " but the layer's parameters are " + weight.value().dataType());
        }
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        Init.pytorchDefault(weight.value(), bias.value(), (long) in * kernel * kernel, rng);
    }

    @Override
    public long[] outputShape(long[] s) {
        ConvGeometry g = ConvGeometry.of(in, (int) s[1], (int) s[2], kernel, kernel, stride, stride,
                padding.top(), padding.bottom(), padding.left(), padding.right());
        return new long[]{out, g.outH(), g.outW()};
    }

    @Override
    public long macs(long[] s) {
        long[] o = outputShape(s);
        return o[0] * o[1] * o[2] * (long) in * kernel * kernel;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public String toString() {
        return name + ": Conv2d(" + in + ", " + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (activation == Activation.IDENTITY ? "" : ", activation=" + activation) + ")";
    }
}

package org.evoke.tensor.conv;

import org.evoke.tensor.Buffers;
import org.evoke.tensor.Kernels;
import org.evoke.tensor.blas.Gemm;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Activations;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arithmetic of one 2-D convolution layer, on the kernels this JVM runs ({@link Kernels}); the layer
 * ({@code org.evoke.nn.layers.Conv2d}) owns the parameters and the checks, this owns every buffer, and chooses
 * per call:
 * <ul>
 * <li>the direct kernels ({@link DirectConv}, with Winograd's F(3x3, 4x4) where it suits) on the Vector API path,
 *     for float32, and for training when the stride is 1 (the fast dx needs it);</li>
 * <li>im2col plus one gemm on OpenBLAS otherwise on the CPU (the BLAS path; double precision, stride 2 training);</li>
 * <li>ND4J operations only on the portable path ({@link org.evoke.tensor.ops.Nd4jKernels}).</li>
 * </ul>
 *
 * <pre>
 * Legend: N batch, C in channels, F out channels, Ho x Wo output, P = Ho*Wo, K = C*kh*kw
 * forward:   y[n, f, p] = act(b[f] + sum_k W[f, k] cols[k, n*P + p])      cols = im2col(x) (K, N*P)
 * backward:  g = dy * act'(y);  db += sum of g;  dW += g cols^T;  dx = col2im(W^T g)
 * </pre>
 */
public final class Conv2dKernel {
    /**
     * Column-matrix budget of one inference chunk on the BLAS path, in elements (8 MB of floats; the system property
     * {@code evoke.conv.chunkFloats} overrides it). Measured on the teacher's conv3 gemm at batch 128 (Emerald
     * Rapids, 2 cores, loaded): 148 GFLOP/s on the whole batch, 165 to 228 in chunks of 6 to 16 samples.
     */
    static final long CHUNK_FLOATS = Long.getLong("evoke.conv.chunkFloats", 1L << 21);

    private enum Used { DIRECT, BLAS, ND4J }

    private final String name;
    private final int out;
    private Used used;              // the path of the last training forward
    private Activation applied;     // its activation
    private ConvGeometry geometry;  // its geometry
    private INDArray y;             // (N, F, Ho, Wo) the output buffer
    private INDArray dx;            // (N, C, H, W)

    private DirectConv direct;      // Vector API path: the workspace for the last geometry

    // BLAS path
    private INDArray cols;          // (K, N*P) im2col of x, cached by a training forward
    private INDArray rows;          // (F, N*P) gemm output
    private INDArray xPad;          // (C, Hp, Wp) one sample's zero-padded planes, scratch of the fast im2col
    private INDArray colsChunk, rowsChunk, colsTail, rowsTail; // inference in chunks of samples
    private INDArray dRows;         // (F, N*P)
    private INDArray dCols;         // (K, N*P)

    // portable path
    private INDArray ndCols;        // (K, N*P) cached by a training forward

    private INDArray w2, dw2;       // (F, K) views of the weight and its gradient, kept while the arrays are the same
    private INDArray w2Of, dw2Of;   // the arrays they view

    /** The kernel of layer {@code name} with {@code out} filters. */
    public Conv2dKernel(String name, int out) {
        this.name = name;
        this.out = out;
    }

    /**
     * y (N, F, Ho, Wo) = act(conv(x, W) + b), into a buffer this object owns and reuses; with {@code training},
     * keeps what {@link #backward} needs. The versions are the parameters' change counters (packing is redone when
     * they move).
     */
    public INDArray forward(INDArray input, ConvGeometry g, INDArray weight, long weightVersion, INDArray bias,
                            long biasVersion, Activation act, boolean training) {
        int n = (int) input.size(0);
        DataType t = input.dataType();
        if (y == null || y.size(0) != n || y.dataType() != t || y.size(2) != g.outH() || y.size(3) != g.outW()) {
            y = Buffers.ensure(y, t, n, out, g.outH(), g.outW());
        }
        applied = act;
        geometry = g;
        INDArray w2 = view(weight, g);
        if (Kernels.portable()) {
            INDArray[] r = Nd4jConv.convForward(input, g, w2, bias, act, y);
            ndCols = training ? r[1] : null;
            used = Used.ND4J;
            return y;
        }
        if (Kernels.vector() && t == DataType.FLOAT && (!training || directWorkspace(g).computesDataGradient())) {
            DirectConv d = directWorkspace(g);
            d.pack(weight, weightVersion, bias, biasVersion);
            d.forward(input, y, act, training);
            used = Used.DIRECT;
            return y;
        }
        used = Used.BLAS;
        long np = (long) n * g.positions();
        int nb = training ? n : chunkSamples(g, n);
        if (nb >= n) {
            cols = Buffers.ensure(cols, t, g.patch(), np);
            rows = Buffers.ensure(rows, t, out, np);
            Im2Col.im2col(input, g, cols, 0, xPad(g, t));
            Gemm.gemm(w2, cols, rows, false, false);
            Activations.biasActivationNchw(rows, bias, act, y);
        } else {
            forwardInChunks(input, g, w2, bias, n, nb, t, act);
        }
        return y;
    }

    /**
     * The channels-last buffer an inference forward of this layer at this geometry and batch can read its input
     * from, for the layer before it to write (the Winograd path on the Vector API, float32); null otherwise.
     */
    public ChannelLast channelLastInput(ConvGeometry g, int batch, DataType t) {
        if (!Kernels.vector() || t != DataType.FLOAT) {
            return null;
        }
        return directWorkspace(g).channelLastInput(batch);
    }

    /**
     * Inference forward between convolutions (Vector API path, float32): the input is {@code input} (NCHW) or, when
     * that is null, already in {@link #channelLastInput}; the output goes into {@code into} (the next layer's
     * channels-last input; returns null) or into this layer's NCHW y (returned).
     */
    public INDArray forwardChained(INDArray input, ConvGeometry g, int batch, INDArray weight, long weightVersion, INDArray bias,
                                   long biasVersion, Activation act, ChannelLast into) {
        if (!Kernels.vector()) {
            throw new IllegalStateException("forwardChained needs the Vector API kernels: " + Kernels.describe());
        }
        DirectConv d = directWorkspace(g);
        d.pack(weight, weightVersion, bias, biasVersion);
        INDArray result = null;
        if (into == null) {
            if (y == null || y.size(0) != batch || y.dataType() != DataType.FLOAT || y.size(2) != g.outH() || y.size(3) != g.outW()) {
                y = Buffers.ensure(y, DataType.FLOAT, batch, out, g.outH(), g.outW());
            }
            result = y;
        }
        if (input == null) {
            d.forwardFromChannelLast(batch, result, act, into);
        } else {
            d.forward(input, result, act, false, into);
        }
        used = Used.DIRECT;
        applied = act;
        geometry = g;
        return result;
    }

    /**
     * Backward of the last training forward: dW (F, C, kh, kw) += ..., db (F) += ...; returns dL/dx (N, C, H, W),
     * or null without {@code inputGradient}.
     */
    public INDArray backward(INDArray dy, INDArray weight, INDArray dW, INDArray db, boolean inputGradient) {
        ConvGeometry g = geometry;
        DataType t = dy.dataType();
        if (inputGradient) {
            dx = Buffers.ensure(dx, t, dy.size(0), g.channels(), g.height(), g.width());
        }
        INDArray w2 = view(weight, g);
        if (dw2Of != dW) {
            dw2 = dW.reshape('c', out, g.patch());
            dw2Of = dW;
        }
        switch (used) {
            case ND4J -> {
                INDArray d = Nd4jConv.convBackward(dy, y, applied, g, w2, ndCols, dw2, db, inputGradient);
                if (d != null) {
                    dx.assign(d);
                }
                ndCols = null;
            }
            case DIRECT -> direct.backward(dy, y, applied, dW, db, inputGradient ? dx : null);
            case BLAS -> {
                dRows = Buffers.ensure(dRows, t, rows.shape());
                Activations.biasActivationNchwBackward(dy, applied == Activation.IDENTITY ? null : y, applied, dRows, db);
                Gemm.gemm(dRows, cols, dw2, false, true, 1.0, 1.0);
                if (inputGradient) {
                    dCols = Buffers.ensure(dCols, t, cols.shape());
                    Gemm.gemm(w2, dRows, dCols, true, false);
                    Im2Col.col2im(dCols, g, dx, xPad(g, t));
                }
            }
        }
        return inputGradient ? dx : null;
    }

    /** The weight viewed as (F, K), made again only when the weight array is replaced (a cast to double). */
    private INDArray view(INDArray weight, ConvGeometry g) {
        if (w2Of != weight) {
            w2 = weight.reshape('c', out, g.patch());
            w2Of = weight;
        }
        return w2;
    }

    /** Which path the last forward took: "direct", "winograd", "im2col" or "nd4j" (for tests and reports). */
    public String lastPath() {
        if (used == null) {
            return "none";
        }
        return switch (used) {
            case DIRECT -> direct.winograd() ? "winograd" : "direct";
            case BLAS -> "im2col";
            case ND4J -> "nd4j";
        };
    }

    /**
     * Inference on a large batch on the BLAS path, {@code nb} samples at a time: the column matrix of a whole batch
     * of 128 is tens of megabytes (the teacher's conv4: 170 MB); a chunk of a few samples stays in cache. Same
     * arithmetic, same result as the whole batch at once.
     */
    private void forwardInChunks(INDArray input, ConvGeometry g, INDArray w2, INDArray bias, int n, int nb, DataType t, Activation act) {
        int p = g.positions(), tail = n % nb;
        colsChunk = Buffers.ensure(colsChunk, t, g.patch(), (long) nb * p);
        rowsChunk = Buffers.ensure(rowsChunk, t, out, (long) nb * p);
        if (tail > 0) {
            colsTail = Buffers.ensure(colsTail, t, g.patch(), (long) tail * p);
            rowsTail = Buffers.ensure(rowsTail, t, out, (long) tail * p);
        }
        INDArray pad = xPad(g, t);
        for (int n0 = 0; n0 < n; n0 += nb) {
            boolean last = n0 + nb > n;
            INDArray c = last ? colsTail : colsChunk, r = last ? rowsTail : rowsChunk;
            Im2Col.im2col(input, g, c, n0, pad);
            Gemm.gemm(w2, c, r, false, false);
            Activations.biasActivationNchw(r, bias, act, y, n0);
        }
    }

    /** The padded-plane scratch of the fast im2col: (C, H + top + bottom, W + left + right). */
    private INDArray xPad(ConvGeometry g, DataType t) {
        xPad = Buffers.ensure(xPad, t, g.channels(), g.height() + g.padTop() + g.padBottom(), g.width() + g.padLeft() + g.padRight());
        return xPad;
    }

    /** Samples per inference chunk: as many as keep the column matrix within {@link #CHUNK_FLOATS}, at least one. */
    public static int chunkSamples(ConvGeometry g, int n) {
        long perSample = (long) g.patch() * g.positions();
        return (int) Math.max(1, Math.min(n, CHUNK_FLOATS / perSample));
    }

    /** The direct kernels' workspace for geometry g (rebuilt when the input's H x W changes). */
    private DirectConv directWorkspace(ConvGeometry g) {
        if (direct == null || !direct.geometry().equals(g)) {
            direct = new DirectConv(Kernels.tiles(), Kernels.winograd(), g, out);
        }
        return direct;
    }

    @Override
    public String toString() {
        return "Conv2dKernel(" + name + ", " + lastPath() + ")";
    }
}

package org.evoke.tensor.conv;

import org.evoke.tensor.Parallel;
import org.evoke.tensor.memory.Address;
import org.evoke.tensor.memory.Vec;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Activations;
import org.evoke.tensor.ops.Shapes;
import org.evoke.tensor.tile.PackedWeights;
import org.evoke.tensor.tile.Panels;
import org.evoke.tensor.tile.TileLoop;
import org.evoke.tensor.tile.Tiles;
import org.evoke.tensor.tile.WinogradTransforms;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Direct convolution: forward, and backward for stride 1, without a column matrix. One instance is one layer's
 * workspace for one input size: the weights packed once per change, the zero-padded input, the offset tables and
 * the per-thread tiles, all on the Java heap and reused from call to call. The arithmetic is the register tiles'
 * ({@link Tiles}); the work is split over {@link Parallel}'s threads by output rows (forward, dx), by kernel taps
 * (dW) or by channels (the gradient pass), so every output element is summed by one thread in a fixed order and
 * the result does not depend on the thread count.
 *
 * <pre>
 * Legend: N batch, C in channels, F out channels, H x W input, Hp x Wp = padded input, Ho x Wo output,
 *         P = Ho*Wo, K = C*kh*kw taps, Fp = F rounded up to 16, q = n*P + oh*Wo + ow an output position
 * xpad (N, C, Hp, Wp)          x with its zero border, copied once per forward (heap)
 * corner[q] = n*C*Hp*Wp + oh*sh*Wp + ow*sw        where output position q's window starts in xpad
 * tap[k]    = c*Hp*Wp + i*Wp + j                   k = (c, i, j), the weight's own (C, kh, kw) order
 * Wt (K, Fp)  Wt[k, f] = W[f, k]                   packed once per weight change, in column panels ({@link Panels})
 *
 * forward:  y[n, f, p] = act(b[f] + sum_k xpad[corner[q] + tap[k]] * Wt[k, f])            rows q, columns f
 * backward (stride 1):
 *   g = dy * act'(y)   -> gT (N*P, Fp) (rows q) and gpad (N, F, Ho + kh-1-pt + kh-1-pb, Wo + kw-1-pl + kw-1-pr)
 *   db[f] += sum_q g[q, f]
 *   dW^T (K, Fp) = sum_q xpad[tap[k] + corner[q]] * gT[q, f]                     rows k, columns f: the tables swap
 *   dx = the convolution of gpad with Wflip, Wflip[c, f, i, j] = W[f, c, kh-1-i, kw-1-j], stride 1 (the transposed
 *        convolution written as a plain one), through the same forward kernel
 * </pre>
 *
 * A 4x4 stride-1 convolution with at least 16 input channels runs by Winograd's F(3x3, 4x4) instead
 * ({@link WinogradConv}: a quarter of the arithmetic), forward and, through the flipped weights, for dx; dW stays
 * direct. Reference: im2col + gemm ({@link Im2Col}, {@link org.evoke.tensor.blas.Gemm}) and the naive kernels; the
 * tests sweep this against them on odd shapes.
 */
public final class DirectConv implements Parallel.Body {
    /** Positions per chunk of the dW reduction: a 64-column panel of gT stays within 128 KB. */
    static final int DW_CHUNK = 512;

    private enum Phase { COPY_IN, FORWARD, GRADIENT, WEIGHTS, FLUSH, DATA }

    private final Tiles tiles;
    private final WinogradConv winograd;     // forward by F(3x3, 4x4), or null
    private final WinogradConv winogradDx;   // dx by F(3x3, 4x4) over the flipped weights, or null
    private final ConvGeometry g;
    private final int f, fp, k, p, plane, sample;
    private Activation act = Activation.IDENTITY; // of the call in flight
    private final int[] tap;            // (K + slack) tap offsets in xpad
    private final PackedWeights packed; // W^T (K, Fp) in panels, and b
    private final float[] wt;           // packed.wt
    private final float[] bias;         // packed.bias

    // per batch size
    private int n = -1;
    private float[] xpad;               // (N, C, Hp, Wp)
    private int[] corner;               // (N*P + slack)
    private int[] outBase;              // (N*P) n*F*P + p: where row q lands in an NCHW array of F channels

    // backward, stride 1
    private final boolean dataGradient; // dx through the fast kernel (stride 1, padding at most kernel - 1)
    private final int bpt, bpl, bhp, bwp, bplane, cp;
    private float[] wflip;              // (F*kh*kw, Cp)
    private int[] flipTap;              // (F*kh*kw)
    private long flippedWeight = -1;    // the generation of the packed weights wflip was made from
    private int bn = -1;
    private float[] gT;                 // (N*P + slack, Fp)
    private float[] gpad;               // (N, F, bhp, bwp)
    private int[] inCorner;             // (N*H*W + slack)
    private int[] inBase;               // (N*H*W) n*C*H*W + h*W + w
    private final float[] dwt;          // (K, Fp)

    private float[][] scratch = new float[0][];
    private WeightSum[] weightSums = new WeightSum[0];

    // the call in flight
    private Phase phase;
    private long xAddr, yAddr, dyAddr, dbAddr, dwAddr, dxAddr;
    private boolean needDx;
    private ChannelLast into;           // the next layer's channels-last input, when the forward writes there
    private float[] winogradIn;         // winogradDx's channels-last input, during a backward
    private INDArray checkedX, checkedY, checkedWeight, checkedBias;
    private final Address xAt = new Address(), yAt = new Address(), dyAt = new Address(), dbAt = new Address(),
            dwAt = new Address(), dxAt = new Address();
    private final Epilogue forwardStore = new Epilogue(false);
    private final Epilogue dataStore = new Epilogue(true);

    /** A workspace for a convolution of geometry {@code g} with {@code outChannels} filters, without Winograd. */
    public DirectConv(Tiles tiles, ConvGeometry g, int outChannels) {
        this(tiles, null, g, outChannels);
    }

    /**
     * A workspace for a convolution of geometry {@code g} with {@code outChannels} filters; with {@code winograd}
     * transforms (not null), the shapes that suit it run by F(3x3, 4x4).
     */
    public DirectConv(Tiles tiles, WinogradTransforms winograd, ConvGeometry g, int outChannels) {
        this.tiles = tiles;
        this.g = g;
        this.f = outChannels;
        this.fp = TileLoop.roundUp(outChannels, Tiles.NARROW);
        this.k = g.patch();
        this.p = g.positions();
        int hp = g.height() + g.padTop() + g.padBottom(), wp = g.width() + g.padLeft() + g.padRight();
        this.plane = hp * wp;
        this.sample = g.channels() * plane;
        this.tap = new int[k + TileLoop.ROW_SLACK];
        for (int c = 0; c < g.channels(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    tap[(c * g.kh() + i) * g.kw() + j] = c * plane + i * wp + j;
                }
            }
        }
        Arrays.fill(tap, k, tap.length, tap[k - 1]);
        this.packed = new PackedWeights(outChannels, g.patch());
        this.wt = packed.wt;
        this.bias = packed.bias;
        this.dataGradient = g.strideH() == 1 && g.strideW() == 1 && g.padTop() < g.kh() && g.padBottom() < g.kh()
                && g.padLeft() < g.kw() && g.padRight() < g.kw();
        this.bpt = g.kh() - 1 - g.padTop();
        this.bpl = g.kw() - 1 - g.padLeft();
        this.bhp = g.outH() + bpt + g.kh() - 1 - g.padBottom();
        this.bwp = g.outW() + bpl + g.kw() - 1 - g.padRight();
        this.bplane = bhp * bwp;
        this.cp = TileLoop.roundUp(g.channels(), Tiles.NARROW);
        this.dwt = new float[k * fp];
        this.winograd = winograd != null && WinogradConv.suits(g)
                ? new WinogradConv(tiles, winograd, g.channels(), f, g.height(), g.width(), g.padTop(), g.padLeft(), g.outH(), g.outW())
                : null;
        this.winogradDx = winograd != null && dataGradient
                && WinogradConv.suits(ConvGeometry.of(f, g.outH(), g.outW(), g.kh(), g.kw(), 1, 1, bpt, g.kh() - 1 - g.padBottom(), bpl, g.kw() - 1 - g.padRight()))
                ? new WinogradConv(tiles, winograd, f, g.channels(), g.outH(), g.outW(), bpt, bpl, g.height(), g.width())
                : null;
    }

    /**
     * The channels-last buffer an inference forward of this batch can read its input from (the Winograd path's
     * input), for the layer before to write; null when this layer does not run by Winograd.
     */
    public ChannelLast channelLastInput(int batch) {
        return winograd == null ? null : winograd.channelLast(batch);
    }

    /**
     * Inference forward whose input the layer before has written into {@link #channelLastInput}: into y (NCHW) or,
     * with {@code into} not null, into the next layer's channels-last input.
     */
    public void forwardFromChannelLast(int batch, INDArray y, Activation act, ChannelLast into) {
        if (winograd == null) {
            throw new IllegalStateException("DirectConv: no channels-last input without the Winograd path, here " + g);
        }
        if (!packed.packed()) {
            throw new IllegalStateException("DirectConv: forward before pack");
        }
        winograd.channelLast(batch);
        if (into != null) {
            into.owner.channelLast(batch);
        } else if (y != checkedY) {
            Shapes.require(y, "DirectConv output", batch, f, g.outH(), g.outW());
            requireFloat(y, "output");
            checkedY = y;
        }
        winograd.pack(wt, k, fp, packed.generation(), packed);
        winograd.run(into != null ? 0 : yAt.of(y, "DirectConv output"), into, bias, act);
    }

    /** Whether the forward runs by Winograd's F(3x3, 4x4). */
    public boolean winograd() {
        return winograd != null;
    }

    public ConvGeometry geometry() {
        return g;
    }

    /** True when {@link #backward} can compute dx (stride 1, padding below the kernel size). */
    public boolean computesDataGradient() {
        return dataGradient;
    }

    /**
     * Packs W (F, C, kh, kw) and b (F) unless the given versions are the ones packed last ({@code Parameter}'s
     * version counters, bumped by the optimisers and by loading): {@link PackedWeights}.
     */
    public void pack(INDArray weight, long weightVersion, INDArray b, long biasVersion) {
        if (weight != checkedWeight || b != checkedBias) {
            Shapes.require(weight, "DirectConv weight", f, g.channels(), g.kh(), g.kw());
            Shapes.require(b, "DirectConv bias", f);
            requireFloat(weight, "weight");
            checkedWeight = weight;
            checkedBias = b;
        }
        packed.pack(weight, weightVersion, b, biasVersion, "DirectConv");
    }

    /** y (N, F, Ho, Wo) = act(conv(x) + b), x (N, C, H, W), both FLOAT; keeps what {@link #backward} needs. */
    public void forward(INDArray x, INDArray y, Activation act) {
        forward(x, y, act, true);
    }

    /**
     * y (N, F, Ho, Wo) = act(conv(x) + b), x (N, C, H, W), both FLOAT; with {@code keep}, keeps the padded input
     * that {@link #backward} needs (inference by Winograd does not otherwise make it).
     */
    public void forward(INDArray x, INDArray y, Activation act, boolean keep) {
        forward(x, y, act, keep, null);
    }

    /**
     * The same; with {@code into} not null (inference), the output goes into the next layer's channels-last input
     * instead of y (which may then be null).
     */
    public void forward(INDArray x, INDArray y, Activation act, boolean keep, ChannelLast into) {
        int batch = (int) x.size(0);
        if (into != null && (into.channels != f || into.height != g.outH() || into.width != g.outW())) {
            throw new IllegalArgumentException("DirectConv: the next layer's input buffer takes (" + into.channels + ", "
                    + into.height + ", " + into.width + "), this layer makes (" + f + ", " + g.outH() + ", " + g.outW() + ")");
        }
        if (x != checkedX || (y != checkedY && into == null)) { // once per pair of arrays (their shapes never change)
            Shapes.require(x, "DirectConv input", Shapes.ANY, g.channels(), g.height(), g.width());
            requireFloat(x, "input");
            if (into == null) {
                Shapes.require(y, "DirectConv output", batch, f, g.outH(), g.outW());
                requireFloat(y, "output");
            }
            checkedX = x;
            checkedY = y;
        }
        if (!packed.packed()) {
            throw new IllegalStateException("DirectConv: forward before pack");
        }
        ensureBatch(batch);
        ensureScratch();
        this.act = act;
        this.into = into;
        if (into != null) {
            into.owner.channelLast(batch); // sized for this batch
        }
        xAddr = xAt.of(x, "DirectConv input");
        yAddr = into != null ? 0 : yAt.of(y, "DirectConv output");
        if (winograd != null) {
            winograd.pack(wt, k, fp, packed.generation(), packed);
            winograd.forward(xAddr, batch, yAddr, into, bias, act);
            if (keep) {
                phase = Phase.COPY_IN;
                Parallel.run(this);
            }
            return;
        }
        phase = Phase.COPY_IN;
        Parallel.run(this);
        phase = Phase.FORWARD;
        Parallel.run(this);
    }

    /**
     * Backward of the last {@link #forward} (stride 1): dW (F, C, kh, kw) += ..., db (F) += ..., and when dx is
     * not null, dx (N, C, H, W) = dL/dx. {@code y} is the forward's output, {@code act} its activation (y is read
     * for act'; not for IDENTITY).
     */
    public void backward(INDArray dy, INDArray y, Activation act, INDArray dW, INDArray db, INDArray dx) {
        if (!dataGradient && dx != null) {
            throw new IllegalStateException("DirectConv: dx needs stride 1 and padding below the kernel size, here " + g);
        }
        Shapes.require(dy, "DirectConv dy", n, f, g.outH(), g.outW());
        Shapes.requireSame(dy, y, "DirectConv y");
        Shapes.require(dW, "DirectConv dW", f, g.channels(), g.kh(), g.kw());
        Shapes.require(db, "DirectConv db", f);
        requireFloat(dy, "dy");
        ensureBackward();
        ensureScratch();
        this.act = act;
        dyAddr = dyAt.of(dy, "DirectConv dy");
        yAddr = yAt.of(y, "DirectConv y");
        dwAddr = dwAt.of(dW, "DirectConv dW");
        dbAddr = dbAt.of(db, "DirectConv db");
        needDx = dx != null;
        if (needDx) {
            Shapes.require(dx, "DirectConv dx", n, g.channels(), g.height(), g.width());
            dxAddr = dxAt.of(dx, "DirectConv dx");
            packFlipped();
            if (winogradDx != null) {
                winogradIn = winogradDx.channelLastInput(n);
            }
        }
        phase = Phase.GRADIENT;
        Parallel.run(this);
        phase = Phase.WEIGHTS;
        Parallel.run(this);
        phase = Phase.FLUSH;
        Parallel.run(this);
        if (needDx && winogradDx != null) {
            winogradDx.pack(wflip, f * g.kh() * g.kw(), cp, flippedWeight, packed);
            winogradDx.run(dxAddr, null, Activation.IDENTITY);
        } else if (needDx) {
            phase = Phase.DATA;
            Parallel.run(this);
        }
    }

    @Override
    public void run(int part, int parts) {
        switch (phase) {
            case COPY_IN -> copyIn(part, parts);
            case FORWARD -> forwardRows(part, parts);
            case GRADIENT -> gradient(part, parts);
            case WEIGHTS -> weights(part, parts);
            case FLUSH -> flush(part, parts);
            case DATA -> dataRows(part, parts);
        }
    }

    /** xpad's interior <- x, samples split over the parts; the border stays zero from allocation. */
    private void copyIn(int part, int parts) {
        int h = g.height(), w = g.width(), wp = g.width() + g.padLeft() + g.padRight();
        for (int s = Parallel.begin(n, part, parts), e = Parallel.begin(n, part + 1, parts); s < e; s++) {
            for (int c = 0; c < g.channels(); c++) {
                long src = xAddr + 4L * (((long) s * g.channels() + c) * h * w);
                int dst = s * sample + c * plane + g.padTop() * wp + g.padLeft();
                for (int r = 0; r < h; r++) {
                    Vec.toHeap(src + 4L * r * w, xpad, dst + r * wp, w);
                }
            }
        }
    }

    private void forwardRows(int part, int parts) {
        int rows = n * p;
        int r0 = TileLoop.begin(rows, Tiles.WIDE_ROWS, part, parts), r1 = TileLoop.begin(rows, Tiles.WIDE_ROWS, part + 1, parts);
        if (r0 < r1) {
            TileLoop.rows(tiles, xpad, corner, r0, r1, tap, 0, k, wt, k, fp, f, forwardStore, scratch[part]);
        }
    }

    /** g = dy * act'(y) into gT and gpad, db += its sums: channels split over the parts at multiples of 16. */
    private void gradient(int part, int parts) {
        int f0 = TileLoop.begin(f, Tiles.NARROW, part, parts), f1 = TileLoop.begin(f, Tiles.NARROW, part + 1, parts);
        int wo = g.outW();
        boolean wino = needDx && winogradDx != null;
        float[] gq = wino ? winogradIn : null;
        int np = n * p;
        for (int c = f0; c < f1; c++) {
            double sum = 0;
            int c0 = c < fp - fp % Tiles.WIDE ? c - c % Tiles.WIDE : c - c % Tiles.NARROW, wd = Panels.width(c0, fp);
            int gBase = c0 * np + (c - c0); // gT in panels: position q of channel c at gBase + q * wd
            for (int s = 0; s < n; s++) {
                long at = 4L * (((long) s * f + c) * p);
                int padBase = (s * f + c) * bplane + bpt * bwp + bpl;
                for (int q = 0; q < p; q++) {
                    float gv = Vec.getFloat(dyAddr + at + 4L * q);
                    if (act == Activation.RELU) {
                        gv = Activations.reluGrad(gv, Vec.getFloat(yAddr + at + 4L * q));
                    } else if (act != Activation.IDENTITY) {
                        gv = (float) (gv * act.derivativeFromOutput(Vec.getFloat(yAddr + at + 4L * q)));
                    }
                    gT[gBase + (s * p + q) * wd] = gv;
                    if (wino) {
                        gq[winogradDx.channelLastIndex(s, q / wo, q - (q / wo) * wo, c)] = gv;
                    } else if (needDx) {
                        gpad[padBase + (q / wo) * bwp + q % wo] = gv;
                    }
                    sum += gv;
                }
            }
            Vec.putFloat(dbAddr + 4L * c, (float) (Vec.getFloat(dbAddr + 4L * c) + sum));
        }
    }

    /** dW^T = sum over positions, in chunks of positions; taps split over the parts at multiples of 12. */
    private void weights(int part, int parts) {
        WeightSum weightSum = weightSums[part];
        int r0 = TileLoop.begin(k, TileLoop.ROW_SLACK, part, parts), r1 = TileLoop.begin(k, TileLoop.ROW_SLACK, part + 1, parts);
        if (r0 >= r1) {
            return;
        }
        int rows = n * p;
        for (int q0 = 0; q0 < rows; q0 += DW_CHUNK) {
            int len = Math.min(DW_CHUNK, rows - q0);
            weightSum.first = q0 == 0;
            weightSum.end = r1;
            TileLoop.rows(tiles, xpad, tap, r0, r1, corner, q0, len, gT, rows, fp, fp, weightSum, scratch[part]);
        }
    }

    /** dW[f, k] += dW^T[k, f], filters split over the parts. */
    private void flush(int part, int parts) {
        for (int c = Parallel.begin(f, part, parts), e = Parallel.begin(f, part + 1, parts); c < e; c++) {
            long row = dwAddr + 4L * ((long) c * k);
            for (int kk = 0; kk < k; kk++) {
                Vec.putFloat(row + 4L * kk, Vec.getFloat(row + 4L * kk) + dwt[kk * fp + c]);
            }
        }
    }

    private void dataRows(int part, int parts) {
        int rows = n * g.height() * g.width();
        int r0 = TileLoop.begin(rows, Tiles.WIDE_ROWS, part, parts), r1 = TileLoop.begin(rows, Tiles.WIDE_ROWS, part + 1, parts);
        if (r0 < r1) {
            TileLoop.rows(tiles, gpad, inCorner, r0, r1, flipTap, 0, f * g.kh() * g.kw(), wflip, f * g.kh() * g.kw(), cp, g.channels(),
                    dataStore, scratch[part]);
        }
    }

    /** Adds one chunk's tile into dW^T (the first chunk overwrites), rows of this part only. */
    private final class WeightSum implements TileLoop.Epilogue {
        boolean first;
        int end;

        @Override
        public void store(float[] t, int tOff, int ldt, int row, int rows, int col, int cols) {
            int last = Math.min(row + rows, end);
            for (int r = row; r < last; r++) {
                int at = r * fp + col, ti = tOff + (r - row) * ldt;
                if (first) {
                    System.arraycopy(t, ti, dwt, at, cols);
                } else {
                    for (int j = 0; j < cols; j++) {
                        dwt[at + j] += t[ti + j];
                    }
                }
            }
        }
    }

    /** Stores tiles into an NCHW array: the forward's y (bias and activation) or dx (plain). */
    private final class Epilogue implements TileLoop.Epilogue {
        private final boolean data;

        Epilogue(boolean data) {
            this.data = data;
        }

        @Override
        public void store(float[] t, int tOff, int ldt, int row, int rows, int col, int cols) {
            if (data) {
                int hw = g.height() * g.width();
                for (int r = 0; r < rows; r++) {
                    long base = dxAddr + 4L * inBase[row + r];
                    int ti = tOff + r * ldt;
                    for (int j = 0; j < cols; j++) {
                        Vec.putFloat(base + 4L * (long) (col + j) * hw, t[ti + j]);
                    }
                }
                return;
            }
            if (into != null) { // channels last: the tile's row is one position, its columns consecutive channels
                int ho = g.outH(), wo = g.outW(), per = ho * wo;
                float[] d = into.data;
                for (int r = 0; r < rows; r++) {
                    int q = row + r, s = q / per, pos = q % per;
                    int at = into.index(s, pos / wo, pos % wo, col), ti = tOff + r * ldt;
                    if (act == Activation.SELU) {
                        for (int j = 0; j < cols; j++) {
                            d[at + j] = (float) act.apply(t[ti + j] + bias[col + j]);
                        }
                    } else {
                        tiles.biasStore(t, ti, bias, col, d, at, cols, act == Activation.RELU);
                    }
                }
                return;
            }
            for (int r = 0; r < rows; r++) {
                long base = yAddr + 4L * outBase[row + r];
                int ti = tOff + r * ldt;
                switch (act) {
                    case IDENTITY -> {
                        for (int j = 0; j < cols; j++) {
                            Vec.putFloat(base + 4L * (long) (col + j) * p, t[ti + j] + bias[col + j]);
                        }
                    }
                    case RELU -> {
                        for (int j = 0; j < cols; j++) {
                            Vec.putFloat(base + 4L * (long) (col + j) * p, Activations.relu(t[ti + j] + bias[col + j]));
                        }
                    }
                    default -> {
                        for (int j = 0; j < cols; j++) {
                            Vec.putFloat(base + 4L * (long) (col + j) * p, (float) act.apply(t[ti + j] + bias[col + j]));
                        }
                    }
                }
            }
        }
    }

    private void ensureBatch(int batch) {
        if (batch == n) {
            return;
        }
        n = batch;
        bn = -1;
        int ho = g.outH(), wo = g.outW(), wp = g.width() + g.padLeft() + g.padRight();
        if (xpad == null || xpad.length < n * sample) { // a smaller batch reuses a larger one's arrays
            xpad = new float[n * sample];                // border zero from here on: only interiors are written
            corner = new int[n * p + TileLoop.ROW_SLACK];
            outBase = new int[n * p];
        }
        for (int s = 0; s < n; s++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    int q = (s * ho + oh) * wo + ow;
                    corner[q] = s * sample + oh * g.strideH() * wp + ow * g.strideW();
                    outBase[q] = s * f * p + oh * wo + ow;
                }
            }
        }
        Arrays.fill(corner, n * p, corner.length, corner[n * p - 1]);
        checkReach(xpad, corner, tap, "forward");
    }

    private void ensureBackward() {
        if (bn == n) {
            return;
        }
        bn = n;
        if (gT == null || gT.length < (n * p + TileLoop.ROW_SLACK) * fp) {
            gT = new float[(n * p + TileLoop.ROW_SLACK) * fp];
        }
        if (dataGradient) {
            int h = g.height(), w = g.width(), kf = f * g.kh() * g.kw();
            if (flipTap == null) {
                flipTap = new int[kf];
                wflip = new float[kf * cp];
                for (int ff = 0; ff < f; ff++) {
                    for (int i = 0; i < g.kh(); i++) {
                        for (int j = 0; j < g.kw(); j++) {
                            flipTap[(ff * g.kh() + i) * g.kw() + j] = ff * bplane + i * bwp + j;
                        }
                    }
                }
            }
            if (winogradDx != null) {
                return; // dx by Winograd: no gpad, no tables
            }
            if (gpad == null || gpad.length < n * f * bplane) {
                gpad = new float[n * f * bplane];
                inCorner = new int[n * h * w + TileLoop.ROW_SLACK];
                inBase = new int[n * h * w];
            }
            for (int s = 0; s < n; s++) {
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < w; c++) {
                        int q = (s * h + r) * w + c;
                        inCorner[q] = s * f * bplane + r * bwp + c;
                        inBase[q] = s * g.channels() * h * w + r * w + c;
                    }
                }
            }
            Arrays.fill(inCorner, n * h * w, inCorner.length, inCorner[n * h * w - 1]);
            checkReach(gpad, inCorner, flipTap, "dx");
        }
    }

    /** Wflip^T (F*kh*kw, Cp): row (f, i, j), column c = W[f, c, kh-1-i, kw-1-j]; packed once per weight change. */
    private void packFlipped() {
        if (flippedWeight == packed.generation()) {
            return;
        }
        int kh = g.kh(), kw = g.kw(), c = g.channels();
        for (int ff = 0; ff < f; ff++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    int row = (ff * kh + i) * kw + j, kf = f * kh * kw;
                    for (int cc = 0; cc < c; cc++) {
                        wflip[Panels.at(row, cc, kf, cp)] = wt[Panels.at((cc * kh + (kh - 1 - i)) * kw + (kw - 1 - j), ff, k, fp)];
                    }
                }
            }
        }
        flippedWeight = packed.generation();
    }

    /** The tiles read a[row[r] + tap[k]] unchecked: prove once per table that every such index is in bounds. */
    private static void checkReach(float[] a, int[] rows, int[] taps, String what) {
        int maxRow = 0, maxTap = 0, minRow = Integer.MAX_VALUE, minTap = Integer.MAX_VALUE;
        for (int r : rows) {
            maxRow = Math.max(maxRow, r);
            minRow = Math.min(minRow, r);
        }
        for (int t : taps) {
            maxTap = Math.max(maxTap, t);
            minTap = Math.min(minTap, t);
        }
        if (minRow < 0 || minTap < 0 || (long) maxRow + maxTap >= a.length) {
            throw new IllegalStateException("DirectConv " + what + " tables reach " + ((long) maxRow + maxTap)
                    + " in an array of " + a.length);
        }
    }

    /** One tile of scratch per thread, sized before the parts start (they only read the array). */
    private void ensureScratch() {
        int t = Parallel.threads();
        if (scratch.length < t) {
            scratch = new float[t][TileLoop.scratch(Math.max(fp, cp))];
            weightSums = new WeightSum[t];
            for (int i = 0; i < t; i++) {
                weightSums[i] = new WeightSum();
            }
        }
    }

    private static void requireFloat(INDArray a, String what) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("DirectConv " + what + " is " + a.dataType() + "; the direct kernels are float32");
        }
    }
}

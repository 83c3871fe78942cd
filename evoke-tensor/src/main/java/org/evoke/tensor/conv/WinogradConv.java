package org.evoke.tensor.conv;

import org.evoke.tensor.Parallel;
import org.evoke.tensor.memory.Vec;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Activations;
import org.evoke.tensor.tile.Panels;
import org.evoke.tensor.tile.TileLoop;
import org.evoke.tensor.tile.Tiles;
import org.evoke.tensor.tile.WinogradTransforms;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A 4x4, stride-1 convolution by Winograd's minimal filtering algorithm F(3x3, 4x4): each 3x3 block of outputs
 * comes from a 6x6 block of input with 36 multiplications per input channel instead of 144, so the matrix products
 * that remain do a quarter of the direct convolution's arithmetic. The 9x9 grid of the models is exactly 3 x 3
 * such blocks.
 *
 * <pre>
 * 1-D, three outputs of a four-tap correlation from six inputs d:  y = A^T [(G g) . (B^T d)]
 *   B^T = | 4  0 -5  0  1  0 |     G = |  1/4     0     0     0  |     A^T = | 1  1  1  1  1  0 |
 *         | 0 -4 -4  1  1  0 |         | -1/6  -1/6  -1/6  -1/6 |           | 0  1 -1  2 -2  0 |
 *         | 0  4 -4 -1  1  0 |         | -1/6   1/6  -1/6   1/6 |           | 0  1  1  4  4  1 |
 *         | 0 -2 -1  2  1  0 |         | 1/24  1/12   1/6   1/3 |
 *         | 0  2 -1 -2  1  0 |         | 1/24 -1/12   1/6  -1/3 |
 *         | 0  4  0 -5  0  1 |         |    0     0     0     1 |
 * (Lavin's F(4, 3) matrices at the points 0, 1, -1, 2, -2, infinity, transposed: F(3, 4) is F(4, 3) with the
 * roles of G and A exchanged, and the scale of G's rows moved into A so that A is integer.)
 * 2-D: Y = A^T [(G g G^T) . (B^T d B)] A, per input channel, summed over channels:
 *
 * Legend: N batch, C in channels (Cp: rounded up to 16), F out channels (Fp), Ho x Wo output, th x tw blocks of
 *         3x3 outputs, R = N*th*tw blocks, xi = 6a + b one of the 36 transformed positions
 * xq (N, 3th+3, 3tw+3, Cp)   the input, zero-padded, channels last (copied from NCHW once per call)
 * U  (36*C, Fp)             U[xi*C + c, f] = (G g[f, c] G^T)[a, b], from the packed weights, once per change (panels)
 * V  (R, 36, Cp)             V[r, xi, c] = (B^T d[r, c] B)[a, b]                     (per block of rows)
 * M  (R, 36, Fp)             M[r, xi, :] = V[r, xi, :] * U[xi]       36 matrix products on the register tiles
 * y  (N, F, Ho, Wo)          y[n, f, 3i + p, 3j + q] = act(b[f] + (A^T M[r, :, f] A)[p, q])
 * </pre>
 *
 * In float32 this is less exact than the direct convolution: measured against float64 on the models' layers, a
 * relative error of 1e-6 to 4e-6 (the direct convolution: 1e-7 to 3e-7), far inside the 1e-4 the PyTorch golden
 * files are checked to. The system property {@code evoke.winograd=false} turns it off.
 *
 * <p>Work is split over {@link Parallel}'s threads by blocks of rows (each part transforms, multiplies and
 * transforms back its own blocks: no barrier between the steps), or, with fewer blocks than the threads could
 * share (batch 1), by the 36 products. Each output is summed by one thread in a fixed order.
 */
public final class WinogradConv implements Parallel.Body {
    /** False when {@code -Devoke.winograd=false}. */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("evoke.winograd"));
    /** Rows (3x3 output blocks) per block of work: V and M of a block stay in the last-level cache. */
    static final int ROW_BLOCK = 96;
    private static final double[][] G = {
            {1 / 4.0, 0, 0, 0}, {-1 / 6.0, -1 / 6.0, -1 / 6.0, -1 / 6.0}, {-1 / 6.0, 1 / 6.0, -1 / 6.0, 1 / 6.0},
            {1 / 24.0, 1 / 12.0, 1 / 6.0, 1 / 3.0}, {1 / 24.0, -1 / 12.0, 1 / 6.0, -1 / 3.0}, {0, 0, 0, 1}};

    private enum Phase { COPY, ROWS, INPUT, PRODUCTS, OUTPUT }

    private final Tiles tiles;
    private final WinogradTransforms tr;
    private final int c, cp, f, fp, h, w, pt, pl, ho, wo, th, tw, hq, wq;
    private final float[] u;       // (36, C, Fp)
    private final int[] kOff;      // (36*C) xi*Cp + c
    private int[] rowOff = new int[0]; // (rows of the largest block + slack) r*36*Cp
    private long packed = -1;
    private Object packedFrom;

    private int n = -1, rows;
    private float[] xq;            // (N, hq, wq, Cp)
    private final ChannelLast input;  // xq as the previous layer sees it
    private ChannelLast into;      // the next layer's input, when this call writes there instead of NCHW
    private float[][] v = new float[0][], m = new float[0][], y9 = new float[0][], scratch = new float[0][], trScratch = new float[0][];
    private Product[] products = new Product[0];

    private Phase phase;
    private long srcAddr, outAddr;
    private float[] bias;          // null: none
    private Activation act = Activation.IDENTITY;

    /**
     * A workspace for a 4x4 stride-1 convolution of C channels of H x W, padded top {@code padTop} and left
     * {@code padLeft} (bottom and right: whatever makes the output Ho x Wo), into F channels.
     */
    public WinogradConv(Tiles tiles, WinogradTransforms tr, int inChannels, int outChannels, int h, int w,
                        int padTop, int padLeft, int ho, int wo) {
        this.tiles = tiles;
        this.tr = tr;
        this.c = inChannels;
        this.cp = TileLoop.roundUp(inChannels, Tiles.NARROW);
        this.f = outChannels;
        this.fp = TileLoop.roundUp(outChannels, Tiles.NARROW);
        this.h = h;
        this.w = w;
        this.pt = padTop;
        this.pl = padLeft;
        this.ho = ho;
        this.wo = wo;
        this.th = (ho + 2) / 3;
        this.tw = (wo + 2) / 3;
        this.hq = 3 * th + 3;
        this.wq = 3 * tw + 3;
        if (h + padTop > hq || w + padLeft > wq) {
            throw new IllegalArgumentException("Winograd: padding larger than the kernel allows, input " + h + "x" + w
                    + " padded " + padTop + "/" + padLeft + " for output " + ho + "x" + wo);
        }
        this.u = new float[36 * c * fp];
        this.input = new ChannelLast(this, inChannels, h, w, hq, wq, cp, padTop, padLeft);
        this.kOff = new int[36 * c];
        for (int xi = 0; xi < 36; xi++) {
            for (int cc = 0; cc < c; cc++) {
                kOff[xi * c + cc] = xi * cp + cc;
            }
        }
    }

    /** Whether a convolution of this geometry can run here: 4x4 kernel, stride 1, at least 16 input channels. */
    public static boolean suits(ConvGeometry g) {
        return ENABLED && g.kh() == 4 && g.kw() == 4 && g.strideH() == 1 && g.strideW() == 1 && g.channels() >= 16
                && g.padTop() <= 3 && g.padLeft() <= 3;
    }

    /**
     * U = G g G^T from weights packed in {@link Panels} as (C*16 rows (c, i, j), {@code cols} columns f) (DirectConv's
     * layout); unless {@code version} and {@code from} are the ones transformed last. Separable, and vectorisable
     * by the JIT along each panel's row.
     */
    public void pack(float[] wt, int kTotal, int cols, long version, Object from) {
        if (version == packed && from == packedFrom) {
            return;
        }
        int uRows = 36 * c;
        float[] t1 = new float[6 * 4 * Tiles.WIDE]; // (a, j, f in the panel) = sum_i G[a][i] g[f, c, i, j]
        for (int c0 = 0; c0 < fp; c0 += Panels.width(c0, fp)) {
            int wd = Panels.width(c0, fp), fe = Math.min(wd, f - c0);
            for (int cc = 0; cc < c; cc++) {
                Arrays.fill(t1, 0);
                for (int a = 0; a < 6; a++) {
                    for (int i = 0; i < 4; i++) {
                        float ga = (float) G[a][i];
                        for (int j = 0; ga != 0 && j < 4; j++) {
                            int src = c0 * kTotal + (cc * 16 + i * 4 + j) * wd, dst = (a * 4 + j) * wd;
                            for (int ff = 0; ff < fe; ff++) {
                                t1[dst + ff] += ga * wt[src + ff];
                            }
                        }
                    }
                }
                for (int a = 0; a < 6; a++) {
                    for (int b = 0; b < 6; b++) {
                        int dst = c0 * uRows + ((a * 6 + b) * c + cc) * wd;
                        Arrays.fill(u, dst, dst + wd, 0);
                        for (int j = 0; j < 4; j++) {
                            float gb = (float) G[b][j];
                            if (gb == 0) {
                                continue;
                            }
                            int src = (a * 4 + j) * wd;
                            for (int ff = 0; ff < fe; ff++) {
                                u[dst + ff] += gb * t1[src + ff];
                            }
                        }
                    }
                }
            }
        }
        packed = version;
        packedFrom = from;
    }

    /** y (N, F, Ho, Wo) NCHW at {@code out} = act(conv(x) + bias), x NCHW (N, C, H, W) at native address {@code x}. */
    public void forward(long x, int batch, long out, float[] bias, Activation act) {
        forward(x, batch, out, null, bias, act);
    }

    /** The same, into the next layer's channels-last input when {@code into} is not null (then {@code out} is unused). */
    public void forward(long x, int batch, long out, ChannelLast into, float[] bias, Activation act) {
        ensureBatch(batch);
        srcAddr = x;
        outAddr = out;
        this.into = into;
        this.bias = bias;
        this.act = act;
        phase = Phase.COPY;
        Parallel.run(this);
        runFromChannelLast();
    }

    /**
     * The zero-padded channels-last input (N, 3th+3, 3tw+3, Cp) for a caller that writes it itself: element
     * (n, i, j, c) of the unpadded input goes to {@link #channelLastIndex}. Only interiors may be written.
     */
    public float[] channelLastInput(int batch) {
        ensureBatch(batch);
        return xq;
    }

    /** The same buffer as a {@link ChannelLast}, for the layer before this one. */
    public ChannelLast channelLast(int batch) {
        ensureBatch(batch);
        input.data = xq;
        return input;
    }

    /** Where input element (n, i, j, c) lives in {@link #channelLastInput}. */
    public int channelLastIndex(int n, int i, int j, int ch) {
        return ((n * hq + i + pt) * wq + j + pl) * cp + ch;
    }

    /** The convolution of the channels-last input already in place, into NCHW at native address {@code out}. */
    public void run(long out, float[] bias, Activation act) {
        run(out, null, bias, act);
    }

    /** The same, into the next layer's channels-last input when {@code into} is not null. */
    public void run(long out, ChannelLast into, float[] bias, Activation act) {
        outAddr = out;
        this.into = into;
        this.bias = bias;
        this.act = act;
        runFromChannelLast();
    }

    private void runFromChannelLast() {
        ensureParts();
        if (rows >= TileLoop.ROW_SLACK * Parallel.threads()) {
            phase = Phase.ROWS;
            Parallel.run(this);
        } else {
            phase = Phase.INPUT;
            Parallel.run(this);
            phase = Phase.PRODUCTS;
            Parallel.run(this);
            phase = Phase.OUTPUT;
            Parallel.run(this);
        }
    }

    @Override
    public void run(int part, int parts) {
        switch (phase) {
            case COPY -> copy(part, parts);
            case ROWS -> {
                int r0 = TileLoop.begin(rows, TileLoop.ROW_SLACK, part, parts), r1 = TileLoop.begin(rows, TileLoop.ROW_SLACK, part + 1, parts);
                for (int rb = r0; rb < r1; rb += ROW_BLOCK) {
                    int re = Math.min(rb + ROW_BLOCK, r1);
                    input(rb, re, v[part], rb, trScratch[part]);
                    for (int xi = 0; xi < 36; xi++) {
                        products(rb, re, xi, part, part);
                    }
                    output(rb, re, m[part], rb, y9[part], trScratch[part]);
                }
            }
            case INPUT -> input(Parallel.begin(rows, part, parts), Parallel.begin(rows, part + 1, parts), v[0], 0, trScratch[part]);
            case PRODUCTS -> {
                for (int xi = Parallel.begin(36, part, parts), e = Parallel.begin(36, part + 1, parts); xi < e; xi++) {
                    products(0, rows, xi, 0, part);
                }
            }
            case OUTPUT -> output(Parallel.begin(rows, part, parts), Parallel.begin(rows, part + 1, parts), m[0], 0, y9[part], trScratch[part]);
        }
    }

    /** xq's interior <- x (NCHW at srcAddr), samples split over the parts. */
    private void copy(int part, int parts) {
        for (int s = Parallel.begin(n, part, parts), e = Parallel.begin(n, part + 1, parts); s < e; s++) {
            for (int ch = 0; ch < c; ch++) {
                long src = srcAddr + 4L * (((long) s * c + ch) * h * w);
                for (int i = 0; i < h; i++) {
                    int dst = channelLastIndex(s, i, 0, ch);
                    for (int j = 0; j < w; j++) {
                        xq[dst + j * cp] = Vec.getFloat(src + 4L * (i * w + j));
                    }
                }
            }
        }
    }

    /** V rows [r0, r1) = B^T d B of each row's 6x6 input block; row r is at (r - base) in vb. */
    private void input(int r0, int r1, float[] vb, int base, float[] ts) {
        for (int r = r0; r < r1; r++) {
            int s = r / (th * tw), t = r % (th * tw), i = t / tw, j = t % tw;
            int at = ((s * hq + 3 * i) * wq + 3 * j) * cp;
            for (int cb = 0; cb < cp; cb += Tiles.NARROW) {
                tr.input(xq, at + cb, wq * cp, cp, vb, (r - base) * 36 * cp + cb, cp, ts);
            }
        }
    }

    /**
     * M[r, xi, :] = V[r, xi, :] U[xi] for rows [r0, r1), which sit from row 0 of the buffers of part
     * {@code buffers}; tiles and scratch of part {@code part}.
     */
    private void products(int r0, int r1, int xi, int buffers, int part) {
        Product p = products[part];
        p.m = m[buffers];
        p.xi = xi;
        TileLoop.rows(tiles, v[buffers], rowOff, 0, r1 - r0, kOff, xi * c, c, u, 36 * c, fp, fp, p, scratch[part]);
    }

    /** Output blocks of rows [r0, r1) (row r at (r - base) in mb): A^T M A, bias, activation, into NCHW. */
    private void output(int r0, int r1, float[] mb, int base, float[] stage, float[] ts) {
        int per = th * tw;
        for (int r = r0; r < r1; r++) {
            int s = r / per, t = r % per, bi = 3 * (t / tw), bj = 3 * (t % tw);
            int pi = Math.min(3, ho - bi), pj = Math.min(3, wo - bj);
            for (int fb = 0; fb < fp; fb += Tiles.NARROW) {
                tr.output(mb, (r - base) * 36 * fp + fb, fp, stage, 0, ts);
                int fe = Math.min(Tiles.NARROW, f - fb);
                if (into != null) { // channels last: 16 consecutive channels per position
                    float[] d = into.data;
                    for (int p = 0; p < pi; p++) {
                        for (int q = 0; q < pj; q++) {
                            int at = into.index(s, bi + p, bj + q, fb), st = (p * 3 + q) * 16;
                            if (act == Activation.SELU || bias == null) {
                                for (int ch = 0; ch < fe; ch++) {
                                    d[at + ch] = (float) act.apply(stage[st + ch] + (bias == null ? 0f : bias[fb + ch]));
                                }
                            } else {
                                tiles.biasStore(stage, st, bias, fb, d, at, fe, act == Activation.RELU);
                            }
                        }
                    }
                    continue;
                }
                for (int ch = 0; ch < fe; ch++) {
                    float b = bias == null ? 0f : bias[fb + ch];
                    long plane = outAddr + 4L * (((long) s * f + fb + ch) * ho * wo);
                    for (int p = 0; p < pi; p++) {
                        for (int q = 0; q < pj; q++) {
                            float z = stage[(p * 3 + q) * 16 + ch] + b;
                            float o = switch (act) {
                                case IDENTITY -> z;
                                case RELU -> Activations.relu(z);
                                default -> (float) act.apply(z);
                            };
                            Vec.putFloat(plane + 4L * ((bi + p) * wo + bj + q), o);
                        }
                    }
                }
            }
        }
    }

    /** Writes one product's tiles into M: row (block-local) r, position xi, columns f. */
    private final class Product implements TileLoop.Epilogue {
        float[] m;
        int xi;

        @Override
        public void store(float[] t, int tOff, int ldt, int row, int rows, int col, int cols) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(t, tOff + r * ldt, m, ((row + r) * 36 + xi) * fp + col, cols);
            }
        }
    }

    private void ensureBatch(int batch) {
        if (batch == n) {
            return;
        }
        n = batch;
        rows = n * th * tw;
        if (xq == null || xq.length < n * hq * wq * cp) {
            xq = new float[n * hq * wq * cp]; // the border stays zero: only interiors are written
        }
    }

    /** Per part: block buffers (part 0's also hold a whole batch too small to split by rows), a tile, a stage. */
    private void ensureParts() {
        int t = Parallel.threads();
        int first = Math.max(ROW_BLOCK, rows) + TileLoop.ROW_SLACK;
        if (v.length < t || v[0].length < first * 36 * cp) {
            v = new float[t][];
            m = new float[t][];
            y9 = new float[t][9 * 16];
            trScratch = new float[t][36 * 16];
            scratch = new float[t][TileLoop.scratch(fp)];
            products = new Product[t];
            for (int i = 0; i < t; i++) {
                int br = i == 0 ? first : ROW_BLOCK + TileLoop.ROW_SLACK;
                v[i] = new float[br * 36 * cp];
                m[i] = new float[br * 36 * fp];
                products[i] = new Product();
            }
            rowOff = new int[first];
            for (int r = 0; r < first; r++) {
                rowOff[r] = r * 36 * cp;
            }
        }
    }
}

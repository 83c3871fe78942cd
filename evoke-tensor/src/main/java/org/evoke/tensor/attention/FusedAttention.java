package org.evoke.tensor.attention;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.Parallel;
import org.evoke.tensor.memory.Address;
import org.evoke.tensor.memory.Vec;
import org.evoke.tensor.tile.RowMath;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.tile.Panels;
import org.evoke.tensor.tile.TileLoop;
import org.evoke.tensor.tile.Tiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The core of multi-head self-attention in one pass per head and block of queries, on the register tiles
 * ({@link Tiles}): the scores of a block of queries against all keys, their softmax and the product with the values,
 * without ever writing the whole score matrix. One instance is one attention layer's workspace; work is split over
 * {@link Parallel}'s threads by (sample, head, block of queries), each output element computed by one thread.
 *
 * <pre>
 * Legend: B batch, N tokens (Np: rounded up to 16), H heads, Dh head channels (Dp: rounded up to 16), QB = 48 queries
 * qkv (B*N, 3I), I = H Dh: q, k, v of head h of token (b, j) at columns h Dh, I + h Dh, 2I + h Dh (torcheeg's layout)
 * per (b, h):              Kt (Dh, Np) = k^T and V (N, Dp), copied from qkv into column panels ({@link Panels})
 *   per block of queries:  Q (QB, Dh) copied;  S (QB, Np) = Q Kt (tiles)
 *                          P = softmax(Dh^-0.5 S) row by row over its N columns ({@link RowMath}: the exponentials
 *                          and their sum on the Vector API, a masked vector for the tail; the padding is not read)
 *                          O[b, i, h Dh + c] = sum_j P[i, j] V[j, c] (tiles), straight into the output's head columns
 * with {@code probabilities} (training): P also written to A (B, H, N, N), which the backward needs
 * </pre>
 * Per part the workspace is Kt, V, a block of Q, S and one tile's scratch: for ViT-B/16 (197 tokens, Dh 64) about
 * 150 KB, which stays in L2, where the unfused path wrote and read a 1.8 MB score matrix per sample twice.
 *
 * <p>Reference: {@link #forwardNaive}, the three unfused steps in double ({@link AttentionKernels#scoresNaive}, the
 * softmax, {@link AttentionKernels#mixNaive}); the tests sweep this against it on odd shapes.
 */
public final class FusedAttention implements Parallel.Body {
    /** Queries per block: a multiple of both tile heights (6 and 12). */
    static final int QB = 48;

    private final Tiles tiles;
    private final RowMath math;
    private final int heads, headDim, dp;
    private final float scale;
    private int batch, tokens, np, blocks;
    private long qkvAddr, outAddr, probAddr;
    private Part[] parts = new Part[0];
    private final Address qkvAt = new Address(), outAt = new Address(), probAt = new Address();

    /** A workspace for H heads of Dh channels, on the tiles and row math this JVM runs. */
    public FusedAttention(int heads, int headDim) {
        this(Kernels.tiles(), Kernels.rowMath(), heads, headDim);
    }

    /** With given tiles and row math (tests compare the scalar and vector ones). */
    public FusedAttention(Tiles tiles, RowMath math, int heads, int headDim) {
        if (heads < 1 || headDim < 1) {
            throw new IllegalArgumentException("attention needs heads and head channels >= 1, got " + heads + ", " + headDim);
        }
        this.tiles = tiles;
        this.math = math;
        this.heads = heads;
        this.headDim = headDim;
        this.dp = TileLoop.roundUp(headDim, Tiles.NARROW);
        this.scale = (float) Math.pow(headDim, -0.5);
    }

    /** True when this kernel can take the arrays: the Vector API path, compact float32 arrays. */
    public static boolean applies(INDArray qkv, INDArray out) {
        return Kernels.vector() && qkv.dataType() == DataType.FLOAT && out.dataType() == DataType.FLOAT
                && Vec.isCompact(qkv) && Vec.isCompact(out);
    }

    /**
     * O (B*N, I) = softmax(q k^T Dh^-0.5) v per (sample, head), heads side by side; with {@code probabilities}
     * (B, H, N, N) not null, the softmax is also written there.
     */
    public void forward(INDArray qkv, int batch, int tokens, INDArray out, INDArray probabilities) {
        int inner = heads * headDim;
        if (qkv.length() != (long) batch * tokens * 3 * inner || out.length() != (long) batch * tokens * inner
                || probabilities != null && probabilities.length() != (long) batch * heads * tokens * tokens) {
            throw new IllegalArgumentException("fused attention: qkv " + java.util.Arrays.toString(qkv.shape()) + ", out "
                    + java.util.Arrays.toString(out.shape()) + " do not fit batch " + batch + ", tokens " + tokens + ", heads "
                    + heads + " x " + headDim);
        }
        if (tokens != this.tokens || parts.length != Parallel.threads()) {
            this.tokens = tokens;
            this.np = TileLoop.roundUp(tokens, Tiles.NARROW);
            this.blocks = (tokens + QB - 1) / QB;
            parts = new Part[Parallel.threads()];
        }
        this.batch = batch;
        qkvAddr = qkvAt.of(qkv, "qkv");
        outAddr = outAt.of(out, "attention output");
        probAddr = probabilities == null ? 0 : probAt.of(probabilities, "attention probabilities");
        Parallel.run(this);
    }

    @Override
    public void run(int part, int count) {
        Part w = parts[part];
        if (w == null) {
            w = parts[part] = new Part();
        }
        w.packed = -1; // the arrays may have changed since the last call
        int units = batch * heads * blocks;
        for (int u = Parallel.begin(units, part, count), end = Parallel.begin(units, part + 1, count); u < end; u++) {
            w.unit(u / blocks, u % blocks);
        }
    }

    /** One thread's workspace, kept from call to call. */
    private final class Part implements TileLoop.Epilogue {
        final float[] kt = new float[headDim * np];                 // Kt (Dh, Np) in panels
        final float[] v = new float[tokens * dp];                   // V (N, Dp) in panels
        final float[] q = new float[QB * headDim];                  // a block of queries (QB, Dh)
        final float[] s = new float[QB * np];                       // their scores, then probabilities (QB, Np)
        final float[] stage = new float[headDim];                   // one token's k
        final float[] lanes = new float[RowMath.SUM_LANES];         // the softmax's running sums
        final float[] scratch = new float[TileLoop.scratch(Math.max(np, dp))];
        final int[] qRow = new int[QB + TileLoop.ROW_SLACK];
        final int[] sRow = new int[QB + TileLoop.ROW_SLACK];
        final int[] identDh = identity(headDim), identN = identity(tokens);
        int packed = -1;            // the (b, h) whose Kt and V are in place
        boolean mixing;             // which product the epilogue receives
        long outRow;                // the output address of the block's first query, in this head's columns
        int q0;

        /** Queries [qb QB, ..) of head bh % H of sample bh / H. */
        void unit(int bh, int qb) {
            int b = bh / heads, h = bh % heads, inner = heads * headDim, row = 3 * inner;
            long base = qkvAddr + 4L * ((long) b * tokens * row + (long) h * headDim); // q of token 0 of (b, h)
            if (packed != bh) {
                for (int j = 0; j < tokens; j++) {
                    long at = base + 4L * ((long) j * row);
                    int kAt = Panels.at(0, j, headDim, np), kw = j < np - np % Tiles.WIDE ? Tiles.WIDE : Tiles.NARROW;
                    Vec.toHeap(at + 4L * inner, stage, 0, headDim); // k of token j in one copy, then
                    for (int c = 0; c < headDim; c++) {              // column j of Kt: one float per row of its panel
                        kt[kAt + c * kw] = stage[c];
                    }
                    for (int c0 = 0; c0 < headDim; c0 += Panels.width(c0, dp)) { // row j of V: a run per panel
                        Vec.toHeap(at + 4L * (2 * inner + c0), v, Panels.at(j, c0, tokens, dp), Math.min(Panels.width(c0, dp), headDim - c0));
                    }
                }
                packed = bh;
            }
            q0 = qb * QB;
            int rows = Math.min(QB, tokens - q0);
            for (int r = 0; r < rows; r++) {
                Vec.toHeap(base + 4L * ((long) (q0 + r) * row), q, r * headDim, headDim);
            }
            for (int r = 0; r < qRow.length; r++) {
                int rr = Math.min(r, rows - 1);
                qRow[r] = rr * headDim;
                sRow[r] = rr * np;
            }
            mixing = false;
            TileLoop.rows(tiles, q, qRow, 0, rows, identDh, 0, headDim, kt, headDim, np, tokens, this, scratch);
            for (int r = 0; r < rows; r++) { // softmax(Dh^-0.5 S) over the row's N scores (the padding is never read)
                math.softmax(s, r * np, tokens, scale, lanes);
            }
            if (probAddr != 0) {
                long p = probAddr + 4L * ((long) bh * tokens * tokens + (long) q0 * tokens);
                for (int r = 0; r < rows; r++) {
                    Vec.fromHeap(s, r * np, p + 4L * ((long) r * tokens), tokens);
                }
            }
            mixing = true;
            outRow = outAddr + 4L * ((long) (b * tokens + q0) * inner + (long) h * headDim);
            TileLoop.rows(tiles, s, sRow, 0, rows, identN, 0, tokens, v, tokens, dp, headDim, this, scratch);
        }

        @Override
        public void store(float[] t, int tOff, int ldt, int row, int rows, int col, int cols) {
            if (!mixing) { // scores into S (the softmax scales them)
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(t, tOff + r * ldt, s, (row + r) * np + col, cols);
                }
            } else {        // values: into the output's head columns
                long ld = 4L * heads * headDim;
                for (int r = 0; r < rows; r++) {
                    Vec.fromHeap(t, tOff + r * ldt, outRow + (row + r) * ld + 4L * col, cols);
                }
            }
        }
    }

    private static int[] identity(int n) {
        int[] k = new int[n + TileLoop.ROW_SLACK];
        for (int i = 0; i < k.length; i++) {
            k[i] = Math.min(i, n - 1);
        }
        return k;
    }

    /**
     * Reference: the same result from the three unfused steps in double (scores, softmax, mix), on any backend.
     * {@code probabilities} (B, H, N, N) is always written.
     */
    public static void forwardNaive(INDArray qkv, int batch, int tokens, int heads, int headDim, INDArray out,
                                    INDArray probabilities) {
        INDArray s = probabilities.ulike();
        AttentionKernels.scoresNaive(qkv, batch, tokens, heads, headDim, Math.pow(headDim, -0.5), s);
        RowOps.softmax(s, probabilities);
        AttentionKernels.mixNaive(probabilities, qkv, batch, tokens, heads, headDim, out);
    }
}

package org.evoke.tensor.dense;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.Parallel;
import org.evoke.tensor.memory.Address;
import org.evoke.tensor.memory.Vec;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Activations;
import org.evoke.tensor.ops.Shapes;
import org.evoke.tensor.tile.PackedWeights;
import org.evoke.tensor.tile.RowMath;
import org.evoke.tensor.tile.Panels;
import org.evoke.tensor.tile.TileLoop;
import org.evoke.tensor.tile.Tiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * A fully connected layer on the register tiles ({@link Tiles}): one instance is one layer's workspace, with the
 * weights packed once per change and the heap copies of its operands reused from call to call. Work is split over
 * {@link Parallel}'s threads by rows of the output (samples, or filters for dW), or by column blocks when there
 * are too few rows (batch 1): each output element is summed by one thread, in a fixed order.
 *
 * <pre>
 * Legend: N batch, D in features (Dp: rounded up to 16), F out features (Fp: rounded up to 16)
 * Wt (D, Fp)   Wt[d, f] = W[f, d]         packed once per weight change (forward), in column panels ({@link Panels})
 * Wb (F, Dp)   W with zero columns         packed once per weight change, on the first backward (panels)
 * xh (N, Dp)   the input, copied once per forward; in training also in column panels, for dW
 * forward:   y[n, f] = act(b[f] + sum_d xh[n, d] Wt[d, f])
 * backward:  dz = dy * act'(y) (N, F) on the heap;  db += sum over n of dz
 *            dW[f, d] += sum_n dz[n, f] xh[n, d]           rows f (A read transposed through its tables), columns d
 *            dx[n, d]  = sum_f dz[n, f] Wb[f, d]
 * </pre>
 * Reference: {@link org.evoke.tensor.blas.Gemm} and its naive triple loop; the tests sweep this against them.
 */
public final class DenseKernels implements Parallel.Body {
    private enum Phase { PACK_BACK, COPY_IN, FORWARD, GRADIENT, WEIGHTS, DATA }

    private final Tiles tiles;
    private final RowMath rowMath = Kernels.rowMath(); // the epilogue's bias and ReLU
    private final int d, f, dp, fp;
    private Activation act = Activation.IDENTITY; // of the call in flight
    private final PackedWeights packed; // W^T (D, Fp) in panels, and b
    private final float[] wt;       // packed.wt
    private final float[] bias;     // packed.bias
    private float[] wb;             // (F + slack, Dp), the first backward
    private final int[] identD;     // (D + slack) k -> k
    private final int[] identF;     // (F + slack) k -> k
    private long packedBack = -1;    // the generation of the packed weights Wb was made from

    private int n = -1;
    private float[] xh;             // (N, Dp)
    private float[] xb;             // (N, Dp) the same in column panels: B of dW (training only)
    private boolean keep;
    private int[] rowD;             // (N + slack) n*Dp
    private float[] dz;             // (N, F)
    private int[] rowF;             // (N + slack) n*F
    private int[] colF;             // (F + slack) f (the rows of dz^T)
    private int[] strideF;          // (N) n*F (the reduction of dz^T)
    private float[][] scratch = new float[0][];

    private Phase phase;
    private long packAddr;          // the weight being packed
    private long weightAddr;        // the weight of the last pack
    private long xAddr, yAddr, dyAddr, dbAddr, dwAddr, dxAddr;
    private final Store forwardStore = new Store(0), weightStore = new Store(1), dataStore = new Store(2);
    private INDArray checkedX, checkedY, checkedWeight, checkedBias;
    private final Address xAt = new Address(), yAt = new Address(), dyAt = new Address(), dbAt = new Address(),
            dwAt = new Address(), dxAt = new Address(), weightAt = new Address();

    /** A workspace for Linear(in, out). */
    public DenseKernels(Tiles tiles, int in, int out) {
        this.tiles = tiles;
        this.d = in;
        this.f = out;
        this.dp = TileLoop.roundUp(in, Tiles.NARROW);
        this.fp = TileLoop.roundUp(out, Tiles.NARROW);
        this.packed = new PackedWeights(out, in);
        this.wt = packed.wt;
        this.bias = packed.bias;
        this.identD = identity(d);
        this.identF = identity(f);
        this.colF = identity(f);
    }

    /** Packs W (F, D) and b (F) unless these versions are the ones packed last. */
    public void pack(INDArray weight, long weightVersion, INDArray b, long biasVersion) {
        if (weight != checkedWeight || b != checkedBias) {
            Shapes.require(weight, "DenseKernels weight", f, d);
            Shapes.require(b, "DenseKernels bias", f);
            requireFloat(weight, "weight");
            checkedWeight = weight;
            checkedBias = b;
        }
        weightAddr = weightAt.of(weight, "DenseKernels weight");
        packed.pack(weight, weightVersion, b, biasVersion, "DenseKernels");
    }

    /** y (N, F) = act(x W^T + b), x (N, D), both FLOAT; keeps what {@link #backward} needs. */
    public void forward(INDArray x, INDArray y, Activation act) {
        forward(x, y, act, true);
    }

    /** y (N, F) = act(x W^T + b); with {@code keep}, also the copy of x that {@link #backward} needs. */
    public void forward(INDArray x, INDArray y, Activation act, boolean keep) {
        int batch = (int) x.size(0);
        if (x != checkedX || y != checkedY) { // once per pair of arrays (their shapes never change)
            Shapes.require(x, "DenseKernels input", Shapes.ANY, d);
            Shapes.require(y, "DenseKernels output", batch, f);
            requireFloat(x, "input");
            requireFloat(y, "output");
            checkedX = x;
            checkedY = y;
        }
        if (!packed.packed()) {
            throw new IllegalStateException("DenseKernels: forward before pack");
        }
        ensureBatch(batch);
        ensureScratch();
        this.act = act;
        this.keep = keep;
        xAddr = xAt.of(x, "DenseKernels input");
        yAddr = yAt.of(y, "DenseKernels output");
        phase = Phase.COPY_IN;
        Parallel.run(this);
        phase = Phase.FORWARD;
        Parallel.run(this);
    }

    /** Backward of the last forward: dW (F, D) += ..., db (F) += ..., and dx (N, D) = dL/dx when dx is not null. */
    public void backward(INDArray dy, INDArray y, Activation act, INDArray dW, INDArray db, INDArray dx) {
        Shapes.require(dy, "DenseKernels dy", n, f);
        Shapes.requireSame(dy, y, "DenseKernels y");
        Shapes.require(dW, "DenseKernels dW", f, d);
        Shapes.require(db, "DenseKernels db", f);
        requireFloat(dy, "dy");
        dyAddr = dyAt.of(dy, "DenseKernels dy");
        yAddr = yAt.of(y, "DenseKernels y");
        dwAddr = dwAt.of(dW, "DenseKernels dW");
        dbAddr = dbAt.of(db, "DenseKernels db");
        ensureScratch();
        this.act = act;
        phase = Phase.GRADIENT;
        Parallel.run(this);
        phase = Phase.WEIGHTS;
        Parallel.run(this);
        if (dx != null) {
            Shapes.require(dx, "DenseKernels dx", n, d);
            dxAddr = dxAt.of(dx, "DenseKernels dx");
            packAddr = weightAddr;
            packBackward();
            phase = Phase.DATA;
            Parallel.run(this);
        }
    }

    @Override
    public void run(int part, int parts) {
        switch (phase) {
            case PACK_BACK -> { // Wb panels over D: rows f, wd consecutive inputs, copied straight from W's rows
                for (int c0 = TileLoop.begin(dp, Tiles.WIDE, part, parts), e = TileLoop.begin(dp, Tiles.WIDE, part + 1, parts); c0 < e; ) {
                    int wd = Panels.width(c0, dp), de = Math.min(wd, d - c0);
                    for (int ff = 0; ff < f; ff++) {
                        Vec.toHeap(packAddr + 4L * ((long) ff * d + c0), wb, c0 * f + ff * wd, de);
                    }
                    c0 += wd;
                }
            }
            case COPY_IN -> {
                for (int s = Parallel.begin(n, part, parts), e = Parallel.begin(n, part + 1, parts); s < e; s++) {
                    Vec.toHeap(xAddr + 4L * s * d, xh, s * dp, d);
                    for (int dd = 0; keep && dd < d; dd++) {
                        xb[Panels.at(s, dd, n, dp)] = xh[s * dp + dd];
                    }
                }
            }
            case FORWARD -> product(part, parts, xh, rowD, identD, d, wt, fp, f, forwardStore);
            case GRADIENT -> gradient(part, parts);
            case WEIGHTS -> {
                // rows f of dW: A(f, n) = dz[n*F + f]; columns d: B = xh (N, Dp)
                int r0 = TileLoop.begin(f, Tiles.WIDE_ROWS, part, parts), r1 = TileLoop.begin(f, Tiles.WIDE_ROWS, part + 1, parts);
                if (r0 < r1) {
                    TileLoop.rows(tiles, dz, colF, r0, r1, strideF, 0, n, xb, n, dp, d, weightStore, scratch[part]);
                }
            }
            case DATA -> product(part, parts, dz, rowF, identF, f, wb, dp, d, dataStore);
        }
    }

    /**
     * Rows n of C = A (N, L) B (L, cols): by row tiles split over the parts, or with fewer rows than a wide tile,
     * one row at a time with the column blocks split over the parts.
     */
    private void product(int part, int parts, float[] a, int[] rows, int[] ks, int len, float[] b, int cols, int valid,
                         Store store) {
        if (n < Tiles.WIDE_ROWS) {
            int blocks = cols / Tiles.NARROW, unit = Tiles.WIDE / Tiles.NARROW; // split at whole panels
            int b0 = TileLoop.begin(blocks, unit, part, parts), b1 = TileLoop.begin(blocks, unit, part + 1, parts);
            for (int r = 0; r < n; r++) {
                TileLoop.row(tiles, a, rows[r], r, ks, len, b, cols, b0, b1, valid, store, scratch[part]);
            }
            return;
        }
        int r0 = TileLoop.begin(n, Tiles.WIDE_ROWS, part, parts), r1 = TileLoop.begin(n, Tiles.WIDE_ROWS, part + 1, parts);
        if (r0 < r1) {
            TileLoop.rows(tiles, a, rows, r0, r1, ks, 0, len, b, len, cols, valid, store, scratch[part]);
        }
    }

    /** dz = dy * act'(y) on the heap, db += its column sums: features split over the parts. */
    private void gradient(int part, int parts) {
        for (int c = Parallel.begin(f, part, parts), e = Parallel.begin(f, part + 1, parts); c < e; c++) {
            double sum = 0;
            for (int s = 0; s < n; s++) {
                long at = 4L * ((long) s * f + c);
                float gv = Vec.getFloat(dyAddr + at);
                if (act == Activation.RELU) {
                    gv = Activations.reluGrad(gv, Vec.getFloat(yAddr + at));
                } else if (act != Activation.IDENTITY) {
                    gv = (float) (gv * act.derivativeFromOutput(Vec.getFloat(yAddr + at)));
                }
                dz[s * f + c] = gv;
                sum += gv;
            }
            Vec.putFloat(dbAddr + 4L * c, (float) (Vec.getFloat(dbAddr + 4L * c) + sum));
        }
    }

    /** Where a finished tile goes: 0 = y with bias and activation, 1 = added into dW, 2 = dx. */
    private final class Store implements TileLoop.Epilogue {
        private final int kind;

        Store(int kind) {
            this.kind = kind;
        }

        @Override
        public void store(float[] t, int tOff, int ldt, int row, int rows, int col, int cols) {
            for (int r = 0; r < rows; r++) {
                int ti = tOff + r * ldt;
                switch (kind) {
                    case 0 -> {
                        long o = yAddr + 4L * ((long) (row + r) * f + col);
                        if (act == Activation.RELU || act == Activation.IDENTITY) { // on the vector lanes, then one copy
                            rowMath.addBias(t, ti, bias, col, cols, act == Activation.RELU);
                            Vec.fromHeap(t, ti, o, cols);
                        } else {
                            for (int j = 0; j < cols; j++) {
                                Vec.putFloat(o + 4L * j, (float) act.apply(t[ti + j] + bias[col + j]));
                            }
                        }
                    }
                    case 1 -> {
                        long o = dwAddr + 4L * ((long) (row + r) * d + col);
                        for (int j = 0; j < cols; j++) {
                            Vec.putFloat(o + 4L * j, Vec.getFloat(o + 4L * j) + t[ti + j]);
                        }
                    }
                    default -> Vec.fromHeap(t, ti, dxAddr + 4L * ((long) (row + r) * d + col), cols);
                }
            }
        }
    }

    /** Wb (F, Dp): W with zero columns up to Dp, from the packed Wt; once per weight change. */
    private void packBackward() {
        if (packedBack == packed.generation()) {
            return;
        }
        if (wb == null) {
            wb = new float[f * dp];
        }
        phase = Phase.PACK_BACK;
        Parallel.run(this);
        packedBack = packed.generation();
    }

    private void ensureBatch(int batch) {
        if (batch == n) {
            return;
        }
        n = batch;
        if (xh == null || xh.length < n * dp) {
            xh = new float[n * dp];   // columns D..Dp stay zero
            xb = new float[n * dp];
            dz = new float[(n + TileLoop.ROW_SLACK) * f];
            rowD = new int[n + TileLoop.ROW_SLACK];
            rowF = new int[n + TileLoop.ROW_SLACK];
            strideF = new int[n];
        }
        for (int s = 0; s < rowD.length; s++) {
            int r = Math.min(s, n - 1);
            rowD[s] = r * dp;
            rowF[s] = r * f;
        }
        for (int s = 0; s < n; s++) {
            strideF[s] = s * f;
        }
    }

    private void ensureScratch() {
        int t = Parallel.threads();
        if (scratch.length < t) {
            scratch = new float[t][TileLoop.scratch(Math.max(fp, dp))];
        }
    }

    private static int[] identity(int len) {
        int[] a = new int[len + TileLoop.ROW_SLACK];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.min(i, len - 1);
        }
        return a;
    }

    private static void requireFloat(INDArray a, String what) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("DenseKernels " + what + " is " + a.dataType() + "; the fast kernels are float32");
        }
    }

    @Override
    public String toString() {
        return "DenseKernels(" + d + " -> " + f + ", " + Arrays.toString(new int[]{dp, fp}) + ")";
    }
}

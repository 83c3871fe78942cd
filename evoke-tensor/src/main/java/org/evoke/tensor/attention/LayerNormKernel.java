package org.evoke.tensor.attention;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.Parallel;
import org.evoke.tensor.memory.Address;
import org.evoke.tensor.memory.Vec;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.ops.Shapes;
import org.evoke.tensor.tile.RowMath;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer normalisation's forward in float32 on {@link RowMath} ({@link Kernels#rowMath()}: the Vector API on that
 * path), rows split over {@link Parallel}'s threads, copied a chunk of rows at a time to a heap buffer its thread
 * keeps, normalised in place and copied back. One instance is one layer's workspace; no allocation per call.
 *
 * <pre>
 * Legend: R rows (every axis but the last), D the row length
 * per row r:  mu = sum(x) / D;  var = sum((x - mu)^2) / D       float sums in a fixed order ({@link RowMath#sum})
 *             inv = 1 / sqrt(var + eps)                          (in double, rounded to float once)
 *             y = (x - mu) inv gamma + beta                      mean[r] = mu, rstd[r] = inv
 * </pre>
 * PyTorch's CPU kernel also sums in float. Reference: {@link RowOps#layerNorm} (double sums; the path of double
 * arrays and the portable backend, and the backward). {@link #applies} says when this one runs.
 */
public final class LayerNormKernel implements Parallel.Body {
    /** Floats per copy to the heap: whole rows, about 16 KB (or one longer row). */
    static final int CHUNK = 4096;
    /** Below this many floats the caller's thread does all rows alone. */
    static final int SERIAL = 8192;
    private final RowMath math;
    private final int dim;
    private final float[] gamma, beta;   // (D) heap copies, refreshed every call (training changes them)
    private float[][] rows = new float[0][], lanes = new float[0][];
    private int count;
    private double eps;
    private long xAddr, yAddr, meanAddr, rstdAddr;
    private final Address xAt = new Address(), yAt = new Address(), meanAt = new Address(), rstdAt = new Address(),
            gAt = new Address(), bAt = new Address();

    public LayerNormKernel(int dim) {
        this(Kernels.rowMath(), dim);
    }

    /** With given row math (tests compare the scalar and vector ones). */
    public LayerNormKernel(RowMath math, int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("layer norm needs rows of at least 1 element, got " + dim);
        }
        this.math = math;
        this.dim = dim;
        this.gamma = new float[dim];
        this.beta = new float[dim];
    }

    /** True for compact float32 arrays on a CPU path (the portable path and double arrays take {@link RowOps}). */
    public static boolean applies(INDArray x, INDArray y) {
        return !Kernels.portable() && x.dataType() == DataType.FLOAT && y.dataType() == DataType.FLOAT && Vec.isCompact(x)
                && Vec.isCompact(y);
    }

    /** y (..., D) = LayerNorm(x); mean and rstd (R) receive each row's mu and 1 / sqrt(var + eps). */
    public void forward(INDArray x, INDArray gammaIn, INDArray betaIn, double eps, INDArray y, INDArray mean, INDArray rstd) {
        Shapes.requireSame(x, y, "layer norm output");
        long r = x.length() / dim;
        if (x.length() != r * dim || mean.length() != r || rstd.length() != r || gammaIn.length() != dim
                || betaIn.length() != dim) {
            throw new IllegalArgumentException("layer norm: x of " + x.length() + " floats, rows of " + dim + ", mean "
                    + mean.length() + ", rstd " + rstd.length());
        }
        Vec.toHeap(gAt.of(gammaIn, "gamma"), gamma, 0, dim);
        Vec.toHeap(bAt.of(betaIn, "beta"), beta, 0, dim);
        count = (int) r;
        this.eps = eps;
        xAddr = xAt.of(x, "x");
        yAddr = yAt.of(y, "y");
        meanAddr = meanAt.of(mean, "mean");
        rstdAddr = rstdAt.of(rstd, "rstd");
        int parts = Parallel.threads();
        if (rows.length != parts) {
            rows = new float[parts][];
            lanes = new float[parts][];
        }
        if ((long) count * dim < SERIAL) {
            run(0, 1); // a few rows: waking the other threads costs more than they save
        } else {
            Parallel.run(this);
        }
    }

    @Override
    public void run(int part, int parts) {
        int per = Math.max(1, CHUNK / dim); // rows per copy
        float[] buf = rows[part], sums = lanes[part];
        if (buf == null) {
            buf = rows[part] = new float[per * dim];
            sums = lanes[part] = new float[RowMath.SUM_LANES];
        }
        for (int r0 = Parallel.begin(count, part, parts), end = Parallel.begin(count, part + 1, parts); r0 < end; r0 += per) {
            int n = Math.min(per, end - r0);
            long at = 4L * r0 * dim;
            Vec.toHeap(xAddr + at, buf, 0, n * dim);
            for (int r = 0; r < n; r++) {
                int off = r * dim;
                float mu = math.sum(buf, off, dim, 0f, false, sums) / dim;
                float var = math.sum(buf, off, dim, mu, true, sums) / dim;
                float inv = (float) (1 / Math.sqrt(var + eps));
                math.normalize(buf, off, dim, mu, inv, gamma, beta, buf, off); // in place
                Vec.putFloat(meanAddr + 4L * (r0 + r), mu);
                Vec.putFloat(rstdAddr + 4L * (r0 + r), inv);
            }
            Vec.fromHeap(buf, 0, yAddr + at, n * dim);
        }
    }
}

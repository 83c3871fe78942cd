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
 * The transformer's feed-forward activation, the exact GELU, and its backward in float32 on {@link RowMath} ({@link Kernels#rowMath()}: the Vector API
 * exponential and erf), split over {@link Parallel}'s threads in chunks that each thread copies to a heap buffer it
 * keeps, computes and copies back. One instance is one layer's workspace; no allocation per call.
 *
 * <pre>
 * forward:   y = x (1 + erf(x / sqrt 2)) / 2
 * backward:  dx = dy ((1 + erf(x / sqrt 2)) / 2 + x phi(x))
 * </pre>
 * Reference: {@link RowOps#gelu} and {@link RowOps#geluBackward} (double arithmetic; the path of double arrays and
 * of the portable backend). {@link #applies} says when this one runs.
 */
public final class GeluKernel implements Parallel.Body {
    /** Floats per chunk: 16 KB, two of them (backward) well inside L1 and L2. */
    static final int CHUNK = 4096;

    private final RowMath math;
    private float[][] xs = new float[0][], gs = new float[0][];
    private long n;
    private long xAddr, yAddr, gAddr;
    private boolean back;
    private final Address xAt = new Address(), yAt = new Address(), gAt = new Address();

    public GeluKernel() {
        this(Kernels.rowMath());
    }

    /** With given row math (tests compare the scalar and vector ones). */
    public GeluKernel(RowMath math) {
        this.math = math;
    }

    /** True for compact float32 arrays on a CPU path (the portable path and double arrays take {@link RowOps}). */
    public static boolean applies(INDArray a, INDArray b) {
        return !Kernels.portable() && a.dataType() == DataType.FLOAT && b.dataType() == DataType.FLOAT && Vec.isCompact(a)
                && Vec.isCompact(b);
    }

    /** y = GELU(x); y may be x. */
    public void forward(INDArray x, INDArray y) {
        Shapes.requireSame(x, y, "GELU output");
        n = x.length();
        xAddr = xAt.of(x, "x");
        yAddr = yAt.of(y, "y");
        back = false;
        buffers();
        Parallel.run(this);
    }

    /** dx = dy GELU'(x); dx may be dy. */
    public void backward(INDArray x, INDArray dy, INDArray dx) {
        Shapes.requireSame(x, dy, "GELU dy");
        Shapes.requireSame(x, dx, "GELU dx");
        n = x.length();
        xAddr = xAt.of(x, "x");
        gAddr = gAt.of(dy, "dy");
        yAddr = yAt.of(dx, "dx");
        back = true;
        buffers();
        Parallel.run(this);
    }

    /** One heap buffer pair per part, made on the caller's thread before the parts start. */
    private void buffers() {
        int parts = Parallel.threads();
        if (xs.length != parts) {
            xs = new float[parts][];
            gs = new float[parts][];
        }
    }

    @Override
    public void run(int part, int parts) {
        float[] x = xs[part], g = gs[part];
        if (x == null) {
            x = xs[part] = new float[CHUNK];
        }
        if (back && g == null) {
            g = gs[part] = new float[CHUNK];
        }
        long chunks = (n + CHUNK - 1) / CHUNK;
        for (long c = chunks * part / parts, end = chunks * (part + 1) / parts; c < end; c++) {
            long at = c * CHUNK;
            int len = (int) Math.min(CHUNK, n - at);
            Vec.toHeap(xAddr + 4 * at, x, 0, len);
            if (back) {
                Vec.toHeap(gAddr + 4 * at, g, 0, len);
                math.geluBackward(x, 0, g, 0, len);
                Vec.fromHeap(g, 0, yAddr + 4 * at, len);
            } else {
                math.gelu(x, 0, len);
                Vec.fromHeap(x, 0, yAddr + 4 * at, len);
            }
        }
    }
}

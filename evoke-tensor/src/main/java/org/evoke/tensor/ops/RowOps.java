package org.evoke.tensor.ops;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.memory.Vec;
import org.apache.commons.math3.special.Erf;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Operations over the last axis of an array viewed as (rows, d): layer normalisation, softmax, and the exact GELU
 * (elementwise), each with its backward, for the transformer layers. Float32 or float64, c-ordered arrays; on a
 * non-CPU backend (the portable path, {@link Kernels#portable()}) the same arithmetic runs on host copies made through
 * ND4J. The arithmetic is done in double whatever the storage type.
 *
 * <pre>
 * layer norm:  mu = mean(x),  var = mean((x - mu)^2)  (biased, as PyTorch),  r = 1 / sqrt(var + eps)
 *              xhat = (x - mu) r,   y = gamma xhat + beta
 *   backward:  dgamma += sum_rows dy xhat,   dbeta += sum_rows dy,   g = dy gamma
 *              dx = r (g - mean(g) - xhat mean(g xhat))
 * softmax:     y = exp(x - max) / sum exp(x - max)
 *   backward:  dx = y (dy - sum(dy y))
 * GELU:        y = x Phi(x) = x (1 + erf(x / sqrt 2)) / 2
 *   backward:  dx = dy (Phi(x) + x phi(x)),  phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
 * </pre>
 */
public final class RowOps {
    private static final double SQRT1_2 = Math.sqrt(0.5), INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private RowOps() {
    }

    /** Elements a row of {@code x} holds: the size of its last axis. */
    public static int rowLength(INDArray x) {
        return (int) x.size(x.rank() - 1);
    }

    /**
     * y = gamma * (x - mean) / sqrt(var + eps) + beta over the last axis; keeps mean and 1/sqrt(var + eps) per row
     * for the backward.
     *
     * @param mean (rows) written
     * @param rstd (rows) written
     */
    public static void layerNorm(INDArray x, INDArray gamma, INDArray beta, double eps, INDArray y, INDArray mean, INDArray rstd) {
        Shapes.requireSame(x, y, "layer norm output");
        int d = rowLength(x), rows = (int) (x.length() / d);
        Buf xs = Buf.in(x, "x"), g = Buf.in(gamma, "gamma"), b = Buf.in(beta, "beta");
        Buf ys = Buf.out(y, "y"), ms = Buf.out(mean, "mean"), rs = Buf.out(rstd, "rstd");
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += xs.get(o + i);
            }
            double mu = s / d, ss = 0;
            for (int i = 0; i < d; i++) {
                double c = xs.get(o + i) - mu;
                ss += c * c;
            }
            double inv = 1 / Math.sqrt(ss / d + eps);
            for (int i = 0; i < d; i++) {
                ys.set(o + i, (xs.get(o + i) - mu) * inv * g.get(i) + b.get(i));
            }
            ms.set(r, mu);
            rs.set(r, inv);
        }
        ys.flush();
        ms.flush();
        rs.flush();
    }

    /** The backward of {@link #layerNorm}: dx written, dGamma and dBeta accumulated. */
    public static void layerNormBackward(INDArray x, INDArray gamma, INDArray mean, INDArray rstd, INDArray dy, INDArray dx,
                                         INDArray dGamma, INDArray dBeta) {
        Shapes.requireSame(x, dy, "layer norm dy");
        Shapes.requireSame(x, dx, "layer norm dx");
        int d = rowLength(x), rows = (int) (x.length() / d);
        Buf xs = Buf.in(x, "x"), g = Buf.in(gamma, "gamma"), ms = Buf.in(mean, "mean"), rs = Buf.in(rstd, "rstd");
        Buf gy = Buf.in(dy, "dy"), gx = Buf.out(dx, "dx"), gg = Buf.inOut(dGamma, "dgamma"), gb = Buf.inOut(dBeta, "dbeta");
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double mu = ms.get(r), inv = rs.get(r), sg = 0, sgx = 0;
            for (int i = 0; i < d; i++) {
                double xh = (xs.get(o + i) - mu) * inv, dyi = gy.get(o + i), gi = dyi * g.get(i);
                sg += gi;
                sgx += gi * xh;
                gg.set(i, gg.get(i) + dyi * xh);
                gb.set(i, gb.get(i) + dyi);
            }
            double mg = sg / d, mgx = sgx / d;
            for (int i = 0; i < d; i++) {
                double xh = (xs.get(o + i) - mu) * inv;
                gx.set(o + i, inv * (gy.get(o + i) * g.get(i) - mg - xh * mgx));
            }
        }
        gx.flush();
        gg.flush();
        gb.flush();
    }

    /** y = softmax(x) over the last axis. */
    public static void softmax(INDArray x, INDArray y) {
        Shapes.requireSame(x, y, "softmax output");
        int d = rowLength(x), rows = (int) (x.length() / d);
        Buf xs = Buf.in(x, "x"), ys = Buf.out(y, "y");
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < d; i++) {
                max = Math.max(max, xs.get(o + i));
            }
            double s = 0;
            for (int i = 0; i < d; i++) {
                double e = Math.exp(xs.get(o + i) - max);
                ys.set(o + i, e);
                s += e;
            }
            for (int i = 0; i < d; i++) {
                ys.set(o + i, ys.get(o + i) / s);
            }
        }
        ys.flush();
    }

    /** dx = y (dy - sum(dy y)) over the last axis, from the softmax's output y. */
    public static void softmaxBackward(INDArray y, INDArray dy, INDArray dx) {
        Shapes.requireSame(y, dy, "softmax dy");
        Shapes.requireSame(y, dx, "softmax dx");
        int d = rowLength(y), rows = (int) (y.length() / d);
        Buf ys = Buf.in(y, "y"), gy = Buf.in(dy, "dy"), gx = Buf.out(dx, "dx");
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += gy.get(o + i) * ys.get(o + i);
            }
            for (int i = 0; i < d; i++) {
                gx.set(o + i, ys.get(o + i) * (gy.get(o + i) - s));
            }
        }
        gx.flush();
    }

    /**
     * y = x Phi(x), the exact GELU (PyTorch's default), elementwise. In float32 erf is {@link #erf32} (absolute error
     * below 1.5e-7, float32's own rounding near 1); in double it is commons-math's, to double precision, which the
     * gradient checks need.
     */
    public static void gelu(INDArray x, INDArray y) {
        Shapes.requireSame(x, y, "GELU output");
        boolean single = x.dataType() == DataType.FLOAT;
        Buf xs = Buf.in(x, "x"), ys = Buf.out(y, "y");
        for (int i = 0, n = (int) x.length(); i < n; i++) {
            double v = xs.get(i);
            ys.set(i, 0.5 * v * (1 + (single ? erf32(v * SQRT1_2) : Erf.erf(v * SQRT1_2))));
        }
        ys.flush();
    }

    /**
     * erf(z) to float32 accuracy, fast: Abramowitz and Stegun 7.1.26, erf(z) = 1 - t P(t) exp(-z^2) with
     * t = 1 / (1 + 0.3275911 |z|) and P of degree 5, absolute error at most 1.5e-7 (their bound), odd in z.
     * commons-math's {@code Erf.erf}, exact to double precision, costs about 170 ns per call, which made GELU half
     * of ViT-B/16's inference time.
     */
    public static double erf32(double z) {
        double a = Math.abs(z);
        double t = 1 / (1 + 0.3275911 * a);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double e = 1 - poly * Math.exp(-a * a);
        return z < 0 ? -e : e;
    }

    /** dx = dy (Phi(x) + x phi(x)), from the GELU's input x. */
    public static void geluBackward(INDArray x, INDArray dy, INDArray dx) {
        Shapes.requireSame(x, dy, "GELU dy");
        Shapes.requireSame(x, dx, "GELU dx");
        boolean single = x.dataType() == DataType.FLOAT;
        Buf xs = Buf.in(x, "x"), gy = Buf.in(dy, "dy"), gx = Buf.out(dx, "dx");
        for (int i = 0, n = (int) x.length(); i < n; i++) {
            double v = xs.get(i);
            double cdf = 0.5 * (1 + (single ? erf32(v * SQRT1_2) : Erf.erf(v * SQRT1_2))), pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
            gx.set(i, gy.get(i) * (cdf + v * pdf));
        }
        gx.flush();
    }

    /** out = a + b, elementwise (a residual connection); out may be a or b. */
    public static void add(INDArray a, INDArray b, INDArray out) {
        Shapes.requireSame(a, b, "sum operand");
        Shapes.requireSame(a, out, "sum output");
        Buf x = Buf.in(a, "a"), y = Buf.in(b, "b"), z = Buf.out(out, "out");
        for (int i = 0, n = (int) a.length(); i < n; i++) {
            z.set(i, x.get(i) + y.get(i));
        }
        z.flush();
    }

    /**
     * Element access for these loops: the array's own memory on the CPU paths, a host copy written back by
     * {@link #flush()} on the portable path.
     */
    public abstract static class Buf {
        public abstract double get(int i);

        public abstract void set(int i, double v);

        public void flush() {
        }

        public static Buf in(INDArray a, String what) {
            return Kernels.portable() ? new Host(a, false) : Direct.of(a, what);
        }

        public static Buf out(INDArray a, String what) {
            return Kernels.portable() ? new Host(a, true) : Direct.of(a, what);
        }

        public static Buf inOut(INDArray a, String what) {
            return Kernels.portable() ? new Host(a, true) : Direct.of(a, what);
        }
    }

    /** The array's own memory: one object holding the address (no Vec beside it), so that the JIT can drop it. */
    private static final class Direct extends Buf {
        private final long address;
        private final boolean single;
        private final int length;

        private Direct(INDArray a, String what) {
            this.address = Vec.address(a, what);
            this.single = a.dataType() == DataType.FLOAT;
            this.length = (int) a.length();
        }

        /**
         * The accessor of {@code a}, remembered per thread like the addresses ({@link Vec#address}): the layers hand
         * these kernels the same arrays on every call, so the steady state makes no accessor objects at all, whether
         * or not the JIT inlines the kernel.
         */
        public static Direct of(INDArray a, String what) {
            Direct[] slots = CACHE.get();
            int slot = System.identityHashCode(a) & (slots.length - 1);
            Direct d = slots[slot];
            if (d != null && d.array.get() == a) {
                return d;
            }
            d = new Direct(a, what);
            d.array = new java.lang.ref.WeakReference<>(a);
            slots[slot] = d;
            return d;
        }

        private java.lang.ref.WeakReference<INDArray> array;
        private static final ThreadLocal<Direct[]> CACHE = ThreadLocal.withInitial(() -> new Direct[4096]);

        @Override
        public double get(int i) {
            assert i >= 0 && i < length : i + " outside 0.." + length; // tests run with assertions: every index checked
            return single ? Vec.getFloat(address + 4L * i) : Vec.getDouble(address + 8L * i);
        }

        @Override
        public void set(int i, double x) {
            assert i >= 0 && i < length : i + " outside 0.." + length;
            if (single) {
                Vec.putFloat(address + 4L * i, (float) x);
            } else {
                Vec.putDouble(address + 8L * i, x);
            }
        }
    }

    private static final class Host extends Buf {
        private final INDArray a;
        private final double[] v;
        private final boolean write;

        Host(INDArray a, boolean write) {
            this.a = a;
            this.v = Nd4jKernels.values(a);
            this.write = write;
        }

        @Override
        public double get(int i) {
            return v[i];
        }

        @Override
        public void set(int i, double x) {
            v[i] = x;
        }

        @Override
        public void flush() {
            if (write) {
                Nd4jKernels.assign(a, v);
            }
        }
    }
}

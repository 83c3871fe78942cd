package org.evoke.tensor.ops;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused pointwise kernels: bias + activation in one pass (with the layout change a convolution needs), their
 * backward passes (with the bias gradient summed in the same pass), standalone activations, and the naive
 * references. They run as Java loops over the arrays' native memory: one pass, no temporary arrays, no per-op
 * dispatch.
 *
 * <pre>
 * Legend: N batch, F features/out channels, P = Ho*Wo positions
 * rows (F, N*P)       a convolution's gemm output W * cols: row f, column n*P + p
 * out  (N, F, Ho, Wo) the same values in NCHW after bias and activation
 * </pre>
 */
public final class Activations {
    private Activations() {
    }

    /** out[n, f, p] = act(rows[f, n*P + p] + bias[f]): bias, activation and the (F, N*P) to NCHW transpose in one pass. */
    public static void biasActivationNchw(INDArray rows, INDArray bias, Activation act, INDArray out) {
        nchwDims(rows, bias, out, "biasActivationNchw");
        biasActivationNchw(rows, bias, act, out, 0);
    }

    /**
     * The same for one chunk of a batch: rows (F, M*P) holds samples {@code n0 .. n0+M-1}, written into those
     * samples of out (N, F, Ho, Wo).
     */
    public static void biasActivationNchw(INDArray rows, INDArray bias, Activation act, INDArray out, int n0) {
        Shapes.require(out, "biasActivationNchw NCHW array", Shapes.ANY, Shapes.ANY, Shapes.ANY, Shapes.ANY);
        int f = (int) out.size(1), p = (int) (out.size(2) * out.size(3));
        Shapes.require(rows, "biasActivationNchw rows", f, Shapes.ANY);
        Shapes.require(bias, "biasActivationNchw bias", f);
        int n = (int) (rows.size(1) / p);
        if (rows.size(1) % p != 0 || n0 < 0 || n0 + n > out.size(0)) {
            throw new IllegalArgumentException("biasActivationNchw: rows has " + rows.size(1) + " columns, not a whole number of "
                    + p + "-position samples within samples " + n0 + ".." + (out.size(0) - 1) + " of out");
        }
        Vec r = Vec.of(rows, "rows"), b = Vec.of(bias, "bias"), o = Vec.of(out, "out");
        if (r instanceof Vec.F rf && b instanceof Vec.F bf && o instanceof Vec.F of && act != Activation.SELU) {
            biasActivationNchwF(rf, bf, act == Activation.RELU, of, n0, n, f, p);
            return;
        }
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < f; c++) {
                double bc = b.get(c);
                int ob = ((n0 + s) * f + c) * p, rb = (c * n + s) * p;
                for (int q = 0; q < p; q++) {
                    o.set(ob + q, act.apply(r.get(rb + q) + bc));
                }
            }
        }
    }

    /**
     * Backward of {@link #biasActivationNchw}: dRows[f, n*P + p] = dOut[n, f, p] * act'(out[n, f, p]), and
     * dBias[f] += the sum of those over n and p. {@code out} may be null for IDENTITY.
     */
    public static void biasActivationNchwBackward(INDArray dOut, INDArray out, Activation act, INDArray dRows, INDArray dBias) {
        int[] d = nchwDims(dRows, dBias, dOut, "biasActivationNchwBackward");
        int n = d[0], f = d[1], p = d[2];
        Vec g = Vec.of(dOut, "dOut"), r = Vec.of(dRows, "dRows"), db = Vec.of(dBias, "dBias");
        Vec o = act == Activation.IDENTITY ? null : Vec.of(checkSame(dOut, out, "out"), "out");
        if (g instanceof Vec.F gf && r instanceof Vec.F rf && (o == null || o instanceof Vec.F) && act != Activation.SELU) {
            biasActivationNchwBackwardF(gf, (Vec.F) o, rf, db, n, f, p);
            return;
        }
        for (int c = 0; c < f; c++) {
            double sum = 0;
            for (int s = 0; s < n; s++) {
                int ob = (s * f + c) * p, rb = (c * n + s) * p;
                for (int q = 0; q < p; q++) {
                    double v = g.get(ob + q);
                    if (o != null) {
                        v *= act.derivativeFromOutput(o.get(ob + q));
                    }
                    r.set(rb + q, v);
                    sum += v;
                }
            }
            db.set(c, db.get(c) + sum);
        }
    }

    /** y[n, f] = act(y[n, f] + bias[f]), in place. */
    public static void biasActivation(INDArray y, INDArray bias, Activation act) {
        Shapes.require(y, "biasActivation y", Shapes.ANY, Shapes.ANY);
        Shapes.require(bias, "biasActivation bias", y.size(1));
        int n = (int) y.size(0), f = (int) y.size(1);
        Vec v = Vec.of(y, "y"), b = Vec.of(bias, "bias");
        if (v instanceof Vec.F vf && b instanceof Vec.F bf && act != Activation.SELU) {
            boolean relu = act == Activation.RELU;
            for (int s = 0; s < n; s++) {
                int base = s * f;
                for (int c = 0; c < f; c++) {
                    float z = vf.f(base + c) + bf.f(c);
                    vf.f(base + c, relu ? relu(z) : z);
                }
            }
            return;
        }
        for (int s = 0; s < n; s++) {
            int base = s * f;
            for (int c = 0; c < f; c++) {
                v.set(base + c, act.apply(v.get(base + c) + b.get(c)));
            }
        }
    }

    /** dz = dy * act'(y), and dBias[f] += sum over rows of dz. {@code y} may be null for IDENTITY; dz may be dy. */
    public static void biasActivationBackward(INDArray dy, INDArray y, Activation act, INDArray dz, INDArray dBias) {
        Shapes.require(dy, "biasActivationBackward dy", Shapes.ANY, Shapes.ANY);
        Shapes.requireSame(dy, dz, "biasActivationBackward dz");
        Shapes.require(dBias, "biasActivationBackward dBias", dy.size(1));
        int n = (int) dy.size(0), f = (int) dy.size(1);
        Vec g = Vec.of(dy, "dy"), z = Vec.of(dz, "dz"), db = Vec.of(dBias, "dBias");
        Vec o = act == Activation.IDENTITY ? null : Vec.of(checkSame(dy, y, "y"), "y");
        for (int c = 0; c < f; c++) {
            double sum = 0;
            for (int s = 0; s < n; s++) {
                int i = s * f + c;
                double v = g.get(i);
                if (o != null) {
                    v *= act.derivativeFromOutput(o.get(i));
                }
                z.set(i, v);
                sum += v;
            }
            db.set(c, db.get(c) + sum);
        }
    }

    /** y = act(x), elementwise, any shape; y may be x. */
    public static void apply(Activation act, INDArray x, INDArray y) {
        Shapes.requireSame(x, y, "activation output");
        if (Kernels.portable()) {
            Nd4jKernels.activate(y == x ? y : y.assign(x), act);
            return;
        }
        Vec a = Vec.of(x, "x"), b = Vec.of(y, "y");
        if (act == Activation.RELU && a instanceof Vec.F af && b instanceof Vec.F bf) {
            for (int i = 0; i < af.length; i++) {
                bf.f(i, relu(af.f(i)));
            }
            return;
        }
        for (int i = 0; i < a.length; i++) {
            b.set(i, act.apply(a.get(i)));
        }
    }

    /** dx = dy * act'(y), elementwise, from the activation's output y; dx may be dy. */
    public static void backward(Activation act, INDArray y, INDArray dy, INDArray dx) {
        Shapes.requireSame(y, dy, "activation dy");
        Shapes.requireSame(y, dx, "activation dx");
        if (Kernels.portable()) {
            dx.assign(Nd4jKernels.activationBackward(dy, y, act));
            return;
        }
        Vec o = Vec.of(y, "y"), g = Vec.of(dy, "dy"), r = Vec.of(dx, "dx");
        if (act == Activation.RELU && o instanceof Vec.F of && g instanceof Vec.F gf && r instanceof Vec.F rf) {
            for (int i = 0; i < of.length; i++) {
                rf.f(i, reluGrad(gf.f(i), of.f(i)));
            }
            return;
        }
        for (int i = 0; i < o.length; i++) {
            r.set(i, g.get(i) * act.derivativeFromOutput(o.get(i)));
        }
    }

    /** z = x * m, elementwise, any shape (dropout's mask); z may be x. */
    public static void multiply(INDArray x, INDArray m, INDArray z) {
        Shapes.requireSame(x, m, "multiply mask");
        Shapes.requireSame(x, z, "multiply output");
        if (Kernels.portable()) {
            z.assign(x.mul(m));
            return;
        }
        Vec a = Vec.of(x, "x"), b = Vec.of(m, "mask"), c = Vec.of(z, "z");
        for (int i = 0; i < a.length; i++) {
            c.set(i, a.get(i) * b.get(i));
        }
    }

    /**
     * Fills an inverted-dropout mask: element i is 1/(1 - p) when u_i &gt;= p, else 0, where u_i in [0, 1) is the top
     * 53 bits of a SplitMix64 hash of (seed, step, i). Counter-based, so the mask of call {@code step} is the same
     * whatever ran before it.
     */
    public static void dropoutMask(INDArray mask, double p, long seed, long step) {
        double keep = 1.0 / (1.0 - p);
        long base = mix(seed ^ mix(step + 0x9E3779B97F4A7C15L));
        if (Kernels.portable()) { // the same draws, made on the host and copied in through ND4J
            double[] v = new double[(int) mask.length()];
            for (int i = 0; i < v.length; i++) {
                double u = (mix(base + i * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
                v[i] = u >= p ? keep : 0.0;
            }
            Nd4jKernels.assign(mask, v);
            return;
        }
        Vec m = Vec.of(mask, "dropout mask");
        for (int i = 0; i < m.length; i++) {
            double u = (mix(base + i * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
            m.set(i, u >= p ? keep : 0.0);
        }
    }

    /*
     * Float-specialised loops for IDENTITY and RELU, the hot cases: the activation is chosen outside the loop, ReLU
     * is branch-free, and the NCHW passes run over raw addresses one 81-element run at a time (Vec.biasRun,
     * Vec.reluGradRun: 0.7 ns per element against 2 ns through the per-element accessors).
     * They compute exactly what the generic loops above compute (a float sum of two floats is what the double sum
     * rounds to; max(z, 0) is exact); SELU keeps the generic path (expm1 in double).
     */

    /**
     * max(z, 0) without a branch (a branch on the sign of noisy activations mispredicts half the time: measured
     * 6 ns per element against 0.35 ns for this): the sign bit, smeared over the word, clears a negative value to
     * +0. A NaN passes through when its sign bit is clear and becomes 0 otherwise.
     */
    public static float relu(float z) {
        int b = Float.floatToRawIntBits(z);
        return Float.intBitsToFloat(b & ~(b >> 31));
    }

    /** dy where ReLU's output y is positive, else +0 (y is never negative): branch-free like {@link #relu}. */
    public static float reluGrad(float dy, float y) {
        int yb = Float.floatToRawIntBits(y);
        return Float.intBitsToFloat(Float.floatToRawIntBits(dy) & ~((yb - 1) >> 31));
    }

    private static void biasActivationNchwF(Vec.F r, Vec.F b, boolean relu, Vec.F o, int n0, int n, int f, int p) {
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < f; c++) {
                long ob = ((long) (n0 + s) * f + c) * p, rb = ((long) c * n + s) * p;
                Vec.biasRun(r.address + 4L * rb, o.address + 4L * ob, p, b.f(c), relu);
            }
        }
    }

    /** {@code o} null: identity; otherwise ReLU's derivative from its output. */
    private static void biasActivationNchwBackwardF(Vec.F g, Vec.F o, Vec.F r, Vec db, int n, int f, int p) {
        for (int c = 0; c < f; c++) {
            double sum = 0;
            for (int s = 0; s < n; s++) {
                long ob = ((long) s * f + c) * p, rb = ((long) c * n + s) * p;
                sum += Vec.reluGradRun(g.address + 4L * ob, o == null ? 0 : o.address + 4L * ob, r.address + 4L * rb, p, o != null);
            }
            db.set(c, db.get(c) + sum);
        }
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Reference for {@link #biasActivationNchw}, element by element with ND4J getters. */
    public static void biasActivationNchwNaive(INDArray rows, INDArray bias, Activation act, INDArray out) {
        int[] d = nchwDims(rows, bias, out, "biasActivationNchwNaive");
        INDArray o3 = out.reshape(d[0], d[1], d[2]);
        for (int s = 0; s < d[0]; s++) {
            for (int c = 0; c < d[1]; c++) {
                for (int q = 0; q < d[2]; q++) {
                    o3.putScalar(new long[]{s, c, q}, act.apply(rows.getDouble(c, (long) s * d[2] + q) + bias.getDouble(c)));
                }
            }
        }
    }

    /** Reference for {@link #biasActivationNchwBackward}. */
    public static void biasActivationNchwBackwardNaive(INDArray dOut, INDArray out, Activation act, INDArray dRows, INDArray dBias) {
        int[] d = nchwDims(dRows, dBias, dOut, "biasActivationNchwBackwardNaive");
        INDArray g3 = dOut.reshape(d[0], d[1], d[2]);
        INDArray o3 = out == null ? null : out.reshape(d[0], d[1], d[2]);
        for (int s = 0; s < d[0]; s++) {
            for (int c = 0; c < d[1]; c++) {
                for (int q = 0; q < d[2]; q++) {
                    double v = g3.getDouble(s, c, q) * (o3 == null ? 1 : act.derivativeFromOutput(o3.getDouble(s, c, q)));
                    dRows.putScalar(new long[]{c, (long) s * d[2] + q}, v);
                    dBias.putScalar(c, dBias.getDouble(c) + v);
                }
            }
        }
    }

    private static INDArray checkSame(INDArray like, INDArray x, String what) {
        if (x == null) {
            throw new IllegalArgumentException(what + " is required for a non-identity activation");
        }
        Shapes.requireSame(like, x, what);
        return x;
    }

    /** Checks rows (F, N*P), bias (F), nchw (N, F, Ho, Wo); returns {N, F, P}. */
    private static int[] nchwDims(INDArray rows, INDArray bias, INDArray nchw, String what) {
        Shapes.require(nchw, what + " NCHW array", Shapes.ANY, Shapes.ANY, Shapes.ANY, Shapes.ANY);
        int n = (int) nchw.size(0), f = (int) nchw.size(1), p = (int) (nchw.size(2) * nchw.size(3));
        Shapes.require(rows, what + " rows", f, (long) n * p);
        Shapes.require(bias, what + " bias", f);
        return new int[]{n, f, p};
    }
}

package org.evoke.tensor.tile.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.evoke.tensor.tile.RowMath;
import org.evoke.tensor.tile.ScalarRowMath;

import static org.evoke.tensor.tile.ScalarRowMath.A1;
import static org.evoke.tensor.tile.ScalarRowMath.A2;
import static org.evoke.tensor.tile.ScalarRowMath.A3;
import static org.evoke.tensor.tile.ScalarRowMath.A4;
import static org.evoke.tensor.tile.ScalarRowMath.A5;
import static org.evoke.tensor.tile.ScalarRowMath.ERF_P;
import static org.evoke.tensor.tile.ScalarRowMath.EXP_HI;
import static org.evoke.tensor.tile.ScalarRowMath.EXP_LO;
import static org.evoke.tensor.tile.ScalarRowMath.INV_SQRT_2PI;
import static org.evoke.tensor.tile.ScalarRowMath.LN2_HI;
import static org.evoke.tensor.tile.ScalarRowMath.LN2_LO;
import static org.evoke.tensor.tile.ScalarRowMath.LOG2E;
import static org.evoke.tensor.tile.ScalarRowMath.P0;
import static org.evoke.tensor.tile.ScalarRowMath.P1;
import static org.evoke.tensor.tile.ScalarRowMath.P2;
import static org.evoke.tensor.tile.ScalarRowMath.P3;
import static org.evoke.tensor.tile.ScalarRowMath.P4;
import static org.evoke.tensor.tile.ScalarRowMath.P5;
import static org.evoke.tensor.tile.ScalarRowMath.SQRT1_2;

/**
 * {@link RowMath} on the Java Vector API in the JIT's preferred width: each lane runs exactly the float operations
 * of {@link ScalarRowMath} (same constants, same fused multiply-adds, same order), so the results equal the scalar
 * ones bit for bit at any width, and the tail of a run is finished by the scalar code itself. Elementwise work only:
 * nothing here sums across lanes, which would make the result depend on the width. Hand-written, not generated:
 * one class serves every width, since no register blocking is involved.
 */
public final class VectorRowMath implements RowMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public float expSum(float[] x, int off, int n, float shift, float scale, float[] lanes) {
        if (L > SUM_LANES || L < 4) {
            return ScalarRowMath.INSTANCE.expSum(x, off, n, shift, scale, lanes);
        }
        // the 16 running sums live in lanes[0..16): element g + k of a group of 16 goes to lane k, as in the scalar code
        java.util.Arrays.fill(lanes, 0, SUM_LANES, 0f);
        int end = off + n;
        for (int g = off; g < end; g += SUM_LANES) {
            for (int k = 0; k < SUM_LANES && g + k < end; k += L) {
                expAdd(x, g + k, end, shift, scale, lanes, k);
            }
        }
        return ScalarRowMath.fold(lanes);
    }

    @Override
    public float sum(float[] x, int off, int n, float mu, boolean squares, float[] lanes) {
        if (L > SUM_LANES || L < 4) {
            return ScalarRowMath.INSTANCE.sum(x, off, n, mu, squares, lanes);
        }
        java.util.Arrays.fill(lanes, 0, SUM_LANES, 0f);
        int end = off + n;
        for (int g = off; g < end; g += SUM_LANES) { // as expSum
            for (int k = 0; k < SUM_LANES && g + k < end; k += L) {
                termAdd(x, g + k, end, mu, squares, lanes, k);
            }
        }
        return ScalarRowMath.fold(lanes);
    }

    /*
     * No FloatVector crosses a method boundary here: a vector passed to or returned from a method the JIT did not
     * inline is boxed on the heap, and the JIT stops inlining a helper once it has compiled it alone (first version:
     * exp(FloatVector) returned its result; 21.8 MB allocated per inference of the small ViT at batch 128, JFR and
     * -prof gc). So the helpers take arrays and offsets, and hand their operands over in memory (L1), not in vectors.
     */

    /** Lanes k.. of the running sums += exp((x - shift) scale) of the elements i..min(i + L, end), written back. */
    private static void expAdd(float[] x, int i, int end, float shift, float scale, float[] lanes, int k) {
        if (i + L <= end) {
            FloatVector.fromArray(S, x, i).sub(shift).mul(scale).intoArray(x, i);
            expInPlace(x, i);
            FloatVector.fromArray(S, lanes, k).add(FloatVector.fromArray(S, x, i)).intoArray(lanes, k);
        } else { // the tail, by the scalar code: the same operations per element and per running sum
            for (int j = 0; i + j < end; j++) {
                x[i + j] = ScalarRowMath.exp((x[i + j] - shift) * scale);
                lanes[k + j] += x[i + j];
            }
        }
    }

    /** Lanes k.. of the running sums += x (or (x - mu)^2) of the L elements from i; lanes at or past end add nothing. */
    private static void termAdd(float[] x, int i, int end, float mu, boolean squares, float[] lanes, int k) {
        FloatVector acc = FloatVector.fromArray(S, lanes, k);
        VectorMask<Float> m = S.indexInRange(i, end);
        FloatVector v = i + L <= end ? FloatVector.fromArray(S, x, i) : FloatVector.fromArray(S, x, i, m);
        if (squares) {
            v = v.sub(mu);
            v = v.mul(v);
        }
        (i + L <= end ? acc.add(v) : acc.add(v, m)).intoArray(lanes, k);
    }

    @Override
    public void normalize(float[] x, int off, int n, float mu, float inv, float[] g, float[] b, float[] y, int yOff) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, off + i).sub(mu).mul(inv).mul(FloatVector.fromArray(S, g, i))
                    .add(FloatVector.fromArray(S, b, i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) { // the scalar reference's expression
            y[yOff + i] = (x[off + i] - mu) * inv * g[i] + b[i];
        }
    }


    /** a[i..i+L) = e^a per lane, as {@link ScalarRowMath#exp(float)}. */
    private static void expInPlace(float[] a, int i) {
        FloatVector x = FloatVector.fromArray(S, a, i).max(EXP_LO).min(EXP_HI);
        FloatVector fx = x.fma(LOG2E, 0.5f);
        FloatVector t = (FloatVector) fx.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
        VectorMask<Float> above = t.compare(VectorOperators.GT, fx);
        t = t.sub(1f, above);
        IntVector n = (IntVector) t.convert(VectorOperators.F2I, 0);
        FloatVector r = t.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = t.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, P0).fma(r, FloatVector.broadcast(S, P1));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        FloatVector z = r.mul(r);
        FloatVector y = p.fma(z, r).add(1f);
        FloatVector pow = (FloatVector) n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        y.mul(pow).intoArray(a, i);
    }

    /** a[i..i+L) = erf(a) per lane, as {@code ScalarRowMath.erf}. */
    private static void erfInPlace(float[] a, int i) {
        FloatVector v = FloatVector.fromArray(S, a, i);
        FloatVector abs = v.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(abs.fma(ERF_P, 1f));
        FloatVector q = FloatVector.broadcast(S, A5).fma(t, FloatVector.broadcast(S, A4));
        q = q.fma(t, FloatVector.broadcast(S, A3));
        q = q.fma(t, FloatVector.broadcast(S, A2));
        q = q.fma(t, FloatVector.broadcast(S, A1));
        FloatVector poly = q.mul(t);
        abs.mul(abs).neg().intoArray(a, i);
        expInPlace(a, i);
        FloatVector e = FloatVector.broadcast(S, 1f).sub(poly.mul(FloatVector.fromArray(S, a, i)));
        e.blend(e.neg(), v.compare(VectorOperators.LT, 0f)).intoArray(a, i);
    }


    @Override
    public float max(float[] x, int off, int n) {
        int i = off, end = off + n;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            for (i += L; i + L <= end; i += L) {
                v = v.max(FloatVector.fromArray(S, x, i));
            }
            m = v.reduceLanes(VectorOperators.MAX);
        }
        for (; i < end; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    @Override
    public void scale(float[] x, int off, int n, float s) {
        int i = off, end = off + n;
        for (; i + L <= end; i += L) {
            FloatVector.fromArray(S, x, i).mul(s).intoArray(x, i);
        }
        if (i < end) {
            VectorMask<Float> m = S.indexInRange(i, end);
            FloatVector.fromArray(S, x, i, m).mul(s).intoArray(x, i, m);
        }
    }

    @Override
    public void gelu(float[] x, int off, int n) {
        int i = off, end = off + n;
        for (; i + L <= end; i += L) {
            geluAt(x, i);
        }
        for (; i < end; i++) {
            x[i] = ScalarRowMath.gelu(x[i]);
        }
    }

    @Override
    public void geluBackward(float[] x, int xOff, float[] g, int gOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            geluGradAt(x, xOff + i, g, gOff + i);
        }
        for (; i < n; i++) {
            g[gOff + i] *= ScalarRowMath.geluGrad(x[xOff + i]);
        }
    }

    /** GELU of the L elements from i, in place. */
    private static void geluAt(float[] x, int i) {
        FloatVector v = FloatVector.fromArray(S, x, i);
        v.mul(SQRT1_2).intoArray(x, i);
        erfInPlace(x, i);
        v.mul(0.5f).mul(FloatVector.fromArray(S, x, i).add(1f)).intoArray(x, i);
    }

    /** g[j..j+L) *= GELU'(x[i..i+L)); g's lanes serve as the scratch of erf and exp. */
    private static void geluGradAt(float[] x, int i, float[] g, int j) {
        FloatVector v = FloatVector.fromArray(S, x, i);
        FloatVector grad = FloatVector.fromArray(S, g, j);
        v.mul(SQRT1_2).intoArray(g, j);
        erfInPlace(g, j);
        FloatVector cdf = FloatVector.fromArray(S, g, j).add(1f).mul(0.5f);
        v.mul(v).mul(-0.5f).intoArray(g, j);
        expInPlace(g, j);
        FloatVector pdf = FloatVector.fromArray(S, g, j).mul(INV_SQRT_2PI);
        grad.mul(v.fma(pdf, cdf)).intoArray(g, j);
    }

    @Override
    public void addBias(float[] x, int off, float[] b, int bOff, int n, boolean relu) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector z = FloatVector.fromArray(S, x, off + i).add(FloatVector.fromArray(S, b, bOff + i));
            if (relu) { // the sign bit spread over the lane, inverted, as a mask: negative (and -0, -NaN) to +0
                IntVector bits = (IntVector) z.reinterpretAsInts();
                bits.and(bits.lanewise(VectorOperators.ASHR, 31).not()).reinterpretAsFloats().intoArray(x, off + i);
            } else { // two stores, not one of a vector merged from both branches (which the JIT may box)
                z.intoArray(x, off + i);
            }
        }
        ScalarRowMath.INSTANCE.addBias(x, off + i, b, bOff + i, n - i, relu);
    }

    @Override
    public String describe() {
        return "Vector API, " + S.vectorBitSize() + "-bit";
    }
}

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
        // the 16 running sums in 16 / L vectors: a holds lanes 0.., b the next L, c and d the next (narrower widths)
        FloatVector zero = FloatVector.zero(S), a = zero, b = zero, c = zero, d = zero;
        int end = off + n;
        for (int g = off; g < end; g += SUM_LANES) { // a group of 16 elements, the last one masked
            a = a.add(expInto(x, g, end, shift, scale));
            if (L <= 8) {
                b = b.add(expInto(x, g + L, end, shift, scale));
            }
            if (L == 4) {
                c = c.add(expInto(x, g + 8, end, shift, scale));
                d = d.add(expInto(x, g + 12, end, shift, scale));
            }
        }
        return fold(a, b, c, d, lanes);
    }

    @Override
    public float sum(float[] x, int off, int n, float mu, boolean squares, float[] lanes) {
        if (L > SUM_LANES || L < 4) {
            return ScalarRowMath.INSTANCE.sum(x, off, n, mu, squares, lanes);
        }
        FloatVector zero = FloatVector.zero(S), a = zero, b = zero, c = zero, d = zero;
        int end = off + n;
        for (int g = off; g < end; g += SUM_LANES) { // as expSum: lanes k of a, then b, c, d; the last group masked
            a = a.add(term(x, g, end, mu, squares));
            if (L <= 8) {
                b = b.add(term(x, g + L, end, mu, squares));
            }
            if (L == 4) {
                c = c.add(term(x, g + 8, end, mu, squares));
                d = d.add(term(x, g + 12, end, mu, squares));
            }
        }
        return fold(a, b, c, d, lanes);
    }

    /** x (or (x - mu)^2) of the L elements from i, lanes at or past end 0. */
    private static FloatVector term(float[] x, int i, int end, float mu, boolean squares) {
        FloatVector v;
        if (i + L <= end) {
            v = FloatVector.fromArray(S, x, i);
        } else {
            v = FloatVector.fromArray(S, x, i, S.indexInRange(i, end));
            if (squares) { // the masked lanes must add nothing: mu - mu
                v = v.blend(mu, S.indexInRange(i, end).not());
            }
        }
        if (squares) {
            FloatVector cv = v.sub(mu);
            return cv.mul(cv);
        }
        return v;
    }

    /** The 16 running sums held in a (L = 16), a and b (L = 8) or a to d (L = 4), folded as the scalar code does. */
    private static float fold(FloatVector a, FloatVector b, FloatVector c, FloatVector d, float[] lanes) {
        a.intoArray(lanes, 0);
        if (L <= 8) {
            b.intoArray(lanes, L);
        }
        if (L == 4) {
            c.intoArray(lanes, 8);
            d.intoArray(lanes, 12);
        }
        return ScalarRowMath.fold(lanes);
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


    /** exp((x - shift) scale) of the L elements from i written back (those before end), returned; lanes past end 0. */
    private static FloatVector expInto(float[] x, int i, int end, float shift, float scale) {
        if (i + L <= end) {
            FloatVector e = exp(FloatVector.fromArray(S, x, i).sub(shift).mul(scale));
            e.intoArray(x, i);
            return e;
        }
        VectorMask<Float> m = S.indexInRange(i, end);
        FloatVector e = exp(FloatVector.fromArray(S, x, i, m).sub(shift).mul(scale));
        e.intoArray(x, i, m);
        return FloatVector.zero(S).blend(e, m);
    }

    /** e^x per lane, as {@link ScalarRowMath#exp(float)}. */
    private static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        FloatVector fx = x.fma(LOG2E, 0.5f);
        FloatVector t = (FloatVector) fx.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
        VectorMask<Float> above = t.compare(VectorOperators.GT, fx);
        t = t.sub(1f, above);
        IntVector n = (IntVector) t.convert(VectorOperators.F2I, 0);
        FloatVector r = t.fma(bc(-LN2_HI), x);
        r = t.fma(bc(-LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, P0).fma(r, bc(P1));
        p = p.fma(r, bc(P2));
        p = p.fma(r, bc(P3));
        p = p.fma(r, bc(P4));
        p = p.fma(r, bc(P5));
        FloatVector z = r.mul(r);
        FloatVector y = p.fma(z, r).add(1f);
        FloatVector pow = (FloatVector) n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(pow);
    }

    /** erf(v) per lane, as {@code ScalarRowMath.erf}. */
    private static FloatVector erf(FloatVector v) {
        FloatVector a = v.abs();
        FloatVector t = FloatVector.broadcast(S, 1f).div(a.fma(ERF_P, 1f));
        FloatVector q = FloatVector.broadcast(S, A5).fma(t, bc(A4));
        q = q.fma(t, bc(A3));
        q = q.fma(t, bc(A2));
        q = q.fma(t, bc(A1));
        FloatVector poly = q.mul(t);
        FloatVector e = FloatVector.broadcast(S, 1f).sub(poly.mul(exp(a.mul(a).neg())));
        return e.blend(e.neg(), v.compare(VectorOperators.LT, 0f));
    }

    private static FloatVector bc(float c) {
        return FloatVector.broadcast(S, c);
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
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.mul(0.5f).mul(erf(v.mul(SQRT1_2)).add(1f)).intoArray(x, i);
        }
        for (; i < end; i++) {
            x[i] = ScalarRowMath.gelu(x[i]);
        }
    }

    @Override
    public void geluBackward(float[] x, int xOff, float[] g, int gOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector cdf = erf(v.mul(SQRT1_2)).add(1f).mul(0.5f);
            FloatVector pdf = exp(v.mul(v).mul(-0.5f)).mul(INV_SQRT_2PI);
            FloatVector.fromArray(S, g, gOff + i).mul(v.fma(pdf, cdf)).intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            g[gOff + i] *= ScalarRowMath.geluGrad(x[xOff + i]);
        }
    }

    @Override
    public void addBias(float[] x, int off, float[] b, int bOff, int n, boolean relu) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector z = FloatVector.fromArray(S, x, off + i).add(FloatVector.fromArray(S, b, bOff + i));
            if (relu) { // the sign bit spread over the lane, inverted, as a mask: negative (and -0, -NaN) to +0
                IntVector bits = (IntVector) z.reinterpretAsInts();
                z = (FloatVector) bits.and(bits.lanewise(VectorOperators.ASHR, 31).not()).reinterpretAsFloats();
            }
            z.intoArray(x, off + i);
        }
        ScalarRowMath.INSTANCE.addBias(x, off + i, b, bOff + i, n - i, relu);
    }

    @Override
    public String describe() {
        return "Vector API, " + S.vectorBitSize() + "-bit";
    }
}

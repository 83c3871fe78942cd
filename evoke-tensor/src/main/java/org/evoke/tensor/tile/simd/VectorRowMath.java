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
    public void exp(float[] x, int off, int n, float shift) {
        int i = off, end = off + n;
        for (; i + L <= end; i += L) {
            exp(FloatVector.fromArray(S, x, i).sub(shift)).intoArray(x, i);
        }
        for (; i < end; i++) {
            x[i] = ScalarRowMath.exp(x[i] - shift);
        }
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
        for (; i < end; i++) {
            x[i] *= s;
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
    public String describe() {
        return "Vector API, " + S.vectorBitSize() + "-bit";
    }
}

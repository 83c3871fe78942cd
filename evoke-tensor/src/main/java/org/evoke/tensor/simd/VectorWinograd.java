package org.evoke.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.evoke.tensor.WinogradTransforms;

/**
 * The Winograd F(3x3, 4x4) transforms on the Vector API, one 512-bit vector = 16 channels: the same operations
 * as {@link org.evoke.tensor.ScalarWinograd}, lane by lane, so the results agree bit for bit. Each pass keeps six
 * vectors live (one column or row of the tile); the intermediate 6x6 goes through a small array. Everything is in
 * the two methods themselves: a vector passed to a helper that the JIT does not inline is boxed.
 */
public final class VectorWinograd implements WinogradTransforms {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

    @Override
    public void input(float[] x, int xOff, int rowStride, int colStride, float[] v, int vOff, int ldv, float[] scratch) {
        float[] t = scratch;
        FloatVector two = FloatVector.broadcast(S, 2f), four = FloatVector.broadcast(S, 4f);
        FloatVector minusFour = FloatVector.broadcast(S, -4f), minusFive = FloatVector.broadcast(S, -5f);
        for (int pass = 0; pass < 2; pass++) {
            // pass 0: t[.][j] = B^T d[.][j] (columns of the input); pass 1: V[i][.] = B^T t[i][.] (rows of t)
            float[] src = pass == 0 ? x : t, dst = pass == 0 ? t : v;
            int step = pass == 0 ? rowStride : 16, outStep = pass == 0 ? 6 * 16 : ldv;
            for (int l = 0; l < 6; l++) {
                int at = pass == 0 ? xOff + l * colStride : l * 6 * 16;
                int o = pass == 0 ? l * 16 : vOff + l * 6 * ldv;
                FloatVector d0 = FloatVector.fromArray(S, src, at), d1 = FloatVector.fromArray(S, src, at + step),
                        d2 = FloatVector.fromArray(S, src, at + 2 * step), d3 = FloatVector.fromArray(S, src, at + 3 * step),
                        d4 = FloatVector.fromArray(S, src, at + 4 * step), d5 = FloatVector.fromArray(S, src, at + 5 * step);
                d0.fma(four, d2.fma(minusFive, d4)).intoArray(dst, o);
                d1.add(d2).fma(minusFour, d3.add(d4)).intoArray(dst, o + outStep);
                d1.sub(d2).fma(four, d4.sub(d3)).intoArray(dst, o + 2 * outStep);
                d3.sub(d1).fma(two, d4.sub(d2)).intoArray(dst, o + 3 * outStep);
                d1.sub(d3).fma(two, d4.sub(d2)).intoArray(dst, o + 4 * outStep);
                d1.fma(four, d3.fma(minusFive, d5)).intoArray(dst, o + 5 * outStep);
            }
        }
    }

    @Override
    public void output(float[] m, int mOff, int ldm, float[] y, int yOff, float[] scratch) {
        float[] t = scratch;
        FloatVector two = FloatVector.broadcast(S, 2f), four = FloatVector.broadcast(S, 4f);
        for (int pass = 0; pass < 2; pass++) {
            // pass 0: t[.][j] = A^T M[.][j] for the six columns; pass 1: Y[i][.] = A^T t[i][.] for the three rows
            float[] src = pass == 0 ? m : t, dst = pass == 0 ? t : y;
            int step = pass == 0 ? 6 * ldm : 16, outStep = pass == 0 ? 6 * 16 : 16, lines = pass == 0 ? 6 : 3;
            for (int l = 0; l < lines; l++) {
                int at = pass == 0 ? mOff + l * ldm : l * 6 * 16;
                int o = pass == 0 ? l * 16 : yOff + l * 3 * 16;
                FloatVector m0 = FloatVector.fromArray(S, src, at), m1 = FloatVector.fromArray(S, src, at + step),
                        m2 = FloatVector.fromArray(S, src, at + 2 * step), m3 = FloatVector.fromArray(S, src, at + 3 * step),
                        m4 = FloatVector.fromArray(S, src, at + 4 * step), m5 = FloatVector.fromArray(S, src, at + 5 * step);
                FloatVector s12 = m1.add(m2), d12 = m1.sub(m2), s34 = m3.add(m4), d34 = m3.sub(m4);
                m0.add(s12).add(s34).intoArray(dst, o);
                d34.fma(two, d12).intoArray(dst, o + outStep);
                s34.fma(four, s12).add(m5).intoArray(dst, o + 2 * outStep);
            }
        }
    }
}

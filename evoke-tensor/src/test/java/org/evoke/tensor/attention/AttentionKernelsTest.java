package org.evoke.tensor.attention;

import org.evoke.tensor.ops.RowOps;
import org.apache.commons.math3.special.Erf;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention products on BLAS (each head's block read in place from the packed qkv through its leading
 * dimension) against the plain loops, forward and backward, in float and double; and the float32 erf of GELU
 * against commons-math's.
 */
class AttentionKernelsTest {
    @Test
    void blasProductsEqualTheReferenceLoops() {
        Nd4j.getRandom().setSeed(11);
        int batch = 3, tokens = 7, heads = 4, headDim = 5, inner = heads * headDim;
        double scale = Math.pow(headDim, -0.5);
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = t == DataType.FLOAT ? 1e-6 : 1e-12;
            INDArray qkv = Nd4j.rand(t, batch * tokens, 3 * inner).subi(0.5);
            INDArray s1 = Nd4j.create(t, batch, heads, tokens, tokens), s2 = s1.dup();
            AttentionKernels.scores(qkv, batch, tokens, heads, headDim, scale, s1);
            AttentionKernels.scoresNaive(qkv, batch, tokens, heads, headDim, scale, s2);
            TensorAssert.assertClose(t + " scores", s2, s1, tol);

            INDArray a = Nd4j.rand(t, batch, heads, tokens, tokens);
            INDArray o1 = Nd4j.create(t, batch * tokens, inner), o2 = o1.dup();
            AttentionKernels.mix(a, qkv, batch, tokens, heads, headDim, o1);
            AttentionKernels.mixNaive(a, qkv, batch, tokens, heads, headDim, o2);
            TensorAssert.assertClose(t + " mix", o2, o1, tol);

            INDArray dO = Nd4j.rand(t, batch * tokens, inner).subi(0.5);
            INDArray dA1 = Nd4j.create(t, batch, heads, tokens, tokens), dA2 = dA1.dup();
            INDArray d1 = Nd4j.rand(t, batch * tokens, 3 * inner), d2 = d1.dup(); // every column is written
            AttentionKernels.mixBackward(a, qkv, dO, batch, tokens, heads, headDim, dA1, d1);
            AttentionKernels.mixBackwardNaive(a, qkv, dO, batch, tokens, heads, headDim, dA2, d2);
            TensorAssert.assertClose(t + " dA", dA2, dA1, tol);
            INDArray dS = Nd4j.rand(t, batch, heads, tokens, tokens).subi(0.5);
            AttentionKernels.scoresBackward(dS, qkv, batch, tokens, heads, headDim, scale, d1);
            AttentionKernels.scoresBackwardNaive(dS, qkv, batch, tokens, heads, headDim, scale, d2);
            TensorAssert.assertClose(t + " dqkv", d2, d1, tol);
        }
    }

    @Test
    void float32ErfIsWithinItsBoundOfTheExactOne() {
        double worst = 0;
        for (double z = -7; z <= 7; z += 1e-3) {
            worst = Math.max(worst, Math.abs(RowOps.erf32(z) - Erf.erf(z)));
        }
        assertTrue(worst <= 1.5e-7, "max |erf32 - erf| = " + worst + " over [-7, 7]");
        assertTrue(RowOps.erf32(0) == 0 || Math.abs(RowOps.erf32(0)) < 1e-9);
    }
}

package org.evoke.tensor.attention;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.tile.RowMath;
import org.evoke.tensor.tile.ScalarRowMath;
import org.evoke.tensor.testing.TensorAssert;
import org.evoke.tensor.tile.ScalarTiles;
import org.evoke.tensor.tile.Tiles;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fused attention core against its naive twin (scores, softmax and mix as three loops in double) on odd
 * shapes: 1, 2, 47, 48, 49 and 197 tokens (one query block, a block and one more), head channels of 5, 8 and 64,
 * 1 to 12 heads; at every vector width this JIT compiles and with the scalar tiles and row math, which must all
 * give the same bits.
 */
class FusedAttentionTest {
    private static final int[][] HEADS = {{1, 8}, {3, 5}, {8, 8}, {2, 64}, {12, 64}};

    @Test
    void fusedCoreMatchesTheNaiveStepsOnOddShapes() {
        Nd4j.getRandom().setSeed(7);
        for (int tokens : new int[] {1, 2, 47, 48, 49, 197}) {
            for (int[] hd : HEADS) {
                if (tokens == 197 && hd[0] * hd[1] < 64) {
                    continue; // the long sequence with the wide heads only: the naive loops are slow
                }
                for (int batch : tokens == 197 ? new int[] {1} : new int[] {1, 2}) {
                    check(batch, tokens, hd[0], hd[1]);
                }
            }
        }
    }

    private static void check(int batch, int tokens, int heads, int headDim) {
        String what = "batch " + batch + ", tokens " + tokens + ", heads " + heads + " x " + headDim;
        int inner = heads * headDim;
        INDArray qkv = Nd4j.rand(DataType.FLOAT, batch * tokens, 3 * inner).subi(0.5).muli(4); // scores of a few units
        INDArray want = Nd4j.create(DataType.FLOAT, batch * tokens, inner), wantP = Nd4j.create(DataType.FLOAT, batch, heads, tokens, tokens);
        FusedAttention.forwardNaive(qkv, batch, tokens, heads, headDim, want, wantP);

        INDArray scalar = run(ScalarTiles.INSTANCE, ScalarRowMath.INSTANCE, qkv, batch, tokens, heads, headDim, null);
        TensorAssert.assertClose(what + ", scalar", want, scalar, 2e-5);
        INDArray p = Nd4j.create(DataType.FLOAT, batch, heads, tokens, tokens);
        INDArray withP = run(ScalarTiles.INSTANCE, ScalarRowMath.INSTANCE, qkv, batch, tokens, heads, headDim, p);
        assertArrayEquals(scalar.data().asFloat(), withP.data().asFloat(), what + ": writing the probabilities changed O");
        TensorAssert.assertClose(what + ", probabilities", wantP, p, 2e-5);
        if (Kernels.vector()) {
            for (int bits : Kernels.nativeWidths()) {
                INDArray v = run(Kernels.vectorTiles(bits), Kernels.rowMath(), qkv, batch, tokens, heads, headDim, null);
                assertArrayEquals(scalar.data().asFloat(), v.data().asFloat(), what + ": the " + bits + "-bit kernels differ from the scalar ones");
            }
        }
    }

    private static INDArray run(Tiles tiles, RowMath math, INDArray qkv, int batch, int tokens, int heads, int headDim, INDArray p) {
        INDArray out = Nd4j.create(DataType.FLOAT, batch * tokens, heads * headDim).assign(Float.NaN); // every element written
        new FusedAttention(tiles, math, heads, headDim).forward(qkv, batch, tokens, out, p);
        return out;
    }

    @Test
    void oneWorkspaceServesChangingBatchesAndTokens() {
        FusedAttention f = new FusedAttention(ScalarTiles.INSTANCE, ScalarRowMath.INSTANCE, 2, 8);
        for (int[] bt : new int[][] {{2, 10}, {1, 10}, {3, 4}, {1, 60}}) {
            INDArray qkv = Nd4j.rand(DataType.FLOAT, bt[0] * bt[1], 48);
            INDArray out = Nd4j.create(DataType.FLOAT, bt[0] * bt[1], 16), want = out.dup(), p = Nd4j.create(DataType.FLOAT, bt[0], 2, bt[1], bt[1]);
            f.forward(qkv, bt[0], bt[1], out, null);
            FusedAttention.forwardNaive(qkv, bt[0], bt[1], 2, 8, want, p);
            TensorAssert.assertClose("batch " + bt[0] + ", tokens " + bt[1], want, out, 2e-5);
        }
    }

    @Test
    void mismatchedShapesAreOneClearMessage() {
        FusedAttention f = new FusedAttention(ScalarTiles.INSTANCE, ScalarRowMath.INSTANCE, 2, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.forward(Nd4j.create(DataType.FLOAT, 5, 47), 1, 5, Nd4j.create(DataType.FLOAT, 5, 16), null));
        assertEquals("fused attention: qkv [5, 47], out [5, 16] do not fit batch 1, tokens 5, heads 2 x 8", e.getMessage());
    }
}

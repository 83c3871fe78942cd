package org.evoke.tensor.attention;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.testing.TensorAssert;
import org.evoke.tensor.tile.ScalarRowMath;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The threaded float32 layer norm against the double-arithmetic reference of {@link RowOps#layerNorm} (output, row
 * means and reciprocal deviations) on row lengths around the vector widths and the transformers' own (32, 768), with
 * rows far from zero mean; and the kernel on this JVM's row math against the scalar one, bit for bit.
 */
class LayerNormKernelTest {
    @Test
    void matchesTheDoubleReference() {
        Nd4j.getRandom().setSeed(11);
        for (int[] shape : new int[][] {{1, 1}, {3, 5}, {2, 7, 16}, {1, 37, 17}, {5, 33}, {4, 37, 32}, {2, 197, 768}, {1, 3, 70}}) {
            int dim = shape[shape.length - 1];
            long[] s = java.util.Arrays.stream(shape).asLongStream().toArray();
            INDArray x = Nd4j.rand(DataType.FLOAT, s).subi(0.5).muli(6).addi(40); // mean 40: the centred sum matters
            INDArray g = Nd4j.rand(DataType.FLOAT, dim).addi(0.5), b = Nd4j.rand(DataType.FLOAT, dim).subi(0.5);
            long rows = x.length() / dim;
            INDArray want = x.ulike(), wantMean = Nd4j.create(DataType.FLOAT, rows), wantRstd = wantMean.ulike();
            RowOps.layerNorm(x, g, b, 1e-5, want, wantMean, wantRstd);
            INDArray got = x.ulike().assign(Float.NaN), mean = wantMean.ulike(), rstd = wantMean.ulike();
            new LayerNormKernel(dim).forward(x, g, b, 1e-5, got, mean, rstd);
            String what = java.util.Arrays.toString(shape);
            TensorAssert.assertClose("layer norm " + what, want, got, dim == 1 ? 1e-6 : 2e-5);
            TensorAssert.assertClose("mean " + what, wantMean, mean, 1e-6);
            TensorAssert.assertClose("rstd " + what, wantRstd, rstd, dim == 1 ? 1e-6 : 2e-5);

            INDArray scalar = x.ulike(), sMean = mean.ulike(), sRstd = mean.ulike();
            new LayerNormKernel(ScalarRowMath.INSTANCE, dim).forward(x, g, b, 1e-5, scalar, sMean, sRstd);
            assertArrayEquals(scalar.data().asFloat(), got.data().asFloat(), "layer norm on " + Kernels.rowMath().describe() + ", " + what);
            assertArrayEquals(sRstd.data().asFloat(), rstd.data().asFloat(), "rstd, " + what);
        }
    }

    @Test
    void aNaNStaysInItsRow() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 40), y = x.ulike(), m = Nd4j.create(DataType.FLOAT, 3), r = m.ulike();
        x.putScalar(1, 7, Float.NaN);
        new LayerNormKernel(40).forward(x, Nd4j.ones(DataType.FLOAT, 40), Nd4j.zeros(DataType.FLOAT, 40), 1e-5, y, m, r);
        for (int row = 0; row < 3; row++) {
            boolean nan = Float.isNaN(y.getFloat(row, 0));
            assertTrue(row == 1 ? nan : !nan, "row " + row);
        }
    }

    @Test
    void refusesArraysThatDoNotFit() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 40);
        assertThrows(IllegalArgumentException.class, () -> new LayerNormKernel(40).forward(x, Nd4j.ones(DataType.FLOAT, 39),
                Nd4j.zeros(DataType.FLOAT, 40), 1e-5, x.ulike(), Nd4j.create(DataType.FLOAT, 3), Nd4j.create(DataType.FLOAT, 3)));
    }
}

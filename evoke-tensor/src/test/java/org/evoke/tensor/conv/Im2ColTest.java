package org.evoke.tensor.conv;

import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Im2ColTest {
    /** {N, C, H, W, kh, kw, sh, sw, pt, pb, pl, pr}: batch 1, 1x1 kernels, stride 2, non-square, asymmetric padding. */
    static final int[][] CASES = {
            {2, 4, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2},   // the models' padding
            {1, 3, 11, 11, 3, 3, 2, 2, 1, 1, 1, 1}, // stride 2
            {1, 1, 5, 7, 1, 1, 1, 1, 0, 0, 0, 0},   // 1x1 kernel, non-square
            {3, 2, 6, 5, 2, 3, 2, 1, 0, 1, 2, 0},   // non-square kernel, mixed strides and padding
            {2, 5, 4, 4, 4, 4, 1, 1, 0, 0, 0, 0},   // kernel as large as the input
            {1, 2, 7, 3, 3, 2, 3, 2, 2, 0, 0, 3},
    };

    static ConvGeometry geometry(int[] c) {
        return ConvGeometry.of(c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]);
    }

    @Test
    void fastIm2colMatchesNaiveOnOddShapes() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] c : CASES) {
                ConvGeometry g = geometry(c);
                INDArray x = Nd4j.rand(dt, c[0], c[1], c[2], c[3]).subi(0.5);
                INDArray fast = Nd4j.create(dt, g.patch(), (long) c[0] * g.positions()).assign(99);
                INDArray ref = Nd4j.create(dt, g.patch(), (long) c[0] * g.positions());
                Im2Col.im2col(x, g, fast);
                Im2Col.im2colNaive(x, g, ref);
                TensorAssert.assertClose("im2col " + g + " " + dt, ref, fast, 0);
                // the padded-plane path (stride 1, float; others fall back), with a dirty scratch
                INDArray scratch = Nd4j.create(dt, c[1], c[2] + c[8] + c[9], c[3] + c[10] + c[11]).assign(7);
                INDArray padded = Nd4j.create(dt, g.patch(), (long) c[0] * g.positions()).assign(99);
                Im2Col.im2col(x, g, padded, 0, scratch);
                TensorAssert.assertClose("im2col padded " + g + " " + dt, ref, padded, 0);
            }
        }
    }

    /** A chunk of samples n0 .. n0+M-1 fills exactly the columns the whole batch would give those samples. */
    @Test
    void chunkOfABatchMatchesTheWholeBatchColumns() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] c : CASES) {
                ConvGeometry g = geometry(c);
                int n = 5, p = g.positions();
                INDArray x = Nd4j.rand(dt, n, c[1], c[2], c[3]).subi(0.5);
                INDArray whole = Nd4j.create(dt, g.patch(), (long) n * p);
                Im2Col.im2colNaive(x, g, whole);
                for (int[] chunk : new int[][]{{0, 2}, {2, 2}, {4, 1}, {1, 4}}) {
                    INDArray cols = Nd4j.create(dt, g.patch(), (long) chunk[1] * p).assign(99);
                    Im2Col.im2col(x, g, cols, chunk[0]);
                    INDArray viaPad = Nd4j.create(dt, g.patch(), (long) chunk[1] * p).assign(99);
                    Im2Col.im2col(x, g, viaPad, chunk[0], Nd4j.create(dt, c[1], c[2] + c[8] + c[9], c[3] + c[10] + c[11]));
                    TensorAssert.assertClose("padded chunk", cols, viaPad, 0);
                    INDArray expected = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.interval((long) chunk[0] * p, (long) (chunk[0] + chunk[1]) * p));
                    TensorAssert.assertClose("im2col chunk " + chunk[0] + "+" + chunk[1] + " " + g + " " + dt, expected, cols, 0);
                }
                assertThrows(IllegalArgumentException.class, () -> Im2Col.im2col(x, g, Nd4j.create(dt, g.patch(), 2L * p), 4));
            }
        }
    }

    @Test
    void fastCol2imMatchesNaiveOnOddShapes() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] c : CASES) {
                ConvGeometry g = geometry(c);
                INDArray dcols = Nd4j.rand(dt, g.patch(), (long) c[0] * g.positions()).subi(0.5);
                INDArray fast = Nd4j.create(dt, c[0], c[1], c[2], c[3]).assign(99);
                INDArray ref = Nd4j.create(dt, c[0], c[1], c[2], c[3]);
                Im2Col.col2im(dcols, g, fast);
                Im2Col.col2imNaive(dcols, g, ref);
                TensorAssert.assertClose("col2im " + g + " " + dt, ref, fast, dt == DataType.FLOAT ? 1e-6 : 1e-12);
                INDArray viaPad = Nd4j.create(dt, c[0], c[1], c[2], c[3]).assign(99);
                Im2Col.col2im(dcols, g, viaPad, Nd4j.create(dt, c[1], c[2] + c[8] + c[9], c[3] + c[10] + c[11]).assign(5));
                TensorAssert.assertClose("col2im padded " + g + " " + dt, ref, viaPad, dt == DataType.FLOAT ? 1e-6 : 1e-12);
            }
        }
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        // <im2col(x), c> == <x, col2im(c)> for all x, c
        for (int[] c : CASES) {
            ConvGeometry g = geometry(c);
            INDArray x = Nd4j.rand(DataType.DOUBLE, c[0], c[1], c[2], c[3]);
            INDArray cols = Nd4j.rand(DataType.DOUBLE, g.patch(), (long) c[0] * g.positions());
            INDArray ix = Nd4j.create(DataType.DOUBLE, cols.shape());
            INDArray ac = Nd4j.create(DataType.DOUBLE, x.shape());
            Im2Col.im2col(x, g, ix);
            Im2Col.col2im(cols, g, ac);
            double lhs = ix.mul(cols).sumNumber().doubleValue(), rhs = x.mul(ac).sumNumber().doubleValue();
            assertTrue(Math.abs(lhs - rhs) < 1e-9 * Math.abs(lhs), g + ": " + lhs + " vs " + rhs);
        }
    }

    @Test
    void wrongShapesAreNamed() {
        ConvGeometry g = ConvGeometry.of(4, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2);
        INDArray cols = Nd4j.create(DataType.FLOAT, 64, 81);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Im2Col.im2col(Nd4j.create(DataType.FLOAT, 1, 3, 9, 9), g, cols));
        assertTrue(e.getMessage().contains("im2col input x has shape [1, 3, 9, 9]; expected [*, 4, 9, 9]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Im2Col.im2col(Nd4j.create(DataType.FLOAT, 2, 4, 9, 9), g, cols));
        assertTrue(e.getMessage().contains("cols has shape [64, 81]; expected [64, 162]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConvGeometry.of(1, 2, 2, 4, 4, 1, 1, 0, 0, 0, 0));
    }
}

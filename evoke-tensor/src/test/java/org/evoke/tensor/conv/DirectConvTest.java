package org.evoke.tensor.conv;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.Parallel;
import org.evoke.tensor.blas.Gemm;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Activations;
import org.evoke.tensor.testing.TensorAssert;
import org.evoke.tensor.tile.ScalarTiles;
import org.evoke.tensor.tile.ScalarWinograd;
import org.evoke.tensor.tile.TileSweep;
import org.evoke.tensor.tile.Tiles;
import org.evoke.tensor.tile.WinogradTransforms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct convolution swept against the naive definition (im2col, the triple-loop gemm and col2im, in double)
 * on odd shapes: batch 1 and 3, 1x1, 3x3 and 4x4 kernels, stride 2, non-square grids, channel counts that are not
 * multiples of 16, every activation; with the scalar reference tiles on any runtime and with the Vector API tiles
 * where the runtime has them.
 */
class DirectConvTest {
    /** {N, C, F, H, W, kh, kw, sh, sw, pt, pb, pl, pr}. */
    static final int[][] CASES = {
            {3, 4, 64, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2},     // the models' conv1
            {1, 64, 16, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2},    // the student's conv2, batch 1
            {3, 5, 17, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1},     // 3x3, channels not multiples of 16, non-square
            {1, 3, 5, 5, 7, 1, 1, 1, 1, 0, 0, 0, 0},      // 1x1
            {3, 3, 33, 11, 11, 3, 3, 2, 2, 1, 1, 1, 1},   // stride 2 (forward only)
            {2, 17, 70, 4, 5, 2, 3, 1, 1, 0, 1, 2, 0},    // non-square kernel, asymmetric padding, 64 + 16-wide blocks
            {1, 2, 3, 3, 3, 3, 3, 1, 1, 2, 2, 2, 2},      // padding as large as the kernel allows
            {2, 40, 130, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2},   // K = 640 > one reduction block (TileLoop.KC)
            {2, 16, 20, 7, 5, 4, 4, 1, 1, 2, 0, 1, 3},    // Winograd on a 6x6 output, asymmetric padding
            {3, 20, 5, 10, 11, 4, 4, 1, 1, 0, 0, 0, 0},   // Winograd, output 7x8 (not whole 3x3 blocks), dx padded by 3
            {9, 24, 18, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2},    // Winograd split by blocks of rows (81 blocks over the threads)
    };

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static ConvGeometry geometry(int[] c) {
        return ConvGeometry.of(c[1], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12]);
    }

    /** The kernel sets to sweep: scalar and vector tiles, each without and with Winograd transforms. */
    record Kit(Tiles tiles, WinogradTransforms winograd) {
        String describe() {
            return tiles.describe() + (winograd == null ? "" : " + Winograd " + winograd.getClass().getSimpleName());
        }

        DirectConv conv(ConvGeometry g, int f) {
            return new DirectConv(tiles, winograd, g, f);
        }
    }

    static List<Kit> kits() {
        List<Kit> k = new ArrayList<>();
        k.add(new Kit(ScalarTiles.INSTANCE, null));
        k.add(new Kit(ScalarTiles.INSTANCE, ScalarWinograd.INSTANCE));
        if (Kernels.vector()) { // every width, whichever this JVM runs
            for (int bits : Kernels.nativeWidths()) {
                k.add(new Kit(Kernels.vectorTiles(bits), null));
                k.add(new Kit(Kernels.vectorTiles(bits), Kernels.vectorWinograd(bits)));
            }
        }
        return k;
    }

    static List<Tiles> tiles() {
        return TileSweep.tiles();
    }

    /** Winograd's F(3x3, 4x4) is less exact in float32 than the direct sum (1e-6 to 4e-6 on the models' layers). */
    static double tolerance(Kit kit) {
        return kit.winograd() == null ? 1e-5 : 2e-5;
    }

    @Test
    void forwardMatchesTheNaiveConvolution() {
        for (Kit kit : kits()) {
            for (int[] c : CASES) {
                for (Activation act : Activation.values()) {
                    ConvGeometry g = geometry(c);
                    Case k = new Case(c, 11);
                    DirectConv conv = kit.conv(g, c[2]);
                    conv.pack(k.w, 0, k.b, 0);
                    INDArray y = Nd4j.create(DataType.FLOAT, c[0], c[2], g.outH(), g.outW()).assign(99);
                    conv.forward(k.x, y, act, false);
                    TensorAssert.assertClose(kit.describe() + " forward " + act + " " + g, k.forward(act), y, tolerance(kit));
                }
            }
        }
    }

    /** The Winograd path is taken where it should be: 4x4, stride 1, at least 16 input channels. */
    @Test
    void winogradRunsOnTheShapesItSuits() {
        for (int[] c : CASES) {
            ConvGeometry g = geometry(c);
            boolean suits = c[5] == 4 && c[6] == 4 && c[7] == 1 && c[8] == 1 && c[1] >= 16;
            assertTrue(new DirectConv(ScalarTiles.INSTANCE, ScalarWinograd.INSTANCE, g, c[2]).winograd() == suits, g.toString());
        }
    }

    @Test
    void backwardMatchesTheNaiveGradients() {
        for (Kit kit : kits()) {
            for (int[] c : CASES) {
                ConvGeometry g = geometry(c);
                DirectConv conv = kit.conv(g, c[2]);
                if (!conv.computesDataGradient()) {
                    assertTrue(c[7] != 1 || c[8] != 1, "only stride 2 lacks the fast dx here: " + g);
                    continue;
                }
                for (Activation act : Activation.values()) {
                    Case k = new Case(c, 5);
                    conv.pack(k.w, 0, k.b, 0);
                    INDArray y = Nd4j.create(DataType.FLOAT, c[0], c[2], g.outH(), g.outW());
                    conv.forward(k.x, y, act);
                    INDArray dy = Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5);
                    INDArray dW = Nd4j.rand(DataType.FLOAT, k.w.shape()), db = Nd4j.rand(DataType.FLOAT, k.b.shape());
                    INDArray dW0 = dW.dup(), db0 = db.dup();
                    INDArray dx = Nd4j.create(DataType.FLOAT, k.x.shape()).assign(99);
                    conv.backward(dy, y, act, dW, db, dx);
                    INDArray[] ref = k.backward(act, y, dy);
                    String what = kit.describe() + " " + act + " " + g;
                    TensorAssert.assertClose(what + " dW (added to what was there)", ref[0].add(dW0.castTo(DataType.DOUBLE)), dW, 1e-5);
                    TensorAssert.assertClose(what + " db", ref[1].add(db0.castTo(DataType.DOUBLE)), db, 1e-5);
                    TensorAssert.assertClose(what + " dx", ref[2], dx, tolerance(kit));
                }
            }
        }
    }

    /** Every output element is summed by one thread in a fixed order: 1 and 2 threads give identical bits. */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int[] c = CASES[7];
        ConvGeometry g = geometry(c);
        float[][] out = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            Case k = new Case(c, 3);
            DirectConv conv = kits().get(kits().size() - 1).conv(g, c[2]);
            conv.pack(k.w, 0, k.b, 0);
            INDArray y = Nd4j.create(DataType.FLOAT, c[0], c[2], g.outH(), g.outW());
            conv.forward(k.x, y, Activation.RELU);
            INDArray dW = Nd4j.zeros(DataType.FLOAT, k.w.shape()), db = Nd4j.zeros(DataType.FLOAT, c[2]);
            INDArray dx = Nd4j.create(DataType.FLOAT, k.x.shape());
            Nd4j.getRandom().setSeed(8);
            conv.backward(Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5), y, Activation.RELU, dW, db, dx);
            out[threads - 1] = Nd4j.concat(0, y.reshape(-1), dW.reshape(-1), db.reshape(-1), dx.reshape(-1)).toFloatVector();
        }
        assertArrayEquals(out[0], out[1]);
    }

    /**
     * The packed weights follow the version: same version, stale copy kept; new version or overwrite, repacked; and
     * so do the packings made from them (the flipped weights of dx, the Winograd transforms), on every kit.
     */
    @Test
    void repacksWhenTheWeightsChange() {
        for (Kit kit : kits()) {
            for (int[] c : new int[][]{CASES[0], CASES[1]}) {
                ConvGeometry g = geometry(c);
                Case k = new Case(c, 2);
                DirectConv conv = kit.conv(g, c[2]);
                INDArray y = Nd4j.create(DataType.FLOAT, c[0], c[2], g.outH(), g.outW());
                INDArray dy = Nd4j.rand(DataType.FLOAT, y.shape()).subi(0.5), dx = Nd4j.create(DataType.FLOAT, k.x.shape());
                for (int change = 0; change < 3; change++) {
                    if (change == 1) {
                        k.w.muli(-2); // a whole-tensor overwrite without a version bump: caught by the sampled check
                    } else if (change == 2) {
                        k.w.putScalar(new long[]{1, 1, 1, 1}, 5f); // one element: needs the version bump
                    }
                    conv.pack(k.w, change == 2 ? 1 : 0, k.b, 0);
                    conv.forward(k.x, y, Activation.IDENTITY, true);
                    String what = kit.describe() + " " + g + " after change " + change;
                    TensorAssert.assertClose(what + " y", k.forward(Activation.IDENTITY), y, tolerance(kit));
                    conv.backward(dy, y, Activation.IDENTITY, Nd4j.zeros(DataType.FLOAT, k.w.shape()), Nd4j.zeros(DataType.FLOAT, c[2]), dx);
                    TensorAssert.assertClose(what + " dx", k.backward(Activation.IDENTITY, y, dy)[2], dx, tolerance(kit));
                }
            }
        }
    }

    @Test
    void badInputIsExplained() {
        ConvGeometry g = geometry(CASES[0]);
        DirectConv conv = new DirectConv(ScalarTiles.INSTANCE, g, 64);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 9, 9), y = Nd4j.create(DataType.FLOAT, 2, 64, 9, 9);
        assertTrue(assertThrows(IllegalStateException.class, () -> conv.forward(x, y, Activation.RELU)).getMessage().contains("before pack"));
        conv.pack(Nd4j.rand(DataType.FLOAT, 64, 4, 4, 4), 0, Nd4j.rand(DataType.FLOAT, 64), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9), y, Activation.RELU));
        assertTrue(e.getMessage().contains("DirectConv input has shape [2, 3, 9, 9]; expected [*, 4, 9, 9]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> conv.forward(x.castTo(DataType.DOUBLE), y, Activation.RELU));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
    }

    /** One case's random operands and its naive answers in double. */
    static final class Case {
        final int[] c;
        final ConvGeometry g;
        final INDArray x, w, b;

        Case(int[] c, long seed) {
            this.c = c;
            this.g = geometry(c);
            Nd4j.getRandom().setSeed(seed);
            x = Nd4j.rand(DataType.FLOAT, c[0], c[1], c[3], c[4]).subi(0.5);
            w = Nd4j.rand(DataType.FLOAT, c[2], c[1], c[5], c[6]).subi(0.5);
            b = Nd4j.rand(DataType.FLOAT, c[2]).subi(0.5);
        }

        INDArray cols() {
            INDArray cols = Nd4j.create(DataType.DOUBLE, g.patch(), (long) c[0] * g.positions());
            Im2Col.im2colNaive(x.castTo(DataType.DOUBLE), g, cols);
            return cols;
        }

        INDArray forward(Activation act) {
            INDArray rows = Nd4j.create(DataType.DOUBLE, c[2], (long) c[0] * g.positions());
            Gemm.gemmNaive(w.castTo(DataType.DOUBLE).reshape(c[2], g.patch()), cols(), rows, false, false, 1, 0);
            INDArray y = Nd4j.create(DataType.DOUBLE, c[0], c[2], g.outH(), g.outW());
            Activations.biasActivationNchwNaive(rows, b.castTo(DataType.DOUBLE), act, y);
            return y;
        }

        /** {dW, db, dx} in double, given the forward's float output y (for act') and dy. */
        INDArray[] backward(Activation act, INDArray y, INDArray dy) {
            INDArray dRows = Nd4j.create(DataType.DOUBLE, c[2], (long) c[0] * g.positions());
            INDArray db = Nd4j.zeros(DataType.DOUBLE, c[2]);
            Activations.biasActivationNchwBackwardNaive(dy.castTo(DataType.DOUBLE), act == Activation.IDENTITY ? null
                    : y.castTo(DataType.DOUBLE), act, dRows, db);
            INDArray dW = Nd4j.create(DataType.DOUBLE, c[2], g.patch());
            Gemm.gemmNaive(dRows, cols(), dW, false, true, 1, 0);
            INDArray dCols = Nd4j.create(DataType.DOUBLE, g.patch(), (long) c[0] * g.positions());
            Gemm.gemmNaive(w.castTo(DataType.DOUBLE).reshape(c[2], g.patch()), dRows, dCols, true, false, 1, 0);
            INDArray dx = Nd4j.create(DataType.DOUBLE, x.shape());
            Im2Col.col2imNaive(dCols, g, dx);
            return new INDArray[]{dW.reshape(w.shape()), db, dx};
        }
    }
}

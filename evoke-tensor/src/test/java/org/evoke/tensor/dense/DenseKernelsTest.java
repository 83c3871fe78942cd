package org.evoke.tensor.dense;

import org.evoke.tensor.Parallel;
import org.evoke.tensor.blas.Gemm;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.testing.TensorAssert;
import org.evoke.tensor.tile.TileSweep;
import org.evoke.tensor.tile.Tiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The fast linear kernels swept against the triple-loop gemm in double: batches from 1 (the one-row path) past a
 * wide tile and a reduction block, feature counts that are not multiples of 16, every activation, scalar and
 * Vector API tiles.
 */
class DenseKernelsTest {
    /** {N, D, F}. */
    static final int[][] CASES = {{1, 1296, 256}, {1, 5, 3}, {3, 33, 17}, {7, 16, 70}, {13, 100, 64}, {26, 700, 80}, {6, 1, 1}};

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void forwardAndBackwardMatchTheNaiveProducts() {
        for (Tiles tiles : TileSweep.tiles()) {
            for (int[] c : CASES) {
                for (Activation act : Activation.values()) {
                    int n = c[0], d = c[1], f = c[2];
                    Nd4j.getRandom().setSeed(n * 31L + d);
                    INDArray x = Nd4j.rand(DataType.FLOAT, n, d).subi(0.5), w = Nd4j.rand(DataType.FLOAT, f, d).subi(0.5);
                    INDArray b = Nd4j.rand(DataType.FLOAT, f).subi(0.5);
                    DenseKernels k = new DenseKernels(tiles, d, f);
                    k.pack(w, 0, b, 0);
                    INDArray y = Nd4j.create(DataType.FLOAT, n, f).assign(99);
                    k.forward(x, y, act);
                    String what = tiles.describe() + " " + act + " " + n + "x" + d + "->" + f;

                    INDArray xd = x.castTo(DataType.DOUBLE), wd = w.castTo(DataType.DOUBLE);
                    INDArray z = Nd4j.create(DataType.DOUBLE, n, f);
                    Gemm.gemmNaive(xd, wd, z, false, true, 1, 0);
                    INDArray yRef = Nd4j.create(DataType.DOUBLE, n, f);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < f; j++) {
                            yRef.putScalar(i, j, act.apply(z.getDouble(i, j) + b.getDouble(j)));
                        }
                    }
                    TensorAssert.assertClose(what + " y", yRef, y, 1e-5);

                    INDArray dy = Nd4j.rand(DataType.FLOAT, n, f).subi(0.5);
                    INDArray dW = Nd4j.rand(DataType.FLOAT, f, d), db = Nd4j.rand(DataType.FLOAT, f);
                    INDArray dW0 = dW.castTo(DataType.DOUBLE), db0 = db.castTo(DataType.DOUBLE);
                    INDArray dx = Nd4j.create(DataType.FLOAT, n, d).assign(99);
                    k.backward(dy, y, act, dW, db, dx);
                    INDArray dz = Nd4j.create(DataType.DOUBLE, n, f);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < f; j++) {
                            dz.putScalar(i, j, dy.getDouble(i, j) * (act == Activation.IDENTITY ? 1 : act.derivativeFromOutput(y.getDouble(i, j))));
                        }
                    }
                    INDArray dWRef = Nd4j.create(DataType.DOUBLE, f, d), dxRef = Nd4j.create(DataType.DOUBLE, n, d);
                    Gemm.gemmNaive(dz, xd, dWRef, true, false, 1, 0);
                    Gemm.gemmNaive(dz, wd, dxRef, false, false, 1, 0);
                    TensorAssert.assertClose(what + " dW", dWRef.add(dW0), dW, 1e-5);
                    TensorAssert.assertClose(what + " db", dz.sum(0).add(db0), db, 1e-5);
                    TensorAssert.assertClose(what + " dx", dxRef, dx, 1e-5);
                }
            }
        }
    }

    /** The packed weights follow the version (and a whole-tensor overwrite); dx uses the repacked W too. */
    @Test
    void repacksWhenTheWeightsChange() {
        for (Tiles tiles : TileSweep.tiles()) {
            Nd4j.getRandom().setSeed(6);
            INDArray x = Nd4j.rand(DataType.FLOAT, 7, 90).subi(0.5), w = Nd4j.rand(DataType.FLOAT, 70, 90).subi(0.5), b = Nd4j.zeros(DataType.FLOAT, 70);
            DenseKernels k = new DenseKernels(tiles, 90, 70);
            INDArray y = Nd4j.create(DataType.FLOAT, 7, 70), dx = Nd4j.create(DataType.FLOAT, 7, 90), dy = Nd4j.rand(DataType.FLOAT, 7, 70);
            for (int version = 0; version < 3; version++) {
                if (version == 1) {
                    w.muli(-2); // overwritten, version unchanged: the sampled check notices
                } else if (version == 2) {
                    w.putScalar(new long[]{3, 4}, 7f); // one element: the version bump says so
                }
                k.pack(w, version == 2 ? 1 : 0, b, 0);
                k.forward(x, y, Activation.IDENTITY);
                k.backward(dy, y, Activation.IDENTITY, Nd4j.zeros(DataType.FLOAT, 70, 90), Nd4j.zeros(DataType.FLOAT, 70), dx);
                TensorAssert.assertClose(tiles.describe() + " y after change " + version, x.mmul(w.transpose()), y, 1e-5);
                TensorAssert.assertClose(tiles.describe() + " dx after change " + version, dy.mmul(w), dx, 1e-5);
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        float[][] out = new float[2][];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            for (int n : new int[]{1, 26}) {
                Nd4j.getRandom().setSeed(4);
                INDArray x = Nd4j.rand(DataType.FLOAT, n, 700), w = Nd4j.rand(DataType.FLOAT, 80, 700), b = Nd4j.rand(DataType.FLOAT, 80);
                DenseKernels k = new DenseKernels(TileSweep.tiles().get(TileSweep.tiles().size() - 1), 700, 80);
                k.pack(w, 0, b, 0);
                INDArray y = Nd4j.create(DataType.FLOAT, n, 80), dW = Nd4j.zeros(DataType.FLOAT, 80, 700), db = Nd4j.zeros(DataType.FLOAT, 80);
                INDArray dx = Nd4j.create(DataType.FLOAT, n, 700);
                k.forward(x, y, Activation.RELU);
                k.backward(Nd4j.rand(DataType.FLOAT, n, 80), y, Activation.RELU, dW, db, dx);
                float[] v = Nd4j.concat(0, y.reshape(-1), dW.reshape(-1), db.reshape(-1), dx.reshape(-1)).toFloatVector();
                out[threads - 1] = out[threads - 1] == null ? v : concat(out[threads - 1], v);
            }
        }
        assertArrayEquals(out[0], out[1]);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

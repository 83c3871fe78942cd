package org.evoke.tensor.ops;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActivationsTest {
    @Test
    void fusedNchwKernelsMatchNaive() {
        Nd4j.getRandom().setSeed(21); // the same inputs every run
        int[][] shapes = {{1, 64, 9, 9}, {3, 5, 2, 7}, {2, 1, 1, 1}};
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (Activation act : Activation.values()) {
                for (int[] s : shapes) {
                    int n = s[0], f = s[1], p = s[2] * s[3];
                    INDArray rows = Nd4j.rand(dt, f, (long) n * p).subi(0.5);
                    INDArray bias = Nd4j.rand(dt, f).subi(0.5);
                    INDArray fast = Nd4j.create(dt, n, f, s[2], s[3]), ref = Nd4j.create(dt, n, f, s[2], s[3]);
                    Activations.biasActivationNchw(rows, bias, act, fast);
                    Activations.biasActivationNchwNaive(rows, bias, act, ref);
                    TensorAssert.assertClose("forward " + act + " " + dt, ref, fast, 1e-12);

                    INDArray dOut = Nd4j.rand(dt, n, f, s[2], s[3]).subi(0.5);
                    INDArray dRows = Nd4j.create(dt, f, (long) n * p), dRowsRef = Nd4j.create(dt, f, (long) n * p);
                    INDArray db = Nd4j.ones(dt, f), dbRef = Nd4j.ones(dt, f);
                    Activations.biasActivationNchwBackward(dOut, fast, act, dRows, db);
                    Activations.biasActivationNchwBackwardNaive(dOut, fast, act, dRowsRef, dbRef);
                    TensorAssert.assertClose("backward dRows " + act, dRowsRef, dRows, 1e-12);
                    // a sum over up to 81 float products that can cancel: float rounding alone reaches a few 1e-6
                    // relative (the ND4J-only path sums in another order), so float gets 1e-5, double stays at 1e-6
                    TensorAssert.assertClose("backward dBias accumulates " + act + " " + dt, dbRef, db,
                            dt == DataType.FLOAT ? 1e-5 : 1e-6);
                }
            }
        }
    }

    @Test
    void derivativeFromOutputMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(1);
        for (Activation act : Activation.values()) {
            for (int i = 0; i < 200; i++) {
                double z = (r.nextDouble() - 0.5) * 8;
                if (Math.abs(z) < 1e-3) {
                    continue;
                }
                double h = 1e-6;
                double num = (act.apply(z + h) - act.apply(z - h)) / (2 * h);
                assertEquals(num, act.derivativeFromOutput(act.apply(z)), 1e-6, act + " at " + z);
            }
        }
    }

    @Test
    void rowKernelsAndElementwiseAgreeWithDefinition() {
        INDArray y = Nd4j.rand(DataType.DOUBLE, 4, 6).subi(0.5), b = Nd4j.rand(DataType.DOUBLE, 6);
        INDArray expected = y.addRowVector(b);
        for (int i = 0; i < expected.length(); i++) {
            expected.putScalar(i, Activation.SELU.apply(expected.getDouble(i)));
        }
        INDArray got = y.dup();
        Activations.biasActivation(got, b, Activation.SELU);
        TensorAssert.assertClose("biasActivation SELU", expected, got, 1e-14);

        INDArray dy = Nd4j.rand(DataType.DOUBLE, 4, 6), dz = Nd4j.create(DataType.DOUBLE, 4, 6), db = Nd4j.zeros(DataType.DOUBLE, 6);
        Activations.biasActivationBackward(dy, got, Activation.SELU, dz, db);
        INDArray dzRef = Nd4j.create(DataType.DOUBLE, 4, 6);
        Activations.backward(Activation.SELU, got, dy, dzRef);
        TensorAssert.assertClose("dz", dzRef, dz, 1e-14);
        TensorAssert.assertClose("db = column sums", dzRef.sum(0), db, 1e-14);

        INDArray m = Nd4j.rand(DataType.FLOAT, 3, 3), x = Nd4j.rand(DataType.FLOAT, 3, 3), z = Nd4j.create(DataType.FLOAT, 3, 3);
        Activations.multiply(x, m, z);
        TensorAssert.assertClose("multiply", x.mul(m), z, 1e-7);
    }

    /** The float-specialised loops (ReLU, identity) compute what the generic double loops compute on the same values. */
    @Test
    void floatLoopsMatchTheGenericDoubleLoops() {
        for (Activation act : new Activation[]{Activation.RELU, Activation.IDENTITY}) {
            INDArray yf = Nd4j.rand(DataType.FLOAT, 5, 7).subi(0.5f), bf = Nd4j.rand(DataType.FLOAT, 7).subi(0.5f);
            INDArray yd = yf.castTo(DataType.DOUBLE), bd = bf.castTo(DataType.DOUBLE);
            Activations.biasActivation(yf, bf, act);
            Activations.biasActivation(yd, bd, act);
            TensorAssert.assertClose("biasActivation float " + act, yd.castTo(DataType.FLOAT), yf, 1e-7);

            INDArray dyf = Nd4j.rand(DataType.FLOAT, 5, 7).subi(0.5f), dzf = Nd4j.create(DataType.FLOAT, 5, 7);
            INDArray dbf = Nd4j.zeros(DataType.FLOAT, 7), dzd = Nd4j.create(DataType.DOUBLE, 5, 7), dbd = Nd4j.zeros(DataType.DOUBLE, 7);
            Activations.biasActivationBackward(dyf, yf, act, dzf, dbf);
            Activations.biasActivationBackward(dyf.castTo(DataType.DOUBLE), yd, act, dzd, dbd);
            TensorAssert.assertClose("biasActivationBackward float " + act, dzd.castTo(DataType.FLOAT), dzf, 1e-7);
            TensorAssert.assertClose("bias gradient float " + act, dbd.castTo(DataType.FLOAT), dbf, 1e-6);
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 5).subi(0.5f), y = Nd4j.create(DataType.FLOAT, 3, 4, 5);
        INDArray xd = x.castTo(DataType.DOUBLE), ydd = Nd4j.create(DataType.DOUBLE, 3, 4, 5);
        Activations.apply(Activation.RELU, x, y);
        Activations.apply(Activation.RELU, xd, ydd);
        TensorAssert.assertClose("relu float", ydd.castTo(DataType.FLOAT), y, 0);
        INDArray dy = Nd4j.rand(DataType.FLOAT, 3, 4, 5), dx = Nd4j.create(DataType.FLOAT, 3, 4, 5);
        INDArray dxd = Nd4j.create(DataType.DOUBLE, 3, 4, 5);
        Activations.backward(Activation.RELU, y, dy, dx);
        Activations.backward(Activation.RELU, ydd, dy.castTo(DataType.DOUBLE), dxd);
        TensorAssert.assertClose("relu backward float", dxd.castTo(DataType.FLOAT), dx, 0);
        org.junit.jupiter.api.Assertions.assertTrue(y.minNumber().doubleValue() >= 0, "relu output is non-negative");
    }

    /** The raw-memory kernels need compact arrays (the portable path's ND4J operations take views, so it is not asked). */
    @Test
    void stridedViewsAreRefusedClearly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Kernels.portable(), "ND4J operations accept strided views");
        INDArray view = Nd4j.rand(DataType.FLOAT, 4, 4).transpose();
        assertThrows(IllegalArgumentException.class, () -> Activations.apply(Activation.RELU, view, view));
    }
}

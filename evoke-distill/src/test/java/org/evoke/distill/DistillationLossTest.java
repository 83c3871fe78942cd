package org.evoke.distill;

import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistillationLossTest {

    // ---- golden vectors from PyTorch ----

    @Test
    void matchesPyTorchAtThePapersSetting() {
        checkGolden("distill_paper.safetensors", 1.25, 0.25);
    }

    @Test
    void matchesPyTorchAtAHotTemperature() {
        checkGolden("distill_hot.safetensors", 4.0, 0.7);
    }

    private static void checkGolden(String file, double t, double alpha) {
        SafeTensors.Contents g = Golden.load(file);
        assertEquals(t, Double.parseDouble(g.metadata().get("temperature")), file + " temperature");
        assertEquals(alpha, Double.parseDouble(g.metadata().get("alpha")), file + " alpha");
        DistillationLoss.Result r = new DistillationLoss(t, alpha)
                .compute(g.get("student_logits"), g.get("teacher_logits"), g.get("labels"));
        TensorAssert.assertClose(file + " loss", g.get("loss").getDouble(0), r.loss(), 1e-5);
        TensorAssert.assertClose(file + " loss_soft", g.get("loss_soft").getDouble(0), r.soft(), 1e-5);
        TensorAssert.assertClose(file + " loss_hard", g.get("loss_hard").getDouble(0), r.hard(), 1e-5);
        assertEquals(DataType.FLOAT, r.gradient().dataType(), "gradient keeps the input's data type");
        TensorAssert.assertClose(file + " grad_student_logits", g.get("grad_student_logits"), r.gradient(), 1e-4);
    }

    @Test
    void matchesPyTorchOnTheStudentDistillationStep() {
        SafeTensors.Contents g = Golden.load("student_distill_step.safetensors");
        double t = Double.parseDouble(g.metadata().get("temperature"));
        double alpha = Double.parseDouble(g.metadata().get("alpha"));
        assertEquals(1.25, t);
        assertEquals(0.25, alpha);
        DistillationLoss.Result r = new DistillationLoss(t, alpha)
                .compute(g.get("logits"), g.get("teacher_logits"), g.get("labels"));
        TensorAssert.assertClose("student_distill_step loss", g.get("loss").getDouble(0), r.loss(), 1e-5);
    }

    @Test
    void doublePrecisionInputsGiveADoubleGradientEqualToTheFloatOne() {
        SafeTensors.Contents g = Golden.load("distill_paper.safetensors");
        DistillationLoss loss = new DistillationLoss(1.25, 0.25);
        DistillationLoss.Result f = loss.compute(g.get("student_logits"), g.get("teacher_logits"), g.get("labels"));
        DistillationLoss.Result d = loss.compute(g.get("student_logits").castTo(DataType.DOUBLE),
                g.get("teacher_logits").castTo(DataType.DOUBLE), g.get("labels").castTo(DataType.DOUBLE));
        assertEquals(DataType.DOUBLE, d.gradient().dataType());
        // Both read the same float32 values and sum in double: only the gradient's final rounding differs.
        assertEquals(d.loss(), f.loss(), 0.0);
        TensorAssert.assertClose("float vs double gradient", d.gradient(), f.gradient(), 1e-7);
    }

    // ---- the derivative, by central differences in double precision ----

    @Test
    void gradientMatchesCentralDifferencesForSeveralTemperaturesAndAlphas() {
        double[][] settings = {{1.0, 0.0}, {1.0, 1.0}, {1.25, 0.25}, {4.0, 0.7}, {0.5, 0.5}, {10.0, 1.0}, {2.0, 0.0}};
        long seed = 11;
        for (double[] s : settings) {
            double t = s[0];
            double alpha = s[1];
            Random rnd = new Random(seed++);
            int n = 5;
            int c = 3;
            INDArray v = randomLogits(rnd, n, c);
            INDArray z = randomLogits(rnd, n, c);
            INDArray y = randomLabels(rnd, n, c);
            DistillationLoss loss = new DistillationLoss(t, alpha);
            INDArray analytic = loss.compute(v, z, y).gradient();
            double h = 1e-5;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) {
                    double orig = v.getDouble(i, j);
                    v.putScalar(i, j, orig + h);
                    double plus = loss.compute(v, z, y).loss();
                    v.putScalar(i, j, orig - h);
                    double minus = loss.compute(v, z, y).loss();
                    v.putScalar(i, j, orig);
                    double numeric = (plus - minus) / (2 * h);
                    double a = analytic.getDouble(i, j);
                    assertEquals(numeric, a, 1e-8 + 1e-6 * Math.abs(numeric),
                            "dL/dv[" + i + ", " + j + "] at T " + t + ", alpha " + alpha);
                }
            }
        }
    }

    @Test
    void softAndHardPartsEachHaveTheirOwnGradient() {
        // alpha = 1 leaves T (p - q) / N alone, alpha = 0 leaves (sigmoid(v) - Y) / N alone.
        Random rnd = new Random(3);
        INDArray v = randomLogits(rnd, 4, 3);
        INDArray z = randomLogits(rnd, 4, 3);
        INDArray y = randomLabels(rnd, 4, 3);
        double t = 3.0;
        INDArray soft = new DistillationLoss(t, 1.0).compute(v, z, y).gradient();
        INDArray hard = new DistillationLoss(t, 0.0).compute(v, z, y).gradient();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                double p = TemperatureSigmoid.sigmoid(v.getDouble(i, j), t);
                double q = TemperatureSigmoid.sigmoid(z.getDouble(i, j), t);
                assertEquals(t * (p - q) / 4, soft.getDouble(i, j), 1e-15);
                assertEquals((TemperatureSigmoid.sigmoid(v.getDouble(i, j)) - y.getDouble(i, j)) / 4, hard.getDouble(i, j), 1e-15);
            }
        }
        // and the mix is linear in alpha
        INDArray mixed = new DistillationLoss(t, 0.3).compute(v, z, y).gradient();
        TensorAssert.assertClose("0.3 soft + 0.7 hard", soft.mul(0.3).add(hard.mul(0.7)), mixed, 1e-14);
    }

    // ---- the limit claims of docs/distillation.md ----

    @Test
    void softGradientTimesNTendsToAlphaTimesLogitGapOverFourAsTGrows() {
        // T (p - q) = T [sigmoid(v/T) - sigmoid(z/T)] = (v - z)/4 - (v^3 - z^3)/(48 T^2) + O(T^-4),
        // from sigmoid(x) = 1/2 + x/4 - x^3/48 + O(x^5).
        Random rnd = new Random(5);
        int n = 6;
        INDArray v = randomLogits(rnd, n, 3);
        INDArray z = randomLogits(rnd, n, 3);
        INDArray y = randomLabels(rnd, n, 3);
        double alpha = 0.6;
        for (double t : new double[] {50, 200, 1000}) {
            INDArray g = new DistillationLoss(t, alpha).compute(v, z, y).gradient(); // (n, 3)
            INDArray hardOnly = new DistillationLoss(t, 0.0).compute(v, z, y).gradient().mul(1 - alpha);
            INDArray softTimesN = g.sub(hardOnly).mul(n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    double vi = v.getDouble(i, j);
                    double zi = z.getDouble(i, j);
                    double limit = alpha * (vi - zi) / 4;
                    double correction = -alpha * (vi * vi * vi - zi * zi * zi) / (48 * t * t);
                    double got = softTimesN.getDouble(i, j);
                    // the first-order term is reached up to O(1/T^2), and the next term explains the rest
                    assertEquals(limit, got, 2 * Math.abs(correction) + 1e-12, "T " + t);
                    assertEquals(limit + correction, got, 1e-12 + Math.abs(correction) * 1e-2, "T " + t + " with its T^-2 term");
                }
            }
        }
    }

    @Test
    void withoutTheTSquaredFactorTheSoftGradientWouldShrinkLikeOneOverTSquared() {
        // The un-scaled soft gradient is dL1/dv / T^2 = (p - q) / (N T); times T^2 it is (v - z)/(4 N), so
        // T^2 * (p - q)/T approaches a constant while (p - q)/T itself falls by 100 when T grows by 10.
        Random rnd = new Random(9);
        INDArray v = randomLogits(rnd, 3, 3);
        INDArray z = randomLogits(rnd, 3, 3);
        INDArray y = randomLabels(rnd, 3, 3);
        INDArray g100 = new DistillationLoss(100, 1).compute(v, z, y).gradient().div(100.0 * 100.0);
        INDArray g1000 = new DistillationLoss(1000, 1).compute(v, z, y).gradient().div(1000.0 * 1000.0);
        TensorAssert.assertClose("unscaled soft gradient ratio", g100.div(100), g1000, 1e-3);
    }

    @Test
    void softLossGrowsLikeCTSquaredLn2PlusAFiniteLogitMatchingTerm() {
        // T^2 BCE(q, p) = T^2 ln 2 + ((v - z)^2 - z^2)/8 + O(1/T^2): the value of L1 grows with T even though its
        // gradient does not, and what depends on v is the logit-matching term (v - z)^2 / 8.
        Random rnd = new Random(13);
        int n = 4;
        int c = 3;
        INDArray v = randomLogits(rnd, n, c);
        INDArray z = randomLogits(rnd, n, c);
        INDArray y = randomLabels(rnd, n, c);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                double d = v.getDouble(i, j) - z.getDouble(i, j);
                expected += (d * d - z.getDouble(i, j) * z.getDouble(i, j)) / 8;
            }
        }
        expected /= n;
        double t = 300;
        double soft = new DistillationLoss(t, 0.5).compute(v, z, y).soft();
        assertEquals(expected, soft - c * t * t * Math.log(2), 1e-3);
    }

    // ---- numerical safety ----

    @Test
    void hugeLogitsGiveTheExactFiniteLossWhereTheNaiveFormOverflows() {
        INDArray v = Nd4j.createFromArray(new double[][] {{800.0, -800.0}});
        INDArray z = Nd4j.createFromArray(new double[][] {{-800.0, 800.0}});
        INDArray y = Nd4j.createFromArray(new double[][] {{0.0, 1.0}});
        DistillationLoss.Result r = new DistillationLoss(1.0, 0.5).compute(v, z, y);
        // q = (0, 1), p = (1, 0): each BCE is |u| = 800 (the target is wrong by the whole logit)
        assertEquals(2 * 800.0, r.soft(), 1e-9);
        assertEquals(2 * 800.0, r.hard(), 1e-9);
        assertEquals(1600.0, r.loss(), 1e-9);
        assertEquals(0.5 * (1 - 0) + 0.5 * (1 - 0), r.gradient().getDouble(0, 0), 1e-12);
        assertTrue(Double.isInfinite(TemperatureSigmoid.bce(0.0, TemperatureSigmoid.sigmoid(800.0))),
                "the naive log-of-sigmoid form loses this loss");
    }

    // ---- the allocation-free overload ----

    @Test
    void gradOutOverloadWritesIntoTheCallersArrayAndAgreesWithTheAllocatingOne() {
        SafeTensors.Contents g = Golden.load("distill_hot.safetensors");
        DistillationLoss loss = new DistillationLoss(4.0, 0.7);
        INDArray gradOut = Nd4j.valueArrayOf(new long[] {12, 3}, 99f); // stale content must be overwritten
        DistillationLoss.Result r = loss.compute(g.get("student_logits"), g.get("teacher_logits"), g.get("labels"), gradOut);
        assertSame(gradOut, r.gradient());
        DistillationLoss.Result fresh = loss.compute(g.get("student_logits"), g.get("teacher_logits"), g.get("labels"));
        assertEquals(fresh.loss(), r.loss(), 0.0);
        TensorAssert.assertClose("gradOut", fresh.gradient(), gradOut, 0.0);
    }

    @Test
    void inputsThatAreViewsAreReadCorrectly() {
        Random rnd = new Random(21);
        INDArray big = randomLogits(rnd, 8, 3);
        INDArray z = randomLogits(rnd, 3, 3);
        INDArray y = randomLabels(rnd, 3, 3);
        INDArray view = big.get(NDArrayIndex.interval(4, 7), NDArrayIndex.all()); // rows 4..6, offset 12
        INDArray transposedCopy = view.dup('f'); // same values, Fortran order
        DistillationLoss loss = new DistillationLoss(2.0, 0.4);
        DistillationLoss.Result fromView = loss.compute(view, z, y);
        DistillationLoss.Result fromCopy = loss.compute(view.dup('c'), z, y);
        DistillationLoss.Result fromF = loss.compute(transposedCopy, z, y);
        assertEquals(fromCopy.loss(), fromView.loss(), 0.0);
        assertEquals(fromCopy.loss(), fromF.loss(), 0.0);
        TensorAssert.assertClose("view", fromCopy.gradient(), fromView.gradient(), 0.0);
    }

    // ---- bad input ----

    @Test
    void rejectsBadConfigurationWithAMessageNamingIt() {
        assertMessage(() -> new DistillationLoss(0, 0.5), "temperature = 0.0");
        assertMessage(() -> new DistillationLoss(-1, 0.5), "expected a finite T > 0");
        assertMessage(() -> new DistillationLoss(Double.NaN, 0.5), "temperature = NaN");
        assertMessage(() -> new DistillationLoss(Double.POSITIVE_INFINITY, 0.5), "temperature = Infinity");
        assertMessage(() -> new DistillationLoss(1, 1.5), "alpha = 1.5: expected a weight in [0, 1]");
        assertMessage(() -> new DistillationLoss(1, -0.1), "alpha = -0.1");
        assertMessage(() -> new DistillationLoss(1, Double.NaN), "alpha = NaN");
    }

    @Test
    void rejectsBadShapesWithAMessageNamingTheArgumentAndTheExpectedShape() {
        DistillationLoss loss = new DistillationLoss(1.25, 0.25);
        INDArray ok = Nd4j.zeros(DataType.FLOAT, 4, 3);
        assertMessage(() -> loss.compute(Nd4j.zeros(DataType.FLOAT, 12), ok, ok), "studentLogits: expected shape (N, C)");
        assertMessage(() -> loss.compute(ok, Nd4j.zeros(DataType.FLOAT, 4, 2), ok),
                "teacherLogits: expected shape [4, 3] like studentLogits (N, C), got [4, 2]");
        assertMessage(() -> loss.compute(ok, ok, Nd4j.zeros(DataType.FLOAT, 3, 3)),
                "labels: expected shape [4, 3] like studentLogits (N, C), got [3, 3]");
        assertMessage(() -> loss.compute(ok, ok, ok, Nd4j.zeros(DataType.FLOAT, 4, 2)), "gradOut: expected FLOAT [4, 3]");
        assertMessage(() -> loss.compute(ok, ok, ok, Nd4j.zeros(DataType.DOUBLE, 4, 3)), "gradOut: expected FLOAT [4, 3]");
        assertMessage(() -> loss.compute(ok, ok, ok, Nd4j.zeros(DataType.FLOAT, 8, 3).get(NDArrayIndex.interval(4, 8), NDArrayIndex.all())),
                "gradOut: expected a C-ordered array that is not a view");
        assertMessage(() -> loss.compute(Nd4j.zeros(DataType.INT32, 4, 3), ok, ok), "studentLogits: data type INT");
    }

    @Test
    void rejectsNaNsAndLabelsOutsideZeroOneNamingTheElement() {
        DistillationLoss loss = new DistillationLoss(1.25, 0.25);
        INDArray ok = Nd4j.zeros(DataType.FLOAT, 4, 3);
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 4, 3);
        nan.putScalar(2, 1, Float.NaN);
        assertMessage(() -> loss.compute(nan, ok, ok), "studentLogits[2, 1] = NaN: expected finite logits");
        assertMessage(() -> loss.compute(ok, nan, ok), "teacherLogits[2, 1] = NaN");
        assertMessage(() -> loss.compute(ok, ok, nan), "labels[2, 1] = NaN: expected labels in {0, 1}");
        INDArray two = Nd4j.zeros(DataType.FLOAT, 4, 3);
        two.putScalar(3, 2, 2f);
        assertMessage(() -> loss.compute(ok, ok, two), "labels[3, 2] = 2.0: expected labels in {0, 1} (or soft labels in [0, 1])");
        INDArray inf = Nd4j.zeros(DataType.FLOAT, 4, 3);
        inf.putScalar(0, 0, Float.NEGATIVE_INFINITY);
        assertMessage(() -> loss.compute(inf, ok, ok), "studentLogits[0, 0] = -Infinity");
    }

    @Test
    void toStringNamesTheSetting() {
        assertEquals("DistillationLoss(T=1.25, alpha=0.25)", new DistillationLoss(1.25, 0.25).toString());
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
        assertTrue(!e.getMessage().contains("\n"), "one-line message");
    }

    static INDArray randomLogits(Random rnd, int n, int c) {
        double[][] a = new double[n][c];
        for (double[] row : a) {
            for (int j = 0; j < c; j++) {
                row[j] = 3 * rnd.nextGaussian();
            }
        }
        return Nd4j.createFromArray(a);
    }

    static INDArray randomLabels(Random rnd, int n, int c) {
        double[][] a = new double[n][c];
        for (double[] row : a) {
            for (int j = 0; j < c; j++) {
                row[j] = rnd.nextBoolean() ? 1 : 0;
            }
        }
        return Nd4j.createFromArray(a);
    }
}

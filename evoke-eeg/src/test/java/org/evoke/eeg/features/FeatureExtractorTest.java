package org.evoke.eeg.features;

import org.evoke.eeg.deap.DeapReader;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.labels.Comparison;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {
    /**
     * The issue asks for about 1e-6; the filters are bit-identical to SciPy's, so the features agree to about
     * 1e-15 (measured) and a much tighter bound holds.
     */
    static final double GOLDEN_TOL = 1e-12;
    static SafeTensors.Contents golden;
    static DeapSubject s01;

    @BeforeAll
    static void load() {
        golden = Golden.load("deap_s01_features.safetensors");
        s01 = DeapReader.read(Golden.path("deap_s01.dat"));
    }

    @Test
    void torcheegDeMatchesGoldenWithBaselineRemoved() {
        SubjectFeatures f = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE).extract(s01);
        TensorAssert.assertClose("de", golden.get("de"), f.features(), GOLDEN_TOL);
    }

    @Test
    void deWithoutBaselineMatchesGolden() {
        Preset p = Preset.TORCHEEG.withBaseline(Preset.Baseline.NONE);
        SubjectFeatures f = new FeatureExtractor(p, FeatureKind.DE).extract(s01);
        TensorAssert.assertClose("de_no_baseline", golden.get("de_no_baseline"), f.features(), GOLDEN_TOL);
    }

    @Test
    void psdMatchesGolden() {
        SubjectFeatures f = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.PSD).extract(s01);
        TensorAssert.assertClose("psd", golden.get("psd"), f.features(), GOLDEN_TOL);
    }

    @Test
    void labelsAndTrialIndexMatchGolden() {
        SubjectFeatures f = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE).extract(s01);
        TensorAssert.assertClose("labels", golden.get("labels"), f.labels(), 0);
        long[] trial = golden.get("trial").castTo(DataType.LONG).data().asLong();
        assertEquals(trial.length, f.trial().length);
        for (int i = 0; i < trial.length; i++) {
            assertEquals(trial[i], f.trial()[i], "trial of window " + i);
        }
        assertEquals(60, Preset.TORCHEEG.windowsPerTrial(8064));
    }

    @Test
    void strictComparisonTurnsTrial0ValenceOfExactly5Into0() {
        assertEquals(5.0, s01.labels().getDouble(0, 0), 0);
        SubjectFeatures ge = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.PSD).extract(s01);
        SubjectFeatures gt = new FeatureExtractor(Preset.TORCHEEG.withLabelThreshold(5.0, Comparison.GREATER), FeatureKind.PSD)
                .extract(s01);
        assertEquals(1.0, ge.labels().getDouble(0, 0));
        assertEquals(0.0, gt.labels().getDouble(0, 0));
        TensorAssert.assertClose("features do not depend on the label rule", ge.features(), gt.features(), 0);
    }

    @Test
    void torcheeg110VariantMatchesGoldenStdFormulaOnFirstWindow() {
        Preset p = Preset.TORCHEEG_1_1_0.withBaseline(Preset.Baseline.NONE);
        SubjectFeatures f = new FeatureExtractor(p, FeatureKind.DE).extract(s01);
        INDArray first = f.features().get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        TensorAssert.assertClose("de_std_variant", golden.get("de_std_variant"), first, GOLDEN_TOL);
    }

    @Test
    void decnnFollowsItsOwnRecipe() {
        // decnn: order 3, ln, ddof 1, gamma 31-45, whole-trial filtering, baseline = mean DE of the 3 baseline
        // seconds. Reference: the same recipe written out directly with the signal kernels on channel FP1, band gamma.
        SubjectFeatures f = new FeatureExtractor(Preset.DECNN, FeatureKind.DE).extract(s01);
        double[] x = s01.data().get(NDArrayIndex.point(1), NDArrayIndex.point(0), NDArrayIndex.all()).dup().data().asDouble();
        org.evoke.eeg.signal.LinearFilter g = new org.evoke.eeg.signal.LinearFilter(
                org.evoke.eeg.signal.Butterworth.bandpass(3, 31, 45, 128));
        double[] trial = g.apply(java.util.Arrays.copyOfRange(x, 384, 8064));
        double[] base = g.apply(java.util.Arrays.copyOfRange(x, 0, 384));
        double b = 0;
        for (int s = 0; s < 3; s++) {
            b += 0.5 * Math.log(2 * Math.PI * Math.E * var1(base, s * 128, 128));
        }
        b /= 3;
        for (int w : new int[] {0, 17, 59}) {
            double expected = 0.5 * Math.log(2 * Math.PI * Math.E * var1(trial, w * 128, 128)) - b;
            double got = f.features().getDouble(60 + w, 3, ElectrodeGrid.row(0), ElectrodeGrid.column(0));
            assertEquals(expected, got, 1e-12 * Math.abs(expected) + 1e-12, "window " + w);
        }
    }

    @Test
    void rawWindowsAreTheSignalZScoredPerWindowAndChannel() {
        SubjectFeatures f = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.RAW).extract(s01);
        INDArray x = f.features(); // (T*60, 32, 128)
        assertEquals(3, x.rank());
        assertEquals(32, x.size(1));
        assertEquals(128, x.size(2));
        assertEquals(s01.trials() * 60L, x.size(0));
        // reference: the window cut out of the recording with ND4J's own mean and (population) std
        for (int[] twc : new int[][] {{0, 0, 0}, {0, 59, 31}, {1, 7, 13}}) {
            int t = twc[0], w = twc[1], c = twc[2];
            INDArray window = s01.data().get(NDArrayIndex.point(t), NDArrayIndex.point(c),
                    NDArrayIndex.interval(384 + 128 * w, 384 + 128 * (w + 1))).dup();
            double mean = window.meanNumber().doubleValue(), std = window.stdNumber(false).doubleValue();
            INDArray expected = window.sub(mean).div(std);
            INDArray got = x.get(NDArrayIndex.point(t * 60L + w), NDArrayIndex.point(c),
                    NDArrayIndex.all());
            TensorAssert.assertClose("window " + w + " of trial " + t + ", channel " + c, expected, got, 1e-9);
        }
        // labels and trials as for the grid features
        TensorAssert.assertClose("labels", golden.get("labels"), f.labels(), 0);
    }

    @Test
    void aFlatChannelBecomesZerosNotNaN() {
        double[] out = new double[4];
        RawWindows.zscore(new double[] {9, 2, 2, 2, 2, 9}, 1, 4, out, 0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, out);
        RawWindows.zscore(new double[] {1, 3}, 0, 2, out, 2);
        assertArrayEquals(new double[] {0, 0, -1, 1}, out);
    }

    @Test
    void gridCellsWithoutElectrodeStayZero() {
        SubjectFeatures f = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE).extract(s01);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int c = 0; c < 32; c++) {
            used.add(ElectrodeGrid.cell(c));
        }
        for (int cell = 0; cell < 81; cell++) {
            double v = f.features().getDouble(5, 2, cell / 9, cell % 9);
            assertEquals(used.contains(cell), v != 0.0, "cell " + cell);
        }
    }

    @Test
    void halfOverlappingWindowsDoubleTheCountAndAgreeWhereStartsCoincide() {
        Preset half = Preset.TORCHEEG.withWindow(128, 64);
        assertEquals(119, half.windowsPerTrial(8064));
        SubjectFeatures plain = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE).extract(s01);
        SubjectFeatures f = new FeatureExtractor(half, FeatureKind.DE).extract(s01);
        assertEquals(2 * 119, f.features().size(0));
        for (int w : new int[] {0, 10, 59}) {
            // window 2w of the overlapping run starts where window w of the plain run starts
            TensorAssert.assertClose("window " + w, plain.features().slice(60 + w), f.features().slice(119 + 2 * w), 0);
        }
    }

    @Test
    void parallelExtractionOfManySubjectsEqualsSequential() throws Exception {
        FeatureExtractor fx = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE);
        DeapSubject a = random("a", 3, 1), b = random("b", 3, 2);
        INDArray ra = fx.extract(a).features(), rb = fx.extract(b).features();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<INDArray>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                DeapSubject s = i % 2 == 0 ? a : b;
                fs.add(pool.submit(() -> fx.extract(s).features()));
            }
            for (int i = 0; i < 8; i++) {
                TensorAssert.assertClose("run " + i, i % 2 == 0 ? ra : rb, fs.get(i).get(), 0);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsTooFewChannelsOrSamplesOrNaN() {
        FeatureExtractor fx = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE);
        DeapSubject fewChannels = new DeapSubject("s99", Nd4j.zeros(DataType.DOUBLE, 2, 31, 8064), Nd4j.zeros(DataType.DOUBLE, 2, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fx.extract(fewChannels));
        assertTrue(e.getMessage().contains("s99") && e.getMessage().contains("31 channels"), e.getMessage());
        DeapSubject short_ = new DeapSubject("s98", Nd4j.zeros(DataType.DOUBLE, 2, 40, 500), Nd4j.zeros(DataType.DOUBLE, 2, 4));
        e = assertThrows(IllegalArgumentException.class, () -> fx.extract(short_));
        assertTrue(e.getMessage().contains("s98") && e.getMessage().contains("512"), e.getMessage());
        DeapSubject nan = random("s97", 1, 3);
        nan.data().putScalar(new long[] {0, 5, 1000}, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> fx.extract(nan));
        assertTrue(e.getMessage().contains("s97") && e.getMessage().contains("channel 5"), e.getMessage());
    }

    static double var1(double[] x, int off, int n) {
        double m = 0;
        for (int i = off; i < off + n; i++) {
            m += x[i];
        }
        m /= n;
        double s = 0;
        for (int i = off; i < off + n; i++) {
            s += (x[i] - m) * (x[i] - m);
        }
        return s / (n - 1);
    }

    static DeapSubject random(String id, int trials, long seed) {
        Random rnd = new Random(seed);
        double[] d = new double[trials * 40 * 8064];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * 10;
        }
        double[] l = new double[trials * 4];
        for (int i = 0; i < l.length; i++) {
            l[i] = 1 + 8 * rnd.nextDouble();
        }
        return new DeapSubject(id, Nd4j.create(d, new long[] {trials, 40, 8064}, DataType.DOUBLE),
                Nd4j.create(l, new long[] {trials, 4}, DataType.DOUBLE));
    }
}

package org.evoke.distill.metrics;

import org.evoke.distill.TemperatureSigmoid;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultiLabelMetricsTest {

    /**
     * Builds (truth, predicted) columns with exactly the given counts per label, in a scrambled row order, so the
     * expected metrics follow from the counts alone.
     */
    private static INDArray[] withCounts(long[][] tpFpFnTn, long seed) {
        int l = tpFpFnTn.length;
        int n = (int) (tpFpFnTn[0][0] + tpFpFnTn[0][1] + tpFpFnTn[0][2] + tpFpFnTn[0][3]);
        double[][] truth = new double[n][l];
        double[][] pred = new double[n][l];
        Random rnd = new Random(seed);
        for (int j = 0; j < l; j++) {
            int[] order = permutation(n, rnd);
            int r = 0;
            long[] c = tpFpFnTn[j];
            for (int kind = 0; kind < 4; kind++) {
                for (long m = 0; m < c[kind]; m++, r++) {
                    int row = order[r];
                    truth[row][j] = (kind == 0 || kind == 2) ? 1 : 0; // tp, fn have label 1
                    pred[row][j] = (kind == 0 || kind == 1) ? 1 : 0; // tp, fp are predicted 1
                }
            }
        }
        return new INDArray[] {Nd4j.createFromArray(truth), Nd4j.createFromArray(pred)};
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    @Test
    void perLabelAccuracyAndF1FollowFromTheConfusionCounts() {
        long[][] counts = {{3, 1, 2, 4}, {5, 0, 0, 5}, {1, 3, 4, 2}}; // valence, arousal, dominance; 10 samples each
        INDArray[] tp = withCounts(counts, 1);
        MultiLabelMetrics m = MultiLabelMetrics.fromPredictedLabels(tp[1], tp[0]);
        assertEquals(MultiLabelMetrics.VAD, m.labelNames());
        assertEquals(10, m.sampleCount());
        double accSum = 0;
        double f1Sum = 0;
        long[] pooled = new long[4];
        for (int j = 0; j < 3; j++) {
            long[] c = counts[j];
            assertEquals(new MultiLabelMetrics.Confusion(c[0], c[1], c[2], c[3]), m.confusion(j));
            double acc = (double) (c[0] + c[3]) / 10;
            double precision = (double) c[0] / (c[0] + c[1]);
            double recall = (double) c[0] / (c[0] + c[2]);
            double f1 = 2 * precision * recall / (precision + recall);
            assertEquals(acc, m.accuracy(j), 1e-15, "accuracy of " + m.labelNames().get(j));
            assertEquals(f1, m.f1(j), 1e-15, "F1 of " + m.labelNames().get(j));
            assertEquals(precision, m.confusion(j).precision(), 1e-15);
            assertEquals(recall, m.confusion(j).recall(), 1e-15);
            accSum += acc;
            f1Sum += f1;
            for (int k = 0; k < 4; k++) {
                pooled[k] += c[k];
            }
        }
        assertEquals(accSum / 3, m.meanAccuracy(), 1e-15);
        assertEquals(f1Sum / 3, m.macroF1(), 1e-15);
        assertEquals(2.0 * pooled[0] / (2 * pooled[0] + pooled[1] + pooled[2]), m.microF1(), 1e-15);
        assertEquals(new MultiLabelMetrics.Confusion(pooled[0], pooled[1], pooled[2], pooled[3]), m.pooled());
    }

    @Test
    void exactMatchCountsRowsWithEveryLabelRight() {
        INDArray[] tp = withCounts(new long[][] {{3, 1, 2, 4}, {5, 0, 0, 5}, {1, 3, 4, 2}}, 2);
        double[][] y = tp[0].toDoubleMatrix();
        double[][] h = tp[1].toDoubleMatrix();
        int rowsRight = 0;
        for (int i = 0; i < y.length; i++) {
            if (java.util.Arrays.equals(y[i], h[i])) {
                rowsRight++;
            }
        }
        MultiLabelMetrics m = MultiLabelMetrics.fromPredictedLabels(tp[1], tp[0]);
        assertEquals(rowsRight, m.exactMatches());
        assertEquals(rowsRight / (double) y.length, m.exactMatch(), 1e-15);
        assertTrue(m.exactMatch() <= m.meanAccuracy(), "every exact match is right on every label");
    }

    @Test
    void labelWithNoPositivesAnywhereHasF1ZeroAsScikitLearnsZeroDivisionZero() {
        // label 0: all negative, all predicted negative (TP + FP + FN = 0); label 1: no true positives, 2 predicted
        long[][] counts = {{0, 0, 0, 6}, {0, 2, 0, 4}, {2, 0, 1, 3}};
        INDArray[] tp = withCounts(counts, 3);
        MultiLabelMetrics m = MultiLabelMetrics.fromPredictedLabels(tp[1], tp[0]);
        assertEquals(1.0, m.accuracy(0), 0.0, "a label that never occurs and is never predicted is all right");
        assertEquals(0.0, m.f1(0), 0.0, "F1 is 0 when TP + FP + FN = 0 (zero_division=0)");
        assertEquals(0.0, m.confusion(0).precision(), 0.0);
        assertEquals(0.0, m.confusion(0).recall(), 0.0);
        assertEquals(0.0, m.f1(1), 0.0);
        assertEquals(0.0, m.confusion(1).recall(), 0.0, "no true positives: recall is 0");
        double f1Label2 = 2.0 * 2 / (2 * 2 + 0 + 1);
        assertEquals((0 + 0 + f1Label2) / 3, m.macroF1(), 1e-15, "macro F1 counts the zeros");
        assertEquals(2.0 * 2 / (2 * 2 + 2 + 1), m.microF1(), 1e-15);
    }

    @Test
    void everythingNegativeGivesMicroF1ZeroAndFullAccuracy() {
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 4, 3);
        MultiLabelMetrics m = MultiLabelMetrics.fromPredictedLabels(zeros, zeros);
        assertEquals(1.0, m.meanAccuracy(), 0.0);
        assertEquals(1.0, m.exactMatch(), 0.0);
        assertEquals(0.0, m.microF1(), 0.0);
        assertEquals(0.0, m.macroF1(), 0.0);
    }

    @Test
    void logitsAndProbabilitiesPathsAgree() {
        Random rnd = new Random(7);
        int n = 200;
        double[][] logits = new double[n][3];
        double[][] labels = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                logits[i][j] = 2 * rnd.nextGaussian();
                labels[i][j] = rnd.nextDouble() < 0.6 ? 1 : 0;
            }
        }
        logits[0][0] = 0.0; // on the threshold: sigmoid(0) = 0.5 exactly, positive in both paths
        INDArray v = Nd4j.createFromArray(logits);
        INDArray y = Nd4j.createFromArray(labels);
        MultiLabelMetrics fromLogits = MultiLabelMetrics.fromLogits(v, y);
        MultiLabelMetrics fromProbs = MultiLabelMetrics.fromProbabilities(TemperatureSigmoid.sigmoid(v, 1.0), y);
        assertEquals(fromLogits.asMap(), fromProbs.asMap());
        for (int j = 0; j < 3; j++) {
            assertEquals(fromLogits.confusion(j), fromProbs.confusion(j));
        }
        // and in float32
        MultiLabelMetrics fromFloat = MultiLabelMetrics.fromProbabilities(
                TemperatureSigmoid.sigmoid(v.castTo(DataType.FLOAT), 1.0), y.castTo(DataType.FLOAT));
        assertEquals(fromLogits.asMap(), fromFloat.asMap());
        INDArray predicted = Nd4j.createFromArray(logits).gte(0).castTo(DataType.DOUBLE);
        assertEquals(fromLogits.asMap(), MultiLabelMetrics.fromPredictedLabels(predicted, y).asMap());
    }

    @Test
    void mergingTwoBatchesEqualsEvaluatingTheirUnion() {
        INDArray[] tp = withCounts(new long[][] {{3, 1, 2, 4}, {5, 0, 0, 5}, {1, 3, 4, 2}}, 4);
        MultiLabelMetrics whole = MultiLabelMetrics.fromPredictedLabels(tp[1], tp[0]);
        MultiLabelMetrics a = MultiLabelMetrics.fromPredictedLabels(tp[1].get(NDArrayIndex.interval(0, 6), NDArrayIndex.all()),
                tp[0].get(NDArrayIndex.interval(0, 6), NDArrayIndex.all()));
        MultiLabelMetrics b = MultiLabelMetrics.fromPredictedLabels(tp[1].get(NDArrayIndex.interval(6, 10), NDArrayIndex.all()),
                tp[0].get(NDArrayIndex.interval(6, 10), NDArrayIndex.all()));
        MultiLabelMetrics merged = a.merge(b);
        assertEquals(whole.asMap(), merged.asMap());
        assertEquals(whole.sampleCount(), merged.sampleCount());
        assertEquals(whole.exactMatches(), merged.exactMatches());
    }

    @Test
    void reportNamesEveryMetricAndSaysWhichIsThePapersAccuracy() {
        INDArray[] tp = withCounts(new long[][] {{3, 1, 2, 4}, {5, 0, 0, 5}, {1, 3, 4, 2}}, 5);
        MultiLabelMetrics m = MultiLabelMetrics.fromPredictedLabels(tp[1], tp[0]);
        assertEquals(List.of("accuracy.valence", "accuracy.arousal", "accuracy.dominance", "f1.valence", "f1.arousal",
                "f1.dominance", "mean_accuracy", "macro_f1", "micro_f1", "exact_match"), List.copyOf(m.asMap().keySet()));
        String table = m.toString();
        assertTrue(table.contains("mean accuracy (the paper's accuracy)"), table);
        assertTrue(table.contains("dominance"), table);
        MultiLabelMetrics renamed = MultiLabelMetrics.fromPredictedLabels(Nd4j.zeros(2, 2), Nd4j.zeros(2, 2));
        assertEquals(List.of("label0", "label1"), renamed.labelNames());
        assertEquals(List.of("a", "b"), renamed.withNames(List.of("a", "b")).labelNames());
    }

    @Test
    void rejectsBadInputWithAMessageNamingIt() {
        INDArray y = Nd4j.zeros(4, 3);
        assertMessage(() -> MultiLabelMetrics.fromLogits(Nd4j.zeros(4, 2), y),
                "logits: expected shape [4, 3] like labels (N, L), got [4, 2]");
        assertMessage(() -> MultiLabelMetrics.fromLogits(Nd4j.zeros(0, 3), Nd4j.zeros(0, 3)), "labels: expected shape (N, L) with N, L >= 1");
        INDArray half = Nd4j.zeros(4, 3);
        half.putScalar(1, 2, 0.5);
        assertMessage(() -> MultiLabelMetrics.fromLogits(Nd4j.zeros(4, 3), half), "labels[1, 2] = 0.5: expected 0 or 1");
        INDArray big = Nd4j.zeros(4, 3);
        big.putScalar(3, 0, 1.5);
        assertMessage(() -> MultiLabelMetrics.fromProbabilities(big, y), "probabilities[3, 0] = 1.5: expected a probability in [0, 1]");
        INDArray nan = Nd4j.zeros(4, 3);
        nan.putScalar(2, 1, Double.NaN);
        assertMessage(() -> MultiLabelMetrics.fromLogits(nan, y), "logits[2, 1] is NaN");
        assertMessage(() -> MultiLabelMetrics.fromPredictedLabels(big, y), "predictedLabels[3, 0] = 1.5: expected 0 or 1");
        MultiLabelMetrics m = MultiLabelMetrics.fromLogits(Nd4j.zeros(4, 3), y);
        assertMessage(() -> m.withNames(List.of("a")), "labelNames: expected 3 names, got 1");
        assertMessage(() -> m.merge(MultiLabelMetrics.fromLogits(Nd4j.zeros(4, 2), Nd4j.zeros(4, 2))), "merge: expected labels");
        assertMessage(() -> new MultiLabelMetrics.Confusion(-1, 0, 0, 0), "confusion counts must be >= 0");
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
}

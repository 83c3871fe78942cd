package org.evoke.distill.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics for multi-label binary output (EVOKE: 3 labels, valence, arousal, dominance), from the
 * confusion counts of each label.
 *
 * <p>A prediction is positive when its probability is at least 1/2, which is the same as its logit being at least
 * 0, so {@link #fromProbabilities} and {@link #fromLogits} agree (except where a float sigmoid rounds a logit a
 * hair below 0 up to exactly 0.5).
 *
 * <p>What is reported, for L labels and N samples:
 * <ul>
 *   <li>per label: the {@link Confusion} counts, accuracy (TP + TN) / N and F1 = 2 TP / (2 TP + FP + FN);</li>
 *   <li>{@link #meanAccuracy()}: the mean of the per-label accuracies. <b>This is the paper's "accuracy"</b> (EVOKE
 *       reports one accuracy for its three binary labels: their mean, which equals 1 - Hamming loss);</li>
 *   <li>{@link #macroF1()}: the mean of the per-label F1 (scikit-learn's {@code average='macro'});</li>
 *   <li>{@link #microF1()}: F1 of the pooled counts, 2 sum TP / (2 sum TP + sum FP + sum FN)
 *       ({@code average='micro'});</li>
 *   <li>{@link #exactMatch()}: the fraction of samples with every label right (scikit-learn's
 *       {@code accuracy_score} on multi-label input, "subset accuracy").</li>
 * </ul>
 *
 * <p><b>Zero division.</b> When a label has no true and no predicted positives (TP + FP + FN = 0), its F1 is 0,
 * as scikit-learn's {@code f1_score(..., zero_division=0)} defines it; precision with no predicted positives and
 * recall with no true positives are 0 the same way. A perfect classifier on a label that never occurs therefore
 * scores F1 0 on that label, and macro F1 counts that 0.
 *
 * <p>Immutable; {@link #merge} pools the counts of two batches of the same labels.
 */
public final class MultiLabelMetrics {
    /** The EVOKE label names, in column order. */
    public static final List<String> VAD = List.of("valence", "arousal", "dominance");

    private final List<String> names; // (L)
    private final List<Confusion> confusions; // (L)
    private final long samples; // N
    private final long exactMatches; // samples with all L labels right

    /**
     * The confusion counts of one label.
     *
     * @param tp true positives (label 1, predicted 1)
     * @param fp false positives (label 0, predicted 1)
     * @param fn false negatives (label 1, predicted 0)
     * @param tn true negatives (label 0, predicted 0)
     */
    public record Confusion(long tp, long fp, long fn, long tn) {
        public Confusion {
            if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
                throw new IllegalArgumentException("confusion counts must be >= 0, got tp " + tp + ", fp " + fp
                        + ", fn " + fn + ", tn " + tn);
            }
        }

        public long total() {
            return tp + fp + fn + tn;
        }

        /** (TP + TN) / total; 0 for no samples. */
        public double accuracy() {
            return ratio(tp + tn, total());
        }

        /** TP / (TP + FP); 0 when nothing was predicted positive. */
        public double precision() {
            return ratio(tp, tp + fp);
        }

        /** TP / (TP + FN); 0 when there are no true positives to find. */
        public double recall() {
            return ratio(tp, tp + fn);
        }

        /** 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall; 0 when TP + FP + FN = 0. */
        public double f1() {
            return ratio(2 * tp, 2 * tp + fp + fn);
        }

        Confusion plus(Confusion o) {
            return new Confusion(tp + o.tp, fp + o.fp, fn + o.fn, tn + o.tn);
        }
    }

    private MultiLabelMetrics(List<String> names, List<Confusion> confusions, long samples, long exactMatches) {
        this.names = names;
        this.confusions = confusions;
        this.samples = samples;
        this.exactMatches = exactMatches;
    }

    /**
     * From probabilities (N, L) in [0, 1] and hard labels (N, L) in {0, 1}: positive when p &gt;= 0.5. Label
     * names are {@link #VAD} when L = 3, else {@code label0, label1, ...}.
     */
    public static MultiLabelMetrics fromProbabilities(INDArray probabilities, INDArray labels) {
        double[] p = flat(probabilities, labels, "probabilities"); // (N * L)
        boolean[] predicted = new boolean[p.length];
        for (int k = 0; k < p.length; k++) {
            if (!(p[k] >= 0 && p[k] <= 1)) {
                throw new IllegalArgumentException(element("probabilities", k, labels.size(1)) + " = " + p[k]
                        + ": expected a probability in [0, 1]");
            }
            predicted[k] = p[k] >= 0.5;
        }
        return fromPredictions(predicted, labels);
    }

    /** From logits (N, L) and hard labels (N, L) in {0, 1}: positive when the logit is &gt;= 0 (sigmoid &gt;= 0.5). */
    public static MultiLabelMetrics fromLogits(INDArray logits, INDArray labels) {
        double[] v = flat(logits, labels, "logits"); // (N * L)
        boolean[] predicted = new boolean[v.length];
        for (int k = 0; k < v.length; k++) {
            if (Double.isNaN(v[k])) {
                throw new IllegalArgumentException(element("logits", k, labels.size(1)) + " is NaN: expected a logit");
            }
            predicted[k] = v[k] >= 0;
        }
        return fromPredictions(predicted, labels);
    }

    /** From predicted labels (N, L) in {0, 1} and hard labels (N, L) in {0, 1}. */
    public static MultiLabelMetrics fromPredictedLabels(INDArray predictedLabels, INDArray labels) {
        double[] h = flat(predictedLabels, labels, "predictedLabels"); // (N * L)
        boolean[] predicted = new boolean[h.length];
        for (int k = 0; k < h.length; k++) {
            if (h[k] != 0 && h[k] != 1) {
                throw new IllegalArgumentException(element("predictedLabels", k, labels.size(1)) + " = " + h[k]
                        + ": expected 0 or 1");
            }
            predicted[k] = h[k] == 1;
        }
        return fromPredictions(predicted, labels);
    }

    private static MultiLabelMetrics fromPredictions(boolean[] predicted, INDArray labels) {
        int n = (int) labels.size(0);
        int l = (int) labels.size(1);
        double[] y = labels.dup('c').data().asDouble(); // (N * L)
        long[][] counts = new long[l][4]; // per label: tp, fp, fn, tn
        long exact = 0;
        for (int i = 0; i < n; i++) {
            boolean allRight = true;
            for (int j = 0; j < l; j++) {
                int k = i * l + j;
                if (y[k] != 0 && y[k] != 1) {
                    throw new IllegalArgumentException(element("labels", k, l) + " = " + y[k] + ": expected 0 or 1");
                }
                boolean truth = y[k] == 1;
                counts[j][truth ? (predicted[k] ? 0 : 2) : (predicted[k] ? 1 : 3)]++;
                allRight &= truth == predicted[k];
            }
            if (allRight) {
                exact++;
            }
        }
        List<Confusion> confusions = new ArrayList<>(l);
        for (long[] c : counts) {
            confusions.add(new Confusion(c[0], c[1], c[2], c[3]));
        }
        return new MultiLabelMetrics(defaultNames(l), Collections.unmodifiableList(confusions), n, exact);
    }

    /** The same metrics under other label names (for example for a dataset whose labels are not V, A, D). */
    public MultiLabelMetrics withNames(List<String> labelNames) {
        if (labelNames.size() != names.size()) {
            throw new IllegalArgumentException("labelNames: expected " + names.size() + " names, got " + labelNames.size());
        }
        return new MultiLabelMetrics(List.copyOf(labelNames), confusions, samples, exactMatches);
    }

    /** Pools the counts of two evaluations of the same labels (for example two batches). */
    public MultiLabelMetrics merge(MultiLabelMetrics other) {
        if (!other.names.equals(names)) {
            throw new IllegalArgumentException("merge: expected labels " + names + ", got " + other.names);
        }
        List<Confusion> pooled = new ArrayList<>(names.size());
        for (int j = 0; j < names.size(); j++) {
            pooled.add(confusions.get(j).plus(other.confusions.get(j)));
        }
        return new MultiLabelMetrics(names, Collections.unmodifiableList(pooled), samples + other.samples,
                exactMatches + other.exactMatches);
    }

    public int labelCount() {
        return names.size();
    }

    public long sampleCount() {
        return samples;
    }

    public List<String> labelNames() {
        return names;
    }

    /** The confusion counts of label {@code j} (column j). */
    public Confusion confusion(int j) {
        return confusions.get(j);
    }

    /** The per-label counts summed over labels (what micro averaging uses). */
    public Confusion pooled() {
        Confusion sum = new Confusion(0, 0, 0, 0);
        for (Confusion c : confusions) {
            sum = sum.plus(c);
        }
        return sum;
    }

    /** Accuracy of label {@code j}. */
    public double accuracy(int j) {
        return confusions.get(j).accuracy();
    }

    /** F1 of label {@code j} (0 when it has no true and no predicted positives). */
    public double f1(int j) {
        return confusions.get(j).f1();
    }

    /** The mean of the per-label accuracies: <b>the paper's "accuracy"</b>. Equals 1 - Hamming loss. */
    public double meanAccuracy() {
        return confusions.stream().mapToDouble(Confusion::accuracy).average().orElseThrow();
    }

    /** The mean of the per-label F1 scores (scikit-learn's macro F1, zero_division=0). */
    public double macroF1() {
        return confusions.stream().mapToDouble(Confusion::f1).average().orElseThrow();
    }

    /** F1 of the counts pooled over labels (scikit-learn's micro F1, zero_division=0). */
    public double microF1() {
        return pooled().f1();
    }

    /** The fraction of samples whose every label is right (subset accuracy). */
    public double exactMatch() {
        return ratio(exactMatches, samples);
    }

    /** The number of samples whose every label is right. */
    public long exactMatches() {
        return exactMatches;
    }

    /**
     * Every metric by name, in a fixed order, for reports: {@code accuracy.<label>}, {@code f1.<label>},
     * {@code mean_accuracy}, {@code macro_f1}, {@code micro_f1}, {@code exact_match}.
     */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) {
            m.put("accuracy." + names.get(j), accuracy(j));
        }
        for (int j = 0; j < names.size(); j++) {
            m.put("f1." + names.get(j), f1(j));
        }
        m.put("mean_accuracy", meanAccuracy());
        m.put("macro_f1", macroF1());
        m.put("micro_f1", microF1());
        m.put("exact_match", exactMatch());
        return m;
    }

    /** A small table: one row per label with its counts, accuracy and F1, then the summary metrics. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format("%-10s %6s %6s %6s %6s %9s %7s%n", "label", "TP", "FP", "FN",
                "TN", "accuracy", "F1"));
        for (int j = 0; j < names.size(); j++) {
            Confusion c = confusions.get(j);
            s.append(String.format("%-10s %6d %6d %6d %6d %9.4f %7.4f%n", names.get(j), c.tp(), c.fp(), c.fn(), c.tn(),
                    c.accuracy(), c.f1()));
        }
        s.append(String.format("mean accuracy (the paper's accuracy) %.4f, macro F1 %.4f, micro F1 %.4f, "
                + "exact match %.4f (%d samples)", meanAccuracy(), macroF1(), microF1(), exactMatch(), samples));
        return s.toString();
    }

    private static double[] flat(INDArray scores, INDArray labels, String what) {
        if (labels.rank() != 2 || labels.size(0) == 0 || labels.size(1) == 0) {
            throw new IllegalArgumentException("labels: expected shape (N, L) with N, L >= 1, got "
                    + Arrays.toString(labels.shape()));
        }
        if (!Arrays.equals(scores.shape(), labels.shape())) {
            throw new IllegalArgumentException(what + ": expected shape " + Arrays.toString(labels.shape())
                    + " like labels (N, L), got " + Arrays.toString(scores.shape()));
        }
        return scores.dup('c').data().asDouble();
    }

    private static List<String> defaultNames(int l) {
        if (l == VAD.size()) {
            return VAD;
        }
        List<String> names = new ArrayList<>(l);
        for (int j = 0; j < l; j++) {
            names.add("label" + j);
        }
        return Collections.unmodifiableList(names);
    }

    private static String element(String what, int k, long cols) {
        return what + "[" + (k / cols) + ", " + (k % cols) + "]";
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0.0 : (double) num / den;
    }
}

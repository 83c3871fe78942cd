package org.evoke.distill.train;

import org.evoke.distill.metrics.MultiLabelMetrics;
import org.evoke.nn.Model;
import org.evoke.nn.loss.BCEWithLogits;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Inference over index sets of a {@link TrainingData}: logits in batches (dropout off), the BCE on the hard labels
 * and the multi-label metrics.
 *
 * @param loss    BCE on the hard labels (sum over labels, mean over samples)
 * @param metrics every metric of {@link MultiLabelMetrics#asMap()}
 */
public record Evaluation(double loss, Map<String, Double> metrics) implements java.io.Serializable {

    /** Evaluates {@code model} on {@code rows}. */
    public static Evaluation of(Model model, TrainingData data, int[] rows, int batchSize) {
        INDArray logits = logits(model, data, rows, batchSize); // (n, 3)
        return of(logits, gatherLabels(data, rows));
    }

    /** Evaluates given logits (n, 3) against hard labels (n, 3). */
    public static Evaluation of(INDArray logits, INDArray labels) {
        double loss = new BCEWithLogits().forward(logits, labels);
        return new Evaluation(loss, MultiLabelMetrics.fromLogits(logits, labels).asMap());
    }

    /** The inference logits of {@code rows}, (rows.length, 3), in the order of {@code rows}; a new array. */
    public static INDArray logits(Model model, TrainingData data, int[] rows, int batchSize) {
        data.requireRows(rows, "rows");
        int l = 3;
        INDArray out = Nd4j.create(DataType.FLOAT, rows.length, l);
        FloatBuffer o = out.data().asNioFloat();
        Batches b = new Batches(data, null);
        for (int from = 0; from < rows.length; from += batchSize) {
            int count = Math.min(batchSize, rows.length - from);
            b.gather(rows, from, count, batchSize);
            INDArray v = model.forward(b.x(), false); // (count, 3), the model's buffer
            o.put(from * l, v.data().asNioFloat(), 0, count * l);
        }
        return out;
    }

    /**
     * A teacher's logits for {@code rows}, scattered into an (N, 3) array at those rows (zeros elsewhere): the form
     * {@link Objective.Distillation} takes.
     */
    public static INDArray logitsByRow(Model teacher, TrainingData data, int[] rows, int batchSize) {
        INDArray v = logits(teacher, data, rows, batchSize);
        INDArray out = Nd4j.create(DataType.FLOAT, data.size(), 3);
        FloatBuffer src = v.data().asNioFloat(), dst = out.data().asNioFloat();
        for (int i = 0; i < rows.length; i++) {
            dst.put(rows[i] * 3, src, i * 3, 3);
        }
        return out;
    }

    /** The labels of {@code rows}, (rows.length, L). */
    public static INDArray gatherLabels(TrainingData data, int[] rows) {
        data.requireRows(rows, "rows");
        int l = data.labelCount();
        INDArray out = Nd4j.create(DataType.FLOAT, rows.length, l);
        FloatBuffer src = data.labels().data().asNioFloat(), dst = out.data().asNioFloat();
        for (int i = 0; i < rows.length; i++) {
            dst.put(i * l, src, rows[i] * l, l);
        }
        return out;
    }

    /**
     * The majority-class baseline: the mean per-label accuracy on {@code test} of always predicting each label's
     * more frequent value on {@code train} (high on a tie). The floor a model must clear to have learnt anything.
     */
    public static double majorityBaseline(TrainingData data, int[] train, int[] test) {
        INDArray ytr = gatherLabels(data, train), yte = gatherLabels(data, test);
        int l = data.labelCount();
        double acc = 0;
        for (int j = 0; j < l; j++) {
            boolean high = ytr.getColumn(j).meanNumber().doubleValue() >= 0.5;
            double pos = yte.getColumn(j).meanNumber().doubleValue();
            acc += high ? pos : 1 - pos;
        }
        return acc / l;
    }
}

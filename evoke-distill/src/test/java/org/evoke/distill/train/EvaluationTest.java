package org.evoke.distill.train;

import org.evoke.distill.metrics.MultiLabelMetrics;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvaluationTest {

    @Test
    void batchedLogitsEqualOneForwardOverTheSameRows() {
        TrainingData d = Fixtures.learnable(30, 1);
        Model m = Models.evokeStudent(2);
        int[] rows = {29, 3, 4, 17, 0, 8, 12};
        INDArray batched = Evaluation.logits(m, d, rows, 3); // batches of 3, 3 and 1
        INDArray x = d.features().reshape(30, 324).getRows(rows).reshape(rows.length, 4, 9, 9);
        INDArray whole = Models.evokeStudent(2).predict(x);
        assertEquals(0.0, batched.sub(whole).norm2Number().doubleValue(), 1e-5);
    }

    @Test
    void logitsByRowPlacesEachRowsLogitsAtItsIndex() {
        TrainingData d = Fixtures.learnable(10, 1);
        Model m = Models.evokeStudent(2);
        INDArray z = Evaluation.logitsByRow(m, d, new int[] {7, 2}, 4);
        INDArray direct = Evaluation.logits(m, d, new int[] {2, 7}, 4);
        assertEquals(direct.getRow(0), z.getRow(2));
        assertEquals(direct.getRow(1), z.getRow(7));
        assertEquals(0.0, z.get(NDArrayIndex.interval(3, 7), NDArrayIndex.all()).sumNumber().doubleValue());
    }

    @Test
    void metricsAndLossAreThoseOfTheLogits() {
        TrainingData d = Fixtures.learnable(12, 4);
        Model m = Models.evokeStudent(2);
        int[] rows = Fixtures.range(0, 12);
        Evaluation e = Evaluation.of(m, d, rows, 5);
        INDArray v = Evaluation.logits(m, d, rows, 12);
        assertEquals(MultiLabelMetrics.fromLogits(v, d.labels()).asMap(), e.metrics());
        assertEquals(Evaluation.of(v, d.labels()).loss(), e.loss(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Evaluation.gatherLabels(d, new int[] {-1}));
    }

    @Test
    void theMajorityBaselinePredictsEachLabelsTrainingMajority() {
        // labels (valence, arousal, dominance): training rows 0-3, test rows 4-7
        float[][] y = {{1, 0, 1}, {1, 0, 0}, {1, 1, 1}, {0, 0, 1}, {1, 1, 0}, {0, 0, 0}, {1, 0, 1}, {1, 0, 1}};
        TrainingData d = TrainingData.of(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 4, 9, 9),
                org.nd4j.linalg.factory.Nd4j.createFromArray(y));
        // majorities on the training rows: valence high (3 of 4), arousal low (1 of 4), dominance high (3 of 4)
        // test accuracies: valence 3/4, arousal 3/4, dominance 2/4
        assertEquals((0.75 + 0.75 + 0.5) / 3, Evaluation.majorityBaseline(d, new int[] {0, 1, 2, 3}, new int[] {4, 5, 6, 7}), 1e-12);
    }
}

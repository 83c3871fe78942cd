package org.evoke.eeg.labels;

import org.evoke.eeg.deap.DeapReader;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelBinarizerTest {
    @Test
    void defaultRuleMatchesGoldenLabelsAndExactFiveIsHigh() {
        DeapSubject s = DeapReader.read(Golden.path("deap_s01.dat"));
        INDArray labels = LabelBinarizer.torcheeg().binarize(s.labels()); // (2, 3)
        INDArray golden = Golden.load("deap_s01_features.safetensors").get("labels"); // (120, 3), 60 windows per trial
        TensorAssert.assertClose("trial 0", golden.getRow(0), labels.getRow(0), 0);
        TensorAssert.assertClose("trial 1", golden.getRow(60), labels.getRow(1), 0);
        assertEquals(5.0, s.labels().getDouble(0, 0), 0);
        assertEquals(1.0, labels.getDouble(0, 0), 0);
        assertEquals(0.0, new LabelBinarizer(5.0, Comparison.GREATER).binarize(s.labels()).getDouble(0, 0), 0);
    }

    @Test
    void thresholdAndComparisonAreOptions() {
        INDArray r = Nd4j.create(new double[] {4.9, 5.0, 5.1, 9, 1, 6.5, 0, 0}, new long[] {2, 4}, DataType.DOUBLE);
        INDArray ge = new LabelBinarizer(5.0, Comparison.GREATER_OR_EQUAL).binarize(r);
        assertEquals("[0.0, 1.0, 1.0, 0.0, 1.0, 0.0]", java.util.Arrays.toString(ge.data().asDouble()));
        INDArray gt = new LabelBinarizer(5.0, Comparison.GREATER).binarize(r);
        assertEquals("[0.0, 0.0, 1.0, 0.0, 1.0, 0.0]", java.util.Arrays.toString(gt.data().asDouble()));
        INDArray hi = new LabelBinarizer(6.5, Comparison.GREATER_OR_EQUAL).binarize(r);
        assertEquals("[0.0, 0.0, 0.0, 0.0, 1.0, 0.0]", java.util.Arrays.toString(hi.data().asDouble()));
        assertEquals(3, ge.size(1)); // liking is dropped
    }

    @Test
    void rejectsNaNAndMissingColumns() {
        INDArray bad = Nd4j.create(new double[] {1, Double.NaN, 3, 4}, new long[] {1, 4}, DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelBinarizer.torcheeg().binarize(bad));
        assertTrue(e.getMessage().contains("arousal"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LabelBinarizer.torcheeg().binarize(Nd4j.zeros(DataType.DOUBLE, 3, 2)));
        assertThrows(IllegalArgumentException.class, () -> new LabelBinarizer(Double.NaN, Comparison.GREATER));
    }

    @Test
    void slicedRatingsWork() {
        INDArray r = Nd4j.create(new double[] {7, 7, 7, 7, 2, 2, 2, 2}, new long[] {2, 4}, DataType.DOUBLE)
                .get(NDArrayIndex.interval(1, 2), NDArrayIndex.all());
        assertEquals(0.0, LabelBinarizer.torcheeg().binarize(r).getDouble(0, 0), 0);
    }
}

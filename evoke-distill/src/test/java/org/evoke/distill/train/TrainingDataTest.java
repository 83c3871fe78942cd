package org.evoke.distill.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDataTest {

    @Test
    void viewsAndDoublesAreCopiedOnceIntoPlainFloatArrays() {
        INDArray big = Nd4j.rand(DataType.DOUBLE, 10, 4, 9, 9);
        INDArray view = big.get(NDArrayIndex.interval(2, 6), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        TrainingData d = TrainingData.of(view, Nd4j.zeros(DataType.DOUBLE, 4, 3));
        assertEquals(DataType.FLOAT, d.features().dataType());
        assertTrue(!d.features().isView() && d.features().offset() == 0);
        assertEquals(view.castTo(DataType.FLOAT), d.features());
        assertEquals(324, d.rowLength());
    }

    @Test
    void theHashFollowsTheContents() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 9, 9), y = Nd4j.zeros(DataType.FLOAT, 3, 3);
        String h = TrainingData.of(x, y).dataHash();
        assertEquals(64, h.length());
        assertEquals(h, TrainingData.of(x.dup(), y.dup()).dataHash());
        INDArray y2 = y.dup();
        y2.putScalar(1, 2, 1f);
        assertNotEquals(h, TrainingData.of(x, y2).dataHash());
    }

    @Test
    void mismatchedShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.of(Nd4j.zeros(DataType.FLOAT, 3, 4, 9, 9), Nd4j.zeros(DataType.FLOAT, 2, 3)));
        assertEquals("labels: expected (3, L) float32 like the features, got FLOAT [2, 3]", e.getMessage());
        // any per-window shape is data (raw windows are (N, 32, 128)); a model that reads another shape is refused by the trainer
        TrainingData flat = TrainingData.of(Nd4j.zeros(DataType.FLOAT, 3, 324), Nd4j.zeros(DataType.FLOAT, 3, 3));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {324}, flat.rowShape());
        assertThrows(IllegalArgumentException.class, () -> TrainingData.of(Nd4j.zeros(DataType.FLOAT, 3), Nd4j.zeros(DataType.FLOAT, 3, 3)));
        e = assertThrows(IllegalArgumentException.class, () -> new Trainer(new TrainingConfig(1, 2, 1e-3, 1, 0, 0))
                .train("run", org.evoke.nn.models.Models.evokeStudent(1), Objective.hardLabels(), flat, new int[] {0, 1, 2}));
        assertTrue(e.getMessage().contains("takes [4, 9, 9] per sample, the data has [324]"), e.getMessage());
    }
}

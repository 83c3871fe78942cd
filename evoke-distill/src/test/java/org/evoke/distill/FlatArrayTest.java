package org.evoke.distill;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlatArrayTest {

    @Test
    void readsFloatAndDoubleArraysInRowMajorOrder() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.arange(12).castTo(type).reshape(4, 3);
            FlatArray f = FlatArray.read(a, "a");
            assertEquals(12, f.length());
            for (int k = 0; k < 12; k++) {
                assertEquals(k, f.get(k), 0.0, type + " element " + k);
            }
        }
    }

    @Test
    void readsViewsAndFortranOrderedArraysAsTheirOwnElements() {
        INDArray big = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(8, 3);
        INDArray rows = big.get(NDArrayIndex.interval(5, 7), NDArrayIndex.all()); // values 15..20
        FlatArray f = FlatArray.read(rows, "rows");
        for (int k = 0; k < 6; k++) {
            assertEquals(15 + k, f.get(k), 0.0);
        }
        FlatArray fortran = FlatArray.read(rows.dup('f'), "fortran");
        for (int k = 0; k < 6; k++) {
            assertEquals(15 + k, fortran.get(k), 0.0);
        }
    }

    @Test
    void writesThroughToTheArray() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 2, 3);
        FlatArray.write(a, "a").set(4, 2.5);
        assertEquals(2.5f, a.getFloat(1, 1));
    }

    @Test
    void refusesToWriteIntoAViewOrToReadIntegers() {
        INDArray view = Nd4j.zeros(DataType.FLOAT, 4, 3).get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlatArray.write(view, "gradOut"));
        assertEquals("gradOut: expected a C-ordered array that is not a view, got a view", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FlatArray.read(Nd4j.zeros(DataType.INT64, 2), "labels"));
        assertEquals("labels: data type LONG, expected FLOAT or DOUBLE", e.getMessage());
    }
}

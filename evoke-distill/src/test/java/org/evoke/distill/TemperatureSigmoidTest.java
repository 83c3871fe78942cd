package org.evoke.distill;

import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemperatureSigmoidTest {

    @Test
    void sigmoidIsTheLogisticFunctionAndNeverOverflows() {
        for (double x = -30; x <= 30; x += 0.37) {
            assertEquals(1 / (1 + Math.exp(-x)), TemperatureSigmoid.sigmoid(x), 1e-15, "x " + x);
        }
        assertEquals(0.5, TemperatureSigmoid.sigmoid(0.0));
        assertEquals(0.0, TemperatureSigmoid.sigmoid(-1000.0));
        assertEquals(1.0, TemperatureSigmoid.sigmoid(1000.0));
        // sigmoid(-x) = 1 - sigmoid(x); the x < 0 branch keeps tiny probabilities to full relative precision
        assertEquals(Math.exp(-700), TemperatureSigmoid.sigmoid(-700.0), Math.exp(-700) * 1e-12);
    }

    @Test
    void temperatureDividesTheLogit() {
        assertEquals(TemperatureSigmoid.sigmoid(2.0 / 1.25), TemperatureSigmoid.sigmoid(2.0, 1.25), 0.0);
        // a higher temperature pulls every probability towards 1/2
        double previous = 1;
        for (double t : new double[] {0.5, 1, 1.25, 2, 4, 100}) {
            double p = TemperatureSigmoid.sigmoid(3.0, t);
            assertTrue(p < previous && p > 0.5, "T " + t);
            previous = p;
        }
    }

    @Test
    void stableBceEqualsTheTextbookFormWhereTheTextbookFormWorks() {
        for (double u = -20; u <= 20; u += 0.53) {
            for (double t : new double[] {0, 0.1, 0.5, 0.9, 1}) {
                double naive = TemperatureSigmoid.bce(t, TemperatureSigmoid.sigmoid(u));
                assertEquals(naive, TemperatureSigmoid.bceWithLogits(u, t), 1e-9 * Math.max(1, naive), "u " + u + ", t " + t);
            }
        }
    }

    @Test
    void stableBceStaysExactWhereTheSigmoidRoundsToOne() {
        // sigmoid(40) == 1.0 in double, so log(1 - p) = -infinity; the exact BCE(0, sigmoid(40)) = 40 + log(1 + e^-40)
        assertEquals(1.0, TemperatureSigmoid.sigmoid(40.0));
        assertTrue(Double.isInfinite(TemperatureSigmoid.bce(0.0, TemperatureSigmoid.sigmoid(40.0))));
        assertEquals(40 + Math.log1p(Math.exp(-40)), TemperatureSigmoid.bceWithLogits(40.0, 0.0), 0.0);
        assertEquals(Math.log1p(Math.exp(-40)), TemperatureSigmoid.bceWithLogits(40.0, 1.0), 1e-30);
        assertEquals(Math.log1p(Math.exp(-40)), TemperatureSigmoid.bceWithLogits(-40.0, 0.0), 1e-30);
    }

    @Test
    void bceWithLogitsMatchesPyTorchOnSoftTargets() {
        // bce_logits.safetensors: sum over labels, mean over samples (docs/design.md, section 4)
        SafeTensors.Contents g = Golden.load("bce_logits.safetensors");
        INDArray logits = g.get("logits"); // (10, 3)
        INDArray targets = g.get("targets"); // (10, 3)
        double sum = 0;
        for (int i = 0; i < logits.size(0); i++) {
            for (int j = 0; j < logits.size(1); j++) {
                sum += TemperatureSigmoid.bceWithLogits(logits.getDouble(i, j), targets.getDouble(i, j));
            }
        }
        TensorAssert.assertClose("bce_logits loss", g.get("loss").getDouble(0), sum / logits.size(0), 1e-5);
    }

    @Test
    void arraySigmoidKeepsShapeAndTypeAndAgreesWithTheScalarOne() {
        INDArray v = Nd4j.createFromArray(new float[][] {{-3f, 0f, 2.5f}, {7f, -0.25f, 1f}});
        INDArray p = TemperatureSigmoid.sigmoid(v, 1.25);
        assertEquals(DataType.FLOAT, p.dataType());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(TemperatureSigmoid.sigmoid(v.getDouble(i, j), 1.25), p.getDouble(i, j), 1e-6);
            }
        }
        assertEquals(-3f, v.getFloat(0, 0), "the input is not modified");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TemperatureSigmoid.sigmoid(v, 0));
        assertEquals("temperature = 0.0: expected a finite T > 0", e.getMessage());
    }
}

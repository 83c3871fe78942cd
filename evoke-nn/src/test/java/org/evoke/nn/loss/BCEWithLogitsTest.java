package org.evoke.nn.loss;

import org.evoke.nn.GradCheck;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class BCEWithLogitsTest {
    @Test
    void matchesPyTorchWithSoftTargets() {
        SafeTensors.Contents g = Golden.load("bce_logits.safetensors");
        BCEWithLogits bce = new BCEWithLogits();
        double loss = bce.forward(g.get("logits"), g.get("targets"));
        TensorAssert.assertClose("loss", g.get("loss").getDouble(0), loss, 1e-5);
        TensorAssert.assertClose("grad_logits", g.get("grad_logits"), bce.gradient());
    }

    @Test
    void gradientPassesCentralDifferencesInDouble() {
        Nd4j.getRandom().setSeed(8);
        INDArray u = Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5).muli(8);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 5, 3);
        BCEWithLogits bce = new BCEWithLogits();
        bce.forward(u, t);
        INDArray analytic = bce.gradient().dup();
        INDArray numeric = GradCheck.numeric(u, () -> new BCEWithLogits().forward(u, t));
        TensorAssert.assertClose("dL/du", numeric, analytic, 1e-7);
    }

    @Test
    void isStableForHugeLogits() {
        INDArray u = Nd4j.createFromArray(new double[][]{{1000, -1000, 0}});
        INDArray t = Nd4j.createFromArray(new double[][]{{1, 0, 1}});
        double loss = new BCEWithLogits().forward(u, t);
        assertEquals(Math.log(2), loss, 1e-12, "confident and right costs nothing; the 0 logit costs log 2");
        double wrong = new BCEWithLogits().forward(u, Nd4j.createFromArray(new double[][]{{0, 1, 1}}));
        assertEquals(2000 + Math.log(2), wrong, 1e-9, "confident and wrong costs |u| each, without overflow");
    }

    @Test
    void badTargetsAreNamed() {
        INDArray u = Nd4j.zeros(DataType.FLOAT, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BCEWithLogits().forward(u, Nd4j.ones(DataType.FLOAT, 2, 3).muli(2)));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BCEWithLogits().forward(u, Nd4j.ones(DataType.FLOAT, 3, 3)));
        assertTrue(e.getMessage().contains("BCE targets has shape [3, 3]; expected [2, 3]"), e.getMessage());
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 2, 3).putScalar(1, Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> new BCEWithLogits().forward(nan, Nd4j.zeros(DataType.FLOAT, 2, 3)));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }
}

package org.evoke.nn.optim;

import org.evoke.nn.Parameter;
import org.evoke.nn.models.Models;
import org.evoke.nn.Model;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Adam's PyTorch semantics. The golden check (three steps on the student against PyTorch) is in
 * ModelsTest.studentDistillStepMatchesPyTorchIncludingThreeAdamSteps; these are the analytic cases.
 */
class AdamTest {
    @Test
    void firstStepMovesEachWeightByLrAgainstTheGradientSign() {
        // at t = 1 the bias corrections cancel: m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps)
        Parameter p = new Parameter("w", Nd4j.createFromArray(1.0, -2.0, 3.0));
        p.grad().assign(Nd4j.createFromArray(0.5, -4.0, 1e-9));
        new Adam(List.of(p), 0.1).step();
        assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), p.value().getDouble(0), 1e-15);
        assertEquals(-2.0 + 0.1 * 4.0 / (4.0 + 1e-8), p.value().getDouble(1), 1e-15);
        assertEquals(3.0 - 0.1 * 1e-9 / (1e-9 + 1e-8), p.value().getDouble(2), 1e-15, "eps matters for tiny gradients");
    }

    @Test
    void aConstantGradientGivesStepsOfLr() {
        // with a constant g the bias-corrected moments stay exactly g and g^2: every step is lr * g / (|g| + eps)
        Parameter p = new Parameter("w", Nd4j.createFromArray(0.0));
        Adam adam = new Adam(List.of(p), 0.01);
        for (int t = 1; t <= 50; t++) {
            p.grad().assign(2.0);
            adam.step();
            assertEquals(-0.01 * t * 2.0 / (2.0 + 1e-8), p.value().getDouble(0), 1e-12, "step " + t);
        }
        assertEquals(50, adam.steps());
    }

    @Test
    void restoredStateContinuesExactly() {
        Model a = Models.evokeStudent(1), b = Models.evokeStudent(1);
        Adam oa = new Adam(a.parameters(), 1e-3), ob = new Adam(b.parameters(), 1e-3);
        Nd4j.getRandom().setSeed(3);
        INDArray[] grads = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            grads[i] = Nd4j.rand(DataType.FLOAT, 353_363).subi(0.5);
        }
        for (int s = 0; s < 2; s++) {
            setGrads(a, grads[s]);
            oa.step();
            setGrads(b, grads[s]);
            ob.step();
        }
        // b is "interrupted": a fresh optimiser restored from b's state takes over
        Map<String, INDArray> saved = ob.state();
        Adam resumed = new Adam(b.parameters(), 1e-3);
        resumed.loadState(saved, ob.steps());
        for (int s = 2; s < 4; s++) {
            setGrads(a, grads[s]);
            oa.step();
            setGrads(b, grads[s]);
            resumed.step();
        }
        for (int i = 0; i < a.parameters().size(); i++) {
            TensorAssert.assertClose(a.parameters().get(i).name(), a.parameters().get(i).value(), b.parameters().get(i).value(), 0);
        }
        assertThrows(IllegalArgumentException.class, () -> new Adam(b.parameters(), 1e-3).loadState(Map.of(), 2));
    }

    @Test
    void badHyperparametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), 1e-3, 1.0, 0.999, 1e-8));
    }

    private static void setGrads(Model m, INDArray flat) {
        long at = 0;
        for (Parameter p : m.parameters()) {
            p.grad().assign(flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(at, at + p.length())).reshape(p.value().shape()));
            at += p.length();
        }
    }
}

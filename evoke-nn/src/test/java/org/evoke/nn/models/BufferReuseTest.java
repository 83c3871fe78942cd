package org.evoke.nn.models;

import org.evoke.nn.Model;
import org.evoke.nn.loss.BCEWithLogits;
import org.evoke.nn.optim.Adam;
import org.evoke.tensor.Buffers;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Inference allocates no array after the first call at a batch size, and training steps reuse their buffers:
 * every layer buffer goes through {@link Buffers#ensure}, whose counter must not move in steady state.
 */
class BufferReuseTest {
    @Test
    void inferenceAllocatesNothingAfterTheFirstCall() {
        for (Model m : new Model[]{Models.evokeStudent(1), Models.ccnn(1)}) {
            for (int batch : new int[]{1, 7}) {
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, 4, 9, 9);
                INDArray first = m.forward(x);
                long before = Buffers.allocations();
                for (int i = 0; i < 3; i++) {
                    assertSame(first, m.forward(x), "the logits buffer is reused");
                }
                assertEquals(before, Buffers.allocations(), m.name() + " batch " + batch + ": no new buffers");
            }
        }
    }

    @Test
    void trainingStepsReuseTheirBuffers() {
        Model m = Models.ccnn(2);
        Adam adam = new Adam(m.parameters(), 1e-3);
        BCEWithLogits bce = new BCEWithLogits();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4, 9, 9), y = Nd4j.rand(DataType.FLOAT, 8, 3).gt(0.5).castTo(DataType.FLOAT);
        long before = 0;
        for (int i = 0; i < 4; i++) {
            if (i == 1) {
                before = Buffers.allocations();
            }
            adam.zeroGrad();
            bce.forward(m.forward(x, true), y);
            m.backward(bce.gradient());
            adam.step();
        }
        assertEquals(before, Buffers.allocations(), "steady-state training steps allocate no buffers");
    }
}

package org.evoke.nn;

import org.evoke.nn.models.Models;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What Sequential does to run faster, fusing activations into the layer before and handing activations between
 * convolutions channels last, changes no number: the model's inference equals the layers run one by one, each on
 * its own (bit for bit on the Vector API path), at batch 1 and at batches that split over the threads; and the
 * training forward (never chained) computes the same function.
 */
class SequentialTest {
    @Test
    void fusedAndChainedInferenceEqualsTheLayersOneByOne() {
        for (Model m : new Model[]{Models.evokeStudent(3), Models.ccnn(3)}) {
            for (int batch : new int[]{1, 5, 30}) {
                Nd4j.getRandom().setSeed(batch);
                INDArray x = Nd4j.rand(DataType.FLOAT, batch, 4, 9, 9).subi(0.5);
                INDArray oneByOne = x;
                List<Layer> layers = m.network().layers();
                for (Layer l : layers) {
                    oneByOne = l.forward(oneByOne, false).dup();
                }
                INDArray model = m.forward(x).dup();
                // bit for bit on the Vector API path; on the others a fused SELU adds the bias in double before it,
                // where the layers one by one round the sum to float first
                TensorAssert.assertClose(m.name() + " batch " + batch + " inference", oneByOne, model,
                        org.evoke.tensor.Kernels.vector() ? 0 : 1e-6);
                assertEquals(model, m.forward(x), "a second call gives the same logits");
                if (m.name().equals("evoke-student")) { // no dropout: the training forward computes the same function
                    // (whole batch at once, where inference may take it in chunks on the BLAS path: equal to rounding)
                    TensorAssert.assertClose(m.name() + " batch " + batch + " training forward", oneByOne, m.forward(x, true).dup(), 1e-6);
                }
            }
        }
    }

    @Test
    void profilingHookTimesEveryLayerItRuns() {
        Model m = Models.evokeStudent(4);
        long[] nanos = new long[m.network().layers().size()];
        m.network().forward(Nd4j.rand(DataType.FLOAT, 2, 4, 9, 9), false, nanos);
        // conv1, conv2, flatten, fc1, fc2 ran (the ReLUs inside the layer before them)
        for (int i : new int[]{0, 2, 4, 5, 7}) {
            org.junit.jupiter.api.Assertions.assertTrue(nanos[i] > 0, "layer " + i + " timed");
        }
    }
}

package org.evoke.nn.layers;

import org.evoke.nn.GradCheck;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertThrows;

class LinearTest {
    @Test
    void matchesPyTorchOnStudentFc1() {
        SafeTensors.Contents g = Golden.load("linear.safetensors");
        Linear fc1 = new Linear("fc1", 1296, 256);
        fc1.weight().value().assign(g.get("weight"));
        fc1.bias().value().assign(g.get("bias"));
        TensorAssert.assertClose("y", g.get("y"), fc1.forward(g.get("x"), true));
        TensorAssert.assertClose("grad_x", g.get("grad_x"), fc1.backward(g.get("grad_y")));
        TensorAssert.assertClose("grad_weight", g.get("grad_weight"), fc1.weight().grad());
        TensorAssert.assertClose("grad_bias", g.get("grad_bias"), fc1.bias().grad());
    }

    @Test
    void gradientsPassCentralDifferencesInDouble() {
        for (Activation act : Activation.values()) {
            Linear l = new Linear("lin", 7, 5, act);
            l.initialize(new SplittableRandom(11));
            l.parameters().forEach(p -> p.castTo(DataType.DOUBLE));
            Nd4j.getRandom().setSeed(2);
            GradCheck.check(l, Nd4j.rand(DataType.DOUBLE, 3, 7).subi(0.5), 1e-6);
        }
    }

    @Test
    void wrongWidthIsNamed() {
        Linear l = new Linear("fc1", 1296, 256);
        assertThrows(IllegalArgumentException.class, () -> l.forward(Nd4j.zeros(DataType.FLOAT, 2, 1295), false));
    }
}

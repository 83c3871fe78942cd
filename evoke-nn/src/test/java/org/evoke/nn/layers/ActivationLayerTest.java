package org.evoke.nn.layers;

import org.evoke.nn.GradCheck;
import org.evoke.nn.Layer;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ActivationLayerTest {
    static void checkGolden(String file, Layer layer) {
        SafeTensors.Contents g = Golden.load(file);
        TensorAssert.assertClose(file + " y", g.get("y"), layer.forward(g.get("x"), true));
        TensorAssert.assertClose(file + " grad_x", g.get("grad_x"), layer.backward(g.get("grad_y")));
    }

    @Test
    void reluMatchesPyTorch() {
        checkGolden("relu.safetensors", new ReLU("relu"));
    }

    @Test
    void seluMatchesPyTorch() {
        checkGolden("selu.safetensors", new SELU("selu"));
    }

    @Test
    void gradientsPassCentralDifferencesInDouble() {
        Nd4j.getRandom().setSeed(4);
        // keep inputs away from ReLU's kink at 0, where the derivative is not defined
        var x = Nd4j.rand(DataType.DOUBLE, 3, 2, 4, 5).subi(0.5);
        x.addi(org.nd4j.linalg.ops.transforms.Transforms.sign(x, true).mul(0.05));
        GradCheck.check(new ReLU("relu"), x, 1e-6);
        GradCheck.check(new SELU("selu"), x, 1e-6);
    }
}

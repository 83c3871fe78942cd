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
import static org.junit.jupiter.api.Assertions.assertTrue;

class Conv2dTest {
    /** Runs forward and backward on a golden file's x, weight, bias and grad_y, compares with PyTorch. */
    static void checkGolden(String file) {
        SafeTensors.Contents g = Golden.load(file);
        var md = g.metadata();
        INDArray w = g.get("weight");
        Padding pad = new Padding(Integer.parseInt(md.get("pad_left")), Integer.parseInt(md.get("pad_right")),
                Integer.parseInt(md.get("pad_top")), Integer.parseInt(md.get("pad_bottom")));
        Conv2d conv = new Conv2d("conv", (int) w.size(1), (int) w.size(0), Integer.parseInt(md.get("kernel")),
                Integer.parseInt(md.get("stride")), pad);
        conv.weight().value().assign(w);
        conv.bias().value().assign(g.get("bias"));
        TensorAssert.assertClose(file + " y (inference)", g.get("y"), conv.forward(g.get("x"), false).dup());
        INDArray y = conv.forward(g.get("x"), true);
        TensorAssert.assertClose(file + " y", g.get("y"), y);
        INDArray dx = conv.backward(g.get("grad_y"));
        TensorAssert.assertClose(file + " grad_x", g.get("grad_x"), dx);
        TensorAssert.assertClose(file + " grad_weight", g.get("grad_weight"), conv.weight().grad());
        TensorAssert.assertClose(file + " grad_bias", g.get("grad_bias"), conv.bias().grad());
    }

    /**
     * Inference on a batch larger than one im2col chunk (and not a multiple of it) equals the training forward, which
     * takes the whole batch at once. On the BLAS path that is the chunking; on the Vector API path it is Winograd
     * (inference, 256 input channels) against the direct convolution (training), equal to float rounding.
     */
    @Test
    void inferenceEqualsTheTrainingForward() {
        Conv2d conv = new Conv2d("wide", 256, 8, 4, 1, Padding.SAME_4, Activation.RELU);
        conv.initialize(new SplittableRandom(3));
        int perChunk = org.evoke.tensor.conv.Conv2dKernel.chunkSamples(org.evoke.tensor.conv.ConvGeometry.of(256, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2), 1000);
        int n = 2 * perChunk + 1;
        assertTrue(perChunk > 1 && perChunk < n, "the test needs several chunks, got " + perChunk + " per chunk");
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 256, 9, 9).subi(0.5);
        INDArray whole = conv.forward(x, true).dup();   // training forward: the whole batch at once
        INDArray chunked = conv.forward(x, false);
        TensorAssert.assertClose("inference (" + conv.lastPath() + ")", whole, chunked, 2e-5);
    }

    @Test
    void matchesPyTorchOnTheModelsFirstConvolution() {
        checkGolden("conv2d_same4_a.safetensors");
    }

    @Test
    void matchesPyTorchOnStudentConv2() {
        checkGolden("conv2d_same4_b.safetensors");
    }

    @Test
    void matchesPyTorchOnAGeneralStride2Convolution() {
        checkGolden("conv2d_k3_s2_p1.safetensors");
    }

    @Test
    void gradientsPassCentralDifferencesInDouble() {
        Conv2d[] convs = {
                new Conv2d("same4", 3, 4, 4, 1, Padding.SAME_4),
                new Conv2d("s2", 2, 3, 3, 2, new Padding(0, 1, 2, 0)),
                new Conv2d("relu", 3, 2, 2, 1, Padding.of(1), Activation.RELU),
        };
        for (Conv2d c : convs) {
            c.initialize(new SplittableRandom(3));
            c.parameters().forEach(p -> p.castTo(DataType.DOUBLE));
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, c.weight().value().size(1), 5, 6).subi(0.5);
            GradCheck.check(c, x, 1e-6);
        }
    }

    @Test
    void backwardAccumulatesIntoGradients() {
        SafeTensors.Contents g = Golden.load("conv2d_same4_b.safetensors");
        Conv2d conv = new Conv2d("conv2", 64, 16, 4, 1, Padding.SAME_4);
        conv.weight().value().assign(g.get("weight"));
        for (int i = 0; i < 2; i++) {
            conv.forward(g.get("x"), true);
            conv.backward(g.get("grad_y"));
        }
        TensorAssert.assertClose("two backward passes add up", g.get("grad_weight").mul(2), conv.weight().grad());
        conv.zeroGrad();
        assertTrue(conv.weight().grad().sumNumber().doubleValue() == 0);
    }

    @Test
    void misuseIsExplained() {
        Conv2d conv = new Conv2d("conv1", 4, 64, 4, 1, Padding.SAME_4);
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> conv.backward(Nd4j.zeros(DataType.FLOAT, 1, 64, 9, 9)));
        assertTrue(s.getMessage().contains("backward needs a forward"), s.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 9, 9), false));
        assertTrue(e.getMessage().contains("conv1 input has shape [2, 3, 9, 9]; expected [*, 4, *, *]"), e.getMessage());
        conv.forward(Nd4j.zeros(DataType.FLOAT, 1, 4, 9, 9), false);
        assertThrows(IllegalStateException.class, () -> conv.backward(Nd4j.zeros(DataType.FLOAT, 1, 64, 9, 9)),
                "inference forward keeps nothing for backward");
    }
}

package org.evoke.nn.models;

import org.evoke.nn.GradCheck;
import org.evoke.nn.Model;
import org.evoke.nn.Parameter;
import org.evoke.nn.summary.ModelSummary;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The configurable vision transformer: the ViT-B/16 configuration has exactly the counts behind the paper's ViT row
 * (thop's conventions, docs/models.md, "Counting as Table I counts"), and a small configuration passes a whole-model
 * gradient check in double.
 */
class VisionTransformerTest {
    @Test
    void vitB16HasThePapersCountsAsThopGivesThem() {
        for (int classes : new int[] {4}) { // one build: 86M parameters and their gradients take 690 MB
            ModelSummary s = Models.vitB16(0, classes).summary();
            assertEquals(85_646_592L + 769L * classes, s.thopParameterCount(), "thop parameters, " + classes + " classes");
            assertEquals(16_862_862_336L + 768L * classes, s.thopMacs(), "thop MACs, " + classes + " classes");
            assertEquals(85_646_592L + 769L * classes + 768L * 198, s.parameterCount(), "plus class token and 197 positions");
        }
    }

    @Test
    void aSmallVisionTransformerPassesAWholeModelGradientCheckInDouble() {
        Model m = Models.visionTransformer(3, 2, 4, 2, 6, 1, 2, 5, 3).castTo(DataType.DOUBLE);
        Nd4j.getRandom().setSeed(13);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 4).subi(0.5);
        INDArray r = Nd4j.rand(DataType.DOUBLE, 2, 3).subi(0.5);
        m.zeroGrad();
        m.forward(x, true);
        INDArray dx = m.backward(r).dup();
        java.util.function.Supplier<Double> loss = () -> m.forward(x, true).mul(r).sumNumber().doubleValue();
        TensorAssert.assertClose("vit dL/dx", GradCheck.numeric(x, loss), dx, 1e-6);
        for (Parameter p : m.parameters()) {
            TensorAssert.assertClose("vit " + p.name(), GradCheck.numeric(p.value(), loss), p.grad(), 1e-6);
        }
    }

    /** torcheeg's ViT on the DE grid against PyTorch: test resource golden/vit_small.safetensors (see ArjunVitTest). */
    @Test
    void torchEegsSmallVitMatchesEndToEnd() {
        ArjunVitTest.endToEnd("vit_small.safetensors", Models.torcheegVit(0, 3));
    }
}

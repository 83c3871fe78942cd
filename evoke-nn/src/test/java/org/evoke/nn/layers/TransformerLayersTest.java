package org.evoke.nn.layers;

import org.evoke.nn.GradCheck;
import org.evoke.nn.Layer;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LayerNorm, GELU and Softmax (issue 12's first layers) against PyTorch and by central differences in double.
 * The golden files are test resources written by {@code tools/golden/gen_transformer_golden.py} with Debian's
 * PyTorch 1.13 ({@code python3-torch}); each file's metadata names the script and the torch version.
 */
class TransformerLayersTest {
    static SafeTensors.Contents golden(String file) {
        try {
            SafeTensors.Contents c = SafeTensors.read(Path.of(TransformerLayersTest.class.getResource("/golden/" + file).toURI()));
            assertEquals("tools/golden/gen_transformer_golden.py", c.metadata().get("generator"), file);
            return c;
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource golden/" + file + " missing", e);
        }
    }

    static void checkGolden(String file, Layer layer) {
        SafeTensors.Contents g = golden(file);
        TensorAssert.assertClose(file + " y", g.get("y"), layer.forward(g.get("x"), true));
        TensorAssert.assertClose(file + " grad_x", g.get("grad_x"), layer.backward(g.get("grad_y")));
    }

    @Test
    void layerNormMatchesPyTorchWithItsParameterGradients() {
        SafeTensors.Contents g = golden("layernorm.safetensors");
        LayerNorm ln = new LayerNorm("norm", 32);
        ln.parameters().get(0).set(g.get("weight"));
        ln.parameters().get(1).set(g.get("bias"));
        ln.zeroGrad();
        checkGolden("layernorm.safetensors", ln);
        TensorAssert.assertClose("grad_weight", g.get("grad_weight"), ln.parameters().get(0).grad());
        TensorAssert.assertClose("grad_bias", g.get("grad_bias"), ln.parameters().get(1).grad());
        assertEquals("norm.weight", ln.parameters().get(0).name());
    }

    @Test
    void geluAndSoftmaxMatchPyTorch() {
        checkGolden("gelu.safetensors", new GELU("gelu"));
        checkGolden("softmax.safetensors", new Softmax("softmax"));
    }

    @Test
    void gradientsPassCentralDifferencesInDouble() {
        Nd4j.getRandom().setSeed(5);
        LayerNorm ln = new LayerNorm("norm", 6);
        ln.parameters().forEach(p -> p.castTo(DataType.DOUBLE));
        ln.parameters().get(0).set(Nd4j.rand(DataType.DOUBLE, 6).addi(0.5));
        ln.parameters().get(1).set(Nd4j.rand(DataType.DOUBLE, 6).subi(0.5));
        GradCheck.check(ln, Nd4j.rand(DataType.DOUBLE, 2, 3, 6).muli(3).subi(1), 1e-6);
        GradCheck.check(new GELU("gelu"), Nd4j.rand(DataType.DOUBLE, 2, 3, 7).muli(6).subi(3), 1e-6);
        GradCheck.check(new Softmax("softmax"), Nd4j.rand(DataType.DOUBLE, 2, 3, 5).muli(4).subi(2), 1e-6);
    }

    @Test
    void electrodeGatherReadsTheCellsAndScattersItsGradientBack() {
        int[] cells = {3, 12, 20, 0};
        ElectrodeGather g = new ElectrodeGather("electrodes", cells, 3, 7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 5, 3, 7);
        INDArray y = g.forward(x, false);
        assertArrayEquals(new long[] {2, 4, 5}, y.shape());
        for (int b = 0; b < 2; b++) {
            for (int e = 0; e < cells.length; e++) {
                for (int k = 0; k < 5; k++) {
                    assertEquals(x.getDouble(b, k, cells[e] / 7, cells[e] % 7), y.getDouble(b, e, k));
                }
            }
        }
        GradCheck.check(g, x, 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ElectrodeGather("e", new int[] {1, 1}, 3, 3));
        assertTrue(e.getMessage().contains("used twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> g.forward(Nd4j.rand(DataType.FLOAT, 2, 5, 7, 3), false));
        assertTrue(e.getMessage().contains("expected (batch, bands, 3, 7)"), e.getMessage());
    }

    @Test
    void buffersAreReusedAndBadInputIsRefused() {
        LayerNorm ln = new LayerNorm("norm", 8);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 8);
        INDArray y1 = ln.forward(x, false);
        assertSame(y1, ln.forward(x, false), "the output buffer is reused");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Nd4j.rand(DataType.FLOAT, 4, 7), false));
        assertTrue(e.getMessage().contains("expected (..., 8)"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new GELU("g").backward(x));
        // softmax rows sum to 1, also for large logits
        INDArray p = new Softmax("s").forward(Nd4j.createFromArray(new float[][] {{1000f, 1001f, 999f}}), false);
        assertEquals(1.0, p.sumNumber().doubleValue(), 1e-6);
    }

    static void checkAttention(String file, MultiHeadSelfAttention att) {
        SafeTensors.Contents g = golden(file);
        String prefix = att.name() + ".";
        for (org.evoke.nn.Parameter p : att.parameters()) {
            p.set(g.get(p.name().substring(prefix.length())));
        }
        att.zeroGrad();
        checkGolden(file, att);
        assertEquals(org.evoke.tensor.Kernels.vector() ? "fused" : "unfused", att.lastPath(),
                "the float32 core runs fused exactly on the Vector API path");
        TensorAssert.assertClose(file + " y in inference (no probabilities kept)", g.get("y"), att.forward(g.get("x"), false));
        for (org.evoke.nn.Parameter p : att.parameters()) {
            TensorAssert.assertClose(file + " grad " + p.name(), g.get("grad_" + p.name().substring(prefix.length())), p.grad());
        }
    }

    @Test
    void attentionMatchesTorchEegsWithAndWithoutTheOutputProjection() {
        MultiHeadSelfAttention att = new MultiHeadSelfAttention("attn", 32, 4, 16, 0.0, 1);
        assertEquals(java.util.List.of("attn.to_qkv.weight", "attn.to_out.0.weight", "attn.to_out.0.bias"),
                att.parameters().stream().map(org.evoke.nn.Parameter::name).toList(), "torcheeg's parameter names");
        checkAttention("attention.safetensors", att);
        MultiHeadSelfAttention one = new MultiHeadSelfAttention("attn", 32, 1, 32, 0.0, 1);
        assertEquals(1, one.parameters().size(), "one head of the full width: no output projection");
        checkAttention("attention_identity_out.safetensors", one);
    }

    @Test
    void attentionGradientsPassCentralDifferencesInDouble() {
        Nd4j.getRandom().setSeed(9);
        MultiHeadSelfAttention att = new MultiHeadSelfAttention("attn", 6, 2, 3, 0.0, 1);
        att.initialize(new java.util.SplittableRandom(3));
        att.castTo(DataType.DOUBLE);
        GradCheck.check(att, Nd4j.rand(DataType.DOUBLE, 2, 4, 6).subi(0.5), 1e-6);
    }

    @Test
    void aTransformerBlockMatchesTorchEegsWithItsStateDictNames() {
        SafeTensors.Contents g = golden("transformer_block.safetensors");
        TransformerBlock block = new TransformerBlock("layers.0", 32, 4, 64, 64, 0.0, 1);
        assertEquals(11, block.parameters().size());
        for (org.evoke.nn.Parameter p : block.parameters()) {
            assertTrue(g.tensors().containsKey(p.name()), "torcheeg has no parameter " + p.name());
            p.set(g.get(p.name()));
        }
        block.zeroGrad();
        checkGolden("transformer_block.safetensors", block);
        for (org.evoke.nn.Parameter p : block.parameters()) {
            TensorAssert.assertClose("grad " + p.name(), g.get("grad_" + p.name()), p.grad());
        }
    }

    @Test
    void blockGradientsPassCentralDifferencesInDouble() {
        Nd4j.getRandom().setSeed(11);
        TransformerBlock block = new TransformerBlock("layers.0", 6, 2, 3, 5, 0.0, 1);
        block.initialize(new java.util.SplittableRandom(4));
        block.castTo(DataType.DOUBLE);
        GradCheck.check(block, Nd4j.rand(DataType.DOUBLE, 2, 3, 6).subi(0.5), 1e-6);
    }
}

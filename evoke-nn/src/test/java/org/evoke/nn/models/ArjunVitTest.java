package org.evoke.nn.models;

import org.evoke.nn.Model;
import org.evoke.nn.Parameter;
import org.evoke.nn.loss.BCEWithLogits;
import org.evoke.nn.optim.Adam;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Arjun ViT end to end against torcheeg's model in PyTorch: the test resource {@code golden/arjun_vit.safetensors},
 * written by {@code tools/golden/gen_transformer_golden.py} with Debian's PyTorch 1.13 (its metadata says so):
 * torcheeg's defaults with 3 classes, a batch of 4 raw windows, BCE with logits (sum over labels, mean over samples),
 * logits, loss, every gradient, and the parameters after 3 Adam steps (lr 1e-3) on the same batch.
 */
class ArjunVitTest {
    static SafeTensors.Contents golden(String file) {
        try {
            return SafeTensors.read(Path.of(ArjunVitTest.class.getResource("/golden/" + file).toURI()));
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource golden/" + file + " missing", e);
        }
    }

    @Test
    void logitsLossEveryGradientAndThreeAdamStepsMatchTorchEeg() {
        endToEnd("arjun_vit.safetensors", Models.arjunVit(0, 3));
    }

    /**
     * Arjun ViT on band features: {@code golden/arjun_vit_bands.safetensors} is torcheeg's {@code ArjunViT(chunk_size=4,
     * t_patch_size=1)} fed x[:, :, rows, cols] of a (3, 4, 9, 9) grid, the electrodes' cells (row * 9 + column, from
     * docs/design.md, section 8) stored beside it.
     */
    @Test
    void onBandFeaturesMatchesTorchEegsArjunVitFedTheElectrodesOutOfTheGrid() {
        INDArray cells = golden("arjun_vit_bands.safetensors").get("cells");
        int[] c = new int[(int) cells.length()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (int) cells.getDouble(i);
        }
        Model m = Models.arjunVitOnBands(0, 3, c, 4);
        assertEquals(0, m.summary().rows().get(0).parameters(), "the gather has no parameters");
        endToEnd("arjun_vit_bands.safetensors", m);
    }

    /** Loads {@code file}'s parameters into {@code m} by name and checks logits, loss, gradients and 3 Adam steps. */
    static void endToEnd(String file, Model m) {
        SafeTensors.Contents g = golden(file);
        assertEquals("tools/golden/gen_transformer_golden.py", g.metadata().get("generator"));
        Map<String, INDArray> params = new LinkedHashMap<>();
        g.tensors().forEach((k, v) -> {
            if (k.startsWith("param.")) {
                params.put(k.substring(6), v);
            }
        });
        m.load(params, file); // every parameter by torcheeg's name, nothing missing or extra
        INDArray x = g.get("x"), y = g.get("labels");
        BCEWithLogits bce = new BCEWithLogits();

        INDArray logits = m.forward(x, true);
        TensorAssert.assertClose("logits", g.get("logits"), logits);
        TensorAssert.assertClose("loss", g.get("loss").getDouble(0), bce.forward(logits, y), 1e-5);
        m.zeroGrad();
        m.backward(bce.gradient());
        for (Parameter p : m.parameters()) {
            TensorAssert.assertClose("grad." + p.name(), g.get("grad." + p.name()), p.grad());
        }

        Adam adam = new Adam(m.parameters(), 1e-3);
        for (int s = 0; s < 3; s++) {
            adam.zeroGrad();
            bce.forward(m.forward(x, true), y);
            m.backward(bce.gradient());
            adam.step();
        }
        for (Parameter p : m.parameters()) {
            TensorAssert.assertClose("adam3." + p.name(), g.get("adam3." + p.name()), p.value());
        }
    }

    @Test
    void hasTorchEegsParameterCount() {
        Model m = Models.arjunVit(1, 4);
        // 144,548 in all with 4 classes; thop's 144,356 leaves out the class token (32) and position embedding (160)
        assertEquals(144_548, m.summary().parameterCount());
        assertEquals(144_356, m.summary().thopParameterCount(), "the paper's 144.356K");
        assertEquals(144_515, Models.arjunVit(1, 3).summary().parameterCount());
        assertEquals(6_234_627, Models.ccnn(1).summary().thopParameterCount(), "the CNNs: the same count both ways");
        // thop's MACs (docs/models.md, "Counting as Table I counts": worked out from thop's rules): 688,968 with 4 classes
        assertEquals(688_968, m.summary().thopMacs());
        assertEquals(41, m.summary().layerCount(), "the paper's 41 layers: torcheeg's leaf modules");
        assertEquals(Models.ccnn(1).summary().macs(), Models.ccnn(1).summary().thopMacs());
        org.junit.jupiter.api.Assertions.assertTrue(m.summary().toString().contains("thop counts them"), m.summary().toString());
    }
}

package org.evoke.bench;

import org.evoke.nn.Model;
import org.evoke.nn.loss.BCEWithLogits;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * libtorch, through DJL, computes our models: the same logits for every Table I model but ViT-B/16 (too slow for a
 * unit test; the benchmarks check it in their setup), the same first loss, and after three training steps the same
 * logits as our three steps (the student has no dropout, so both steps see the same math). Nothing is timed. The
 * engine runs offline: the surefire JVM has no network access to give it, and {@link PyTorchEngine#offline()} keeps
 * it from asking.
 */
class PyTorchEngineTest {
    private static final int BATCH = 3;

    @Test
    void everyModelGivesOurLogits() {
        for (String model : List.of("student", "ccnn", "arjunvit", "vit")) {
            try (Engine e = Engines.create("pytorch", model, BATCH)) {
                assertEquals("pytorch", e.name());
                double rel = Engines.check(e, model, BATCH);
                assertTrue(rel <= Engines.PYTORCH_TOL, model + " " + rel);
            }
        }
    }

    @Test
    void trainingStepsFollowOurs() {
        Model ours = Engines.model("student");
        INDArray x = Inputs.xArray(ours.inputShape(), BATCH, Engines.DATA_SEED), y = Inputs.labelArray(BATCH, Engines.DATA_SEED);
        double first = new BCEWithLogits().forward(ours.forward(x, true), y);
        try (Engine torch = Engines.create("pytorch", "student", BATCH); Engine evoke = Engines.create("evoke", "student", BATCH)) {
            assertEquals(first, torch.train(), 1e-5 * first);
            assertEquals(first, evoke.train(), 1e-6 * first);
            for (int i = 0; i < 2; i++) {
                double a = torch.train(), b = evoke.train();
                assertEquals(b, a, 2e-5 * b, "step " + (i + 2));
                assertTrue(a < first, "the loss falls: " + a + " after " + first);
            }
            double rel = Engines.relativeError(evoke.logits(), torch.logits());
            assertTrue(rel < 1e-4, "logits after three steps differ by " + rel);
        }
    }

    @Test
    void theTeacherTrainsWithDropoutOnThePomsLibtorch() {
        try (Engine e = Engines.create("pytorch", "ccnn", BATCH)) {
            double a = e.train(), b = e.train();
            assertTrue(Double.isFinite(a) && Double.isFinite(b) && a > 0 && b > 0, a + " " + b);
        }
        assertEquals(Peers.libtorchVersion(), PyTorchEngine.runningVersion(), "the pom's libtorch is the one that runs");
    }
}

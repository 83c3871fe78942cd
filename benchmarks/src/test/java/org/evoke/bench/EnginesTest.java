package org.evoke.bench;

import org.evoke.nn.Model;
import org.evoke.nn.loss.BCEWithLogits;
import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The peer engines compute our model: same logits, same first loss (correctness only; nothing is timed). */
class EnginesTest {
    private static final int BATCH = 3;

    @Test
    void onnxRuntimeAndDl4jGiveOurStudentLogits() {
        for (String name : new String[]{"evoke", "onnxruntime", "dl4j"}) {
            try (Engine e = Engines.create(name, "student", BATCH)) {
                assertEquals(name, e.name());
                double rel = Engines.check(e, "student", BATCH);
                assertTrue(rel <= (name.equals("dl4j") ? Engines.DL4J_TOL : Engines.ORT_TOL), name + " " + rel);
            }
        }
    }

    @Test
    void dl4jTeacherWithPaddingLayersAndSeluGivesOurLogits() {
        try (Engine e = Engines.create("dl4j", "ccnn", 2)) {
            assertTrue(Engines.check(e, "ccnn", 2) <= Engines.DL4J_TOL);
        }
    }

    @Test
    void dl4jsFirstTrainingLossIsOurBinaryCrossEntropy() {
        Model m = Models.evokeStudent(Engines.WEIGHT_SEED);
        double ours = new BCEWithLogits().forward(m.forward(Inputs.xArray(BATCH, Engines.DATA_SEED), true),
                Inputs.labelArray(BATCH, Engines.DATA_SEED));
        try (Engine dl4j = Engines.create("dl4j", "student", BATCH); Engine evoke = Engines.create("evoke", "student", BATCH)) {
            assertEquals(ours, evoke.train(), 1e-6 * Math.abs(ours));
            assertEquals(ours, dl4j.train(), 1e-4 * Math.abs(ours));
        }
    }

    @Test
    void onnxRuntimeRefusesToTrainAndUnknownEnginesAreNamed() {
        try (Engine e = Engines.create("onnxruntime", "student", 1)) {
            assertThrows(UnsupportedOperationException.class, e::train);
        }
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Engines.create("tvm", "student", 1));
        assertTrue(ex.getMessage().contains("tvm"), ex.getMessage());
    }

    @Test
    void theTransformersRunOnOnnxRuntimeWithOurLogitsAndDl4jSaysItHasNone() {
        for (String model : List.of("arjunvit", "vit")) {
            try (Engine e = Engines.create("onnxruntime", model, 2)) {
                assertTrue(Engines.check(e, model, 2) <= Engines.ORT_TOL, model);
            }
        }
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Engines.create("dl4j", "arjunvit", 1));
        assertTrue(ex.getMessage().contains("no arjunvit"), ex.getMessage());
        assertEquals(8, TransformerBenchmark.throughputBatch("vitb16"));
    }
}

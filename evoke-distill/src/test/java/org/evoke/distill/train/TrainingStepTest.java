package org.evoke.distill.train;

import org.evoke.distill.DistillationLoss;
import org.evoke.nn.Model;
import org.evoke.nn.Parameter;
import org.evoke.nn.models.Models;
import org.evoke.nn.optim.Adam;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrainingStepTest {

    /** The student's distillation step of PyTorch: loss, every gradient, 3 Adam steps, the logits after. */
    @Test
    void threeDistillationStepsMatchPyTorch() {
        SafeTensors.Contents g = Golden.load("student_distill_step.safetensors");
        double t = Double.parseDouble(g.metadata().get("temperature"));
        double alpha = Double.parseDouble(g.metadata().get("alpha"));
        Model student = Models.evokeStudent(0);
        Map<String, INDArray> init = new LinkedHashMap<>();
        for (Parameter p : student.parameters()) {
            init.put(p.name(), g.get("param." + p.name()));
        }
        student.load(init, "student_distill_step.safetensors param.*");
        TrainingStep step = new TrainingStep(student, new Adam(student.parameters(), 1e-3), new DistillationLoss(t, alpha));
        INDArray x = g.get("x"), y = g.get("labels"), z = g.get("teacher_logits");

        double loss = step.step(x, y, z);
        TensorAssert.assertClose("loss", g.get("loss").getDouble(0), loss, 1e-5);
        TensorAssert.assertClose("logits", g.get("logits"), step.lastLogits(), 1e-4);
        for (Parameter p : student.parameters()) {
            TensorAssert.assertClose("grad." + p.name(), g.get("grad." + p.name()), p.grad(), 1e-4);
        }
        step.step(x, y, z);
        step.step(x, y, z);
        assertEquals(3, step.optimizer().steps());
        for (Parameter p : student.parameters()) {
            TensorAssert.assertClose("adam3." + p.name(), g.get("adam3." + p.name()), p.value(), 1e-4);
        }
        TensorAssert.assertClose("logits_after", g.get("logits_after"), student.forward(x), 1e-4);
    }

    @Test
    void distillationStepWithoutTeacherLogitsIsRejected() {
        Model student = Models.evokeStudent(1);
        TrainingStep step = new TrainingStep(student, new Adam(student.parameters(), 1e-3), new DistillationLoss(1.25, 0.25));
        SafeTensors.Contents g = Golden.load("student_distill_step.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.step(g.get("x"), g.get("labels"), null));
        assertEquals("a distillation step needs the teacher's logits for the batch", e.getMessage());
    }

    @Test
    void lastLogitsBeforeAnyStepIsAnError() {
        Model student = Models.evokeStudent(1);
        TrainingStep step = new TrainingStep(student, new Adam(student.parameters(), 1e-3), null);
        assertThrows(IllegalStateException.class, step::lastLogits);
    }
}

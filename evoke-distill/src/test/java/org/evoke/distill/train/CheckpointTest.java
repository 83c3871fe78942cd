package org.evoke.distill.train;

import org.evoke.nn.Model;
import org.evoke.nn.Parameter;
import org.evoke.nn.layers.Dropout;
import org.evoke.nn.models.Models;
import org.evoke.nn.optim.Adam;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.io.SafeTensorsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    @Test
    void restoreBringsBackWeightsMomentsStepsAndDropoutCounters(@TempDir Path dir) {
        Model m = Models.ccnn(3);
        Adam adam = new Adam(m.parameters(), 1e-3);
        for (Parameter p : m.parameters()) {
            p.grad().assign(0.01);
        }
        adam.step();
        adam.step();
        Dropout d = Checkpoint.dropouts(m).get(0);
        d.setStep(17);
        EpochRecord rec = new EpochRecord(1, 0.5, Map.of("mean_accuracy", 0.75), 0.6, Map.of("mean_accuracy", 0.7), true, 1.5);
        Path file = dir.resolve("last.safetensors");
        Checkpoint.write(file, m, adam, Map.of("fold", "3"), new Checkpoint.Progress(1, 1, 0.6, 0, List.of(rec)));

        Model back = Models.ccnn(3);
        Adam backAdam = new Adam(back.parameters(), 1e-3);
        Map<String, String> meta = new HashMap<>();
        Checkpoint.Progress p = Checkpoint.restore(file, back, backAdam, meta);
        assertEquals(1, p.epoch());
        assertEquals(List.of(rec), p.history());
        assertEquals(2, backAdam.steps());
        assertEquals(17, Checkpoint.dropouts(back).get(0).step());
        assertEquals("3", meta.get("fold"));
        for (Map.Entry<String, INDArray> e : m.state().entrySet()) {
            assertEquals(e.getValue(), back.state().get(e.getKey()), e.getKey());
        }
        for (Map.Entry<String, INDArray> e : adam.state().entrySet()) {
            assertEquals(e.getValue(), backAdam.state().get(e.getKey()), e.getKey());
        }
    }

    @Test
    void aPlainWeightsFileOrAnotherModelIsNotACheckpoint(@TempDir Path dir) {
        Model m = Models.evokeStudent(1);
        Path weights = dir.resolve("w.safetensors");
        m.save(weights);
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> Checkpoint.restore(weights, m, new Adam(m.parameters(), 1e-3), new HashMap<>()));
        assertTrue(e.getMessage().contains("not an evoke checkpoint"), e.getMessage());
        Path ck = dir.resolve("ck.safetensors");
        Checkpoint.write(ck, m, new Adam(m.parameters(), 1e-3), Map.of(), new Checkpoint.Progress(0, 0, Double.POSITIVE_INFINITY, 0, List.of()));
        Model teacher = Models.ccnn(1);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.restore(ck, teacher, new Adam(teacher.parameters(), 1e-3), new HashMap<>()));
        assertTrue(e2.getMessage().endsWith("checkpoint of model evoke-student, expected ccnn"), e2.getMessage());
        assertEquals("evoke-checkpoint/1", SafeTensors.read(ck).metadata().get("format"));
    }
}

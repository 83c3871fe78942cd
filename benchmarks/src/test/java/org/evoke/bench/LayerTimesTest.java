package org.evoke.bench;

import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The layer split covers every layer in order, activations fused into the layer before them as Model.forward runs
 * them, with every MAC of the model counted once (three calls: a correctness check, not a measurement).
 */
class LayerTimesTest {
    @Test
    void oneTimePerLayerInModelOrder() {
        var model = Models.evokeStudent(1);
        List<LayerTimes.Time> t = LayerTimes.measure(model, Inputs.xArray(2, 1), 3);
        assertEquals(List.of("conv1 + relu1", "conv2 + relu2", "flatten", "fc1 + relu3", "fc2"), t.stream().map(LayerTimes.Time::layer).toList());
        assertEquals(model.summary().macs(), t.stream().mapToLong(LayerTimes.Time::macs).sum());
        assertTrue(t.stream().allMatch(x -> x.micros() >= 0));
        String md = LayerTimes.table("student", 2, 3, t, 100);
        assertTrue(md.contains("| all |") && md.contains("| conv2 + relu2 |"), md);
        assertThrows(IllegalArgumentException.class, () -> LayerTimes.measure(model, Inputs.xArray(2, 1), 0));
    }
}

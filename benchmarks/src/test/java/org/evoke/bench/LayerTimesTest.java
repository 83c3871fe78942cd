package org.evoke.bench;

import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The layer split covers every layer in order (three calls: a correctness check, not a measurement). */
class LayerTimesTest {
    @Test
    void oneTimePerLayerInModelOrder() {
        var model = Models.evokeStudent(1);
        List<LayerTimes.Time> t = LayerTimes.measure(model, Inputs.xArray(2, 1), 3);
        assertEquals(model.network().layers().stream().map(l -> l.name()).toList(), t.stream().map(LayerTimes.Time::layer).toList());
        assertTrue(t.stream().allMatch(x -> x.micros() >= 0));
        assertThrows(IllegalArgumentException.class, () -> LayerTimes.measure(model, Inputs.xArray(2, 1), 0));
    }
}

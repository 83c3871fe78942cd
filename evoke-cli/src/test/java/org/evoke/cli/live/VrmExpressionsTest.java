package org.evoke.cli.live;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The VRM presets of an emotion, blended with the blendshape smoother's time constant. */
class VrmExpressionsTest {
    @Test
    void theFirstWindowSetsThePresetsThenEachMovesByOneMinusExpOfMinusDtOverTau() {
        VrmExpressions v = new VrmExpressions();
        Map<String, Double> w = v.step("excited", 1.0);
        assertEquals(0.8, w.get("happy"), 1e-12);
        assertEquals(0.5, w.get("surprised"), 1e-12);
        assertEquals(0.0, w.get("neutral"), 1e-12);
        w = v.step("sad", 3.0); // dt = 2 s = tau: a step of 1 - 1/e
        double a = 1 - Math.exp(-1);
        assertEquals(0.8 * (1 - a), w.get("happy"), 1e-12);
        assertEquals(a, w.get("sad"), 1e-12);
        w = v.step("no such emotion", 3.0); // dt = 0: no move, and an unknown emotion aims at neutral
        assertEquals(0.0, w.get("neutral"), 1e-12);
        w = v.step("no such emotion", 5.0);
        assertEquals(a, w.get("neutral"), 1e-12);
        assertEquals(java.util.List.of(VrmExpressions.VRM1), java.util.List.copyOf(w.keySet()), "VRM 1.0's order");
    }
}

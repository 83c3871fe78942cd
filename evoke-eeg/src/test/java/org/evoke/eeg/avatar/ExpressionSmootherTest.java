package org.evoke.eeg.avatar;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpressionSmootherTest {
    private final ExpressionLibrary lib = ExpressionLibrary.defaultLibrary();

    @Test
    void aSingleWindowFlipDoesNotSwitchTheDisplayedExpressionFully() {
        ExpressionSmoother s = new ExpressionSmoother();
        Expression happy = lib.get("happy"), sad = lib.get("sad");
        for (int i = 0; i < 10; i++) {
            s.update(happy, 1.0);
        }
        Expression shown = s.update(sad, 1.0); // one 1 s window says sad
        assertEquals("happy", shown.name());
        assertTrue(shown.distance(happy) < shown.distance(sad), "still closer to happy");
        double smile = shown.weight(Blendshape.MOUTH_SMILE_LEFT);
        // the default tau of 2 s moves 1 - e^-0.5 = 39% of the way in one second
        assertEquals(happy.weight(Blendshape.MOUTH_SMILE_LEFT) * Math.exp(-0.5), smile, 1e-3);
        Expression back = s.update(happy, 1.0);
        assertEquals("happy", back.name());
    }

    @Test
    void aSustainedChangeTakesOverWithinAFewWindows() {
        ExpressionSmoother s = new ExpressionSmoother();
        Expression happy = lib.get("happy"), sad = lib.get("sad");
        for (int i = 0; i < 10; i++) {
            s.update(happy, 1.0);
        }
        Expression shown = null;
        for (int i = 0; i < 3; i++) {
            shown = s.update(sad, 1.0);
        }
        assertEquals("sad", shown.name());
        assertTrue(shown.distance(sad) < 0.25 * sad.distance(happy), "78% of the way after three windows");
    }

    @Test
    void firstUpdateShowsTheTargetAndZeroTauDisablesSmoothing() {
        ExpressionSmoother s = new ExpressionSmoother(0);
        assertEquals("neutral", s.current().name());
        s.update(lib.get("angry"), 1.0);
        assertEquals(0.0, s.current().distance(lib.get("angry")), 1e-15);
        s.update(lib.get("fearful"), 1.0);
        assertEquals(0.0, s.current().distance(lib.get("fearful")), 1e-15);
        s.reset();
        assertEquals("neutral", s.displayedEmotion());
        assertThrows(IllegalArgumentException.class, () -> new ExpressionSmoother(-1));
        assertThrows(IllegalArgumentException.class, () -> new ExpressionSmoother().update(lib.get("sad"), Double.NaN));
    }

    @Test
    void theSmoothedExpressionKeepsItsActionUnitsBlendedLikeTheWeights() {
        ExpressionSmoother s = new ExpressionSmoother();
        Expression happy = lib.get("happy"), sad = lib.get("sad");
        assertEquals(happy.actionUnits(), s.update(happy, 1.0).actionUnits(), "the first window shows the target as it is");
        Expression shown = s.update(sad, 1.0);
        double keep = Math.exp(-0.5); // 1 s at tau 2 s
        for (ActionUnit au : ActionUnit.values()) {
            double expected = happy.actionUnits().getOrDefault(au, 0.0) * keep + sad.actionUnits().getOrDefault(au, 0.0) * (1 - keep);
            assertEquals(expected, shown.actionUnits().getOrDefault(au, 0.0), 1e-12, au.name());
        }
        assertTrue(shown.actionUnits().keySet().containsAll(happy.actionUnits().keySet()), "fading units stay until they reach 0");
        s.reset();
        assertTrue(s.current().actionUnits().isEmpty());
    }

    @Test
    void onePresetExportsAsJsonWithItsActionUnitsAndAll52Blendshapes() throws Exception {
        Expression happy = lib.get("happy");
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ExpressionLibrary.toJson(happy));
        assertEquals("happy", j.get("name").asText());
        assertEquals(52, j.get("blendshapes").size());
        assertEquals(happy.actionUnits().size(), j.get("actionUnits").size());
        assertEquals(happy.weight(Blendshape.MOUTH_SMILE_LEFT), j.get("blendshapes").get("mouthSmileLeft").asDouble(), 0);
    }
}

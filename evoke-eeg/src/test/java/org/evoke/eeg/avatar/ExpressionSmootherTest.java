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
}

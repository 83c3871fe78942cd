package org.evoke.eeg.emotion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmotionTest {
    @Test
    void octantFollowsTheSignsOfThePrototype() {
        assertEquals(0b101, new Emotion("x", 0.5, -0.2, 0.1).prototypeOctant());
        assertEquals(0b010, new Emotion("x", -0.5, 0.2, -0.1).prototypeOctant());
    }

    @Test
    void rejectsCoordinatesOutsideTheUnitCube() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Emotion("joy", 1.5, 0, 0));
        assertEquals(true, e.getMessage().contains("joy"));
        assertThrows(IllegalArgumentException.class, () -> new Emotion("", 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Emotion("x", Double.NaN, 0, 0));
    }
}

package org.evoke.eeg.avatar;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ActionUnitTest {
    @Test
    void everyActionUnitDrivesSomeBlendshapeWithinRange() {
        for (ActionUnit au : ActionUnit.values()) {
            assertFalse(au.blendshapes().isEmpty(), au.name());
            au.blendshapes().values().forEach(w -> assertEquals(true, w > 0 && w <= 1, au + " weight " + w));
            assertEquals("AU" + au.number(), au.name());
        }
        assertEquals(1.0, ActionUnit.AU12.blendshapes().get(Blendshape.MOUTH_SMILE_LEFT));
        assertEquals(1.0, ActionUnit.AU26.blendshapes().get(Blendshape.JAW_OPEN));
    }

    @Test
    void parsesWithOrWithoutPrefix() {
        assertEquals(ActionUnit.AU6, ActionUnit.parse("AU6"));
        assertEquals(ActionUnit.AU6, ActionUnit.parse("au6"));
        assertEquals(ActionUnit.AU26, ActionUnit.parse("26"));
        assertThrows(IllegalArgumentException.class, () -> ActionUnit.parse("AU99"));
    }
}

package org.evoke.eeg.avatar;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlendshapeTest {
    @Test
    void thereAreTheFiftyTwoArkitNamesEachOnce() {
        assertEquals(52, Blendshape.values().length);
        Set<String> names = new HashSet<>();
        for (Blendshape b : Blendshape.values()) {
            assertTrue(names.add(b.arkitName()));
            assertTrue(b.arkitName().matches("[a-z]+[A-Za-z]*"), b.arkitName());
            // the enum constant is the ARKit name in upper snake case
            assertEquals(b.name(), b.arkitName().replaceAll("([A-Z])", "_$1").toUpperCase());
            assertEquals(b, Blendshape.byArkitName(b.arkitName()));
        }
        assertEquals("eyeBlinkLeft", Blendshape.values()[0].arkitName());
        assertEquals("tongueOut", Blendshape.values()[51].arkitName());
        assertThrows(IllegalArgumentException.class, () -> Blendshape.byArkitName("JawOpen"));
    }
}

package org.evoke.eeg.features;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BandTest {
    @Test
    void rejectsEmptyOrInvertedBands() {
        assertThrows(IllegalArgumentException.class, () -> new Band("x", 8, 4));
        assertThrows(IllegalArgumentException.class, () -> new Band("x", 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new Band(" ", 1, 4));
        assertEquals("alpha 8.0-14.0 Hz", new Band("alpha", 8, 14).toString());
    }
}

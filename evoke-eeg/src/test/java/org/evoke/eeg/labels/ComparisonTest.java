package org.evoke.eeg.labels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    @Test
    void equalityDecidesBetweenTheTwo() {
        assertTrue(Comparison.GREATER_OR_EQUAL.test(5.0, 5.0));
        assertFalse(Comparison.GREATER.test(5.0, 5.0));
        assertTrue(Comparison.GREATER.test(5.01, 5.0));
    }

    @Test
    void parsesSymbolsAndNames() {
        assertEquals(Comparison.GREATER, Comparison.parse(">"));
        assertEquals(Comparison.GREATER_OR_EQUAL, Comparison.parse(" >= "));
        assertEquals(Comparison.GREATER, Comparison.parse("greater"));
        assertThrows(IllegalArgumentException.class, () -> Comparison.parse("<"));
    }
}

package org.evoke.eeg.split;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class FoldTest {
    @Test
    void foldsCompareByTheirIndexContents() {
        Fold a = new Fold(0, new int[]{1, 2}, new int[]{0});
        assertEquals(a, new Fold(0, new int[]{1, 2}, new int[]{0}));
        assertEquals(a.hashCode(), new Fold(0, new int[]{1, 2}, new int[]{0}).hashCode());
        assertNotEquals(a, new Fold(0, new int[]{0, 2}, new int[]{1}));
        assertNotEquals(a, new Fold(1, new int[]{1, 2}, new int[]{0}));
        assertEquals("Fold[0: train 2 windows, test 1 windows]", a.toString());
    }
}

package org.evoke.eeg.signal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WindowsTest {
    @Test
    void symmetricHannIsZeroAtBothEndsAndSymmetric() {
        double[] w = Windows.hannSymmetric(128);
        assertEquals(0.0, w[0], 0);
        assertEquals(0.0, w[127], 1e-15);
        for (int n = 0; n < 64; n++) {
            assertEquals(w[n], w[127 - n], 1e-15, "index " + n);
        }
        // odd length peaks at exactly 1 in the middle
        assertEquals(1.0, Windows.hannSymmetric(5)[2], 1e-15);
        assertArrayEquals(new double[] {0, 0.5, 1, 0.5, 0}, Windows.hannSymmetric(5), 1e-15);
        assertArrayEquals(new double[] {1}, Windows.hannSymmetric(1), 0);
    }

    @Test
    void rejectsEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> Windows.hannSymmetric(0));
    }
}

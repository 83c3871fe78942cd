package org.evoke.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class InputsTest {
    @Test
    void sameSeedSameBatchAndValuesInRange() {
        float[] a = Inputs.x(3, 7), b = Inputs.x(3, 7), c = Inputs.x(3, 8);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        assertEquals(3 * 4 * 9 * 9, a.length);
        for (float v : a) {
            assertTrue(v >= -1 && v < 1, "x value " + v);
        }
        assertArrayEquals(new long[]{3, 4, 9, 9}, Inputs.xArray(3, 7).shape());
    }

    @Test
    void labelsAreZerosAndOnesOfBothKinds() {
        float[] y = Inputs.labels(64, 7);
        assertEquals(64 * 3, y.length);
        int ones = 0;
        for (float v : y) {
            assertTrue(v == 0f || v == 1f, "label " + v);
            ones += (int) v;
        }
        assertTrue(ones > 0 && ones < y.length, "ones " + ones);
        assertArrayEquals(new long[]{64, 3}, Inputs.labelArray(64, 7).shape());
    }
}

package org.evoke.eeg.signal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CorrectlyRoundedTest {
    @Test
    void agreesWithStrictMathWithinOneUlp() {
        for (double x = -1.55; x < 1.56; x += 0.0137) {
            assertEquals(StrictMath.sin(x), CorrectlyRounded.sin(x), Math.ulp(StrictMath.sin(x)), "sin " + x);
            assertEquals(StrictMath.cos(x), CorrectlyRounded.cos(x), Math.ulp(StrictMath.cos(x)), "cos " + x);
            assertEquals(StrictMath.tan(x), CorrectlyRounded.tan(x), Math.ulp(StrictMath.tan(x)), "tan " + x);
        }
        assertEquals(5.0, CorrectlyRounded.hypot(3, 4), 0);
        assertEquals(0.0, CorrectlyRounded.hypot(0, 0), 0);
        assertEquals(Math.pow(1.1, 5), CorrectlyRounded.pow(1.1, 5), Math.ulp(Math.pow(1.1, 5)));
    }

    @Test
    void exactCasesAreExact() {
        assertEquals(0.0, CorrectlyRounded.sin(0), 0);
        assertEquals(1.0, CorrectlyRounded.cos(0), 0);
        assertEquals(32.0, CorrectlyRounded.pow(2, 5), 0);
        assertEquals(1.0, CorrectlyRounded.pow(7.3, 0), 0);
    }

    @Test
    void rejectsArgumentsOutsideTheSeriesRange() {
        assertThrows(IllegalArgumentException.class, () -> CorrectlyRounded.sin(100));
    }
}

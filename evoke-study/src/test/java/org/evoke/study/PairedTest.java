package org.evoke.study;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paired statistics against an example worked by hand:
 * <pre>
 *   a = 0.8 0.7 0.9 0.6,  b = 0.7 0.5 0.6 0.2  ->  d = 0.1 0.2 0.3 0.4
 *   mean d = 0.25;  sum (d - mean)^2 = 0.0225 + 0.0025 + 0.0025 + 0.0225 = 0.05;  s^2 = 0.05 / 3 = 0.0166667
 *   t(0.975, 3 df) = 3.182446  (any t table)
 *   plain:      se = sqrt(s^2 / 4)           = 0.0645497;  half-width 0.2054260;  CI 0.0445740 .. 0.4554260
 *   rho = 1/3:  se = sqrt((1/4 + 1/3) s^2)   = 0.0986013;  half-width 0.3137934;  CI -0.0637934 .. 0.5637934
 * </pre>
 * (rho = 1/3 is 4-fold cross-validation: each fold holds out a third as many windows as it trains on.)
 */
class PairedTest {
    static final double[] A = {0.8, 0.7, 0.9, 0.6}, B = {0.7, 0.5, 0.6, 0.2};

    @Test
    void thePlainPairedTIntervalMatchesTheHandWorkedExample() {
        Paired p = Paired.of("distilled", "scratch", "mean_accuracy", A, B, 0, 0.95);
        assertEquals(4, p.n());
        assertEquals(0.25, p.meanDifference(), 1e-12);
        assertEquals(Math.sqrt(0.05 / 3), p.sd(), 1e-12);
        assertEquals(0.0445740, p.lower(), 1e-6);
        assertEquals(0.4554260, p.upper(), 1e-6);
        assertTrue(p.distinguishable());
        assertEquals("distilled minus scratch, mean_accuracy: +0.2500 (95% CI +0.0446 to +0.4554, 4 pairs):"
                + " distilled is higher, distinguishable from noise.", p.sentence());
    }

    @Test
    void theOverlapCorrectionWidensTheIntervalAsWorkedByHand() {
        Paired p = Paired.of("distilled", "scratch", "mean_accuracy", A, B, 1.0 / 3, 0.95);
        assertEquals(-0.0637934, p.lower(), 1e-6);
        assertEquals(0.5637934, p.upper(), 1e-6);
        assertFalse(p.distinguishable());
        assertTrue(p.sentence().endsWith("not distinguishable from noise at this size."), p.sentence());
    }

    @Test
    void aNegativeDifferenceNamesTheSecondModelAndOnePairHasNoInterval() {
        Paired p = Paired.of("scratch", "teacher", "mean_accuracy", B, A, 0, 0.95);
        assertEquals(-0.25, p.meanDifference(), 1e-12);
        assertTrue(p.sentence().contains("teacher is higher"), p.sentence());
        Paired one = Paired.of("a", "b", "m", new double[] {0.9}, new double[] {0.8}, 0, 0.95);
        assertTrue(Double.isNaN(one.lower()));
        assertFalse(one.distinguishable());
        assertTrue(one.sentence().contains("one pair"), one.sentence());
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Paired.of("a", "b", "m", new double[] {1, 2}, new double[] {1}, 0, 0.95));
        assertTrue(e.getMessage().contains("got 2 and 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Paired.of("a", "b", "m", A, B, 0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Paired.of("a", "b", "m", new double[] {Double.NaN, 1}, new double[] {1, 1}, 0, 0.95));
    }

    @Test
    void resultsJsonCarriesTheSentenceAndReadsBack() {
        Paired p = Paired.of("distilled", "scratch", "mean_accuracy", A, B, 1.0 / 3, 0.95);
        String json = Results.toJson(p);
        assertTrue(json.contains("\"sentence\"") && json.contains("not distinguishable from noise"), json);
        assertTrue(json.contains("\"distinguishable\" : false"), json);
        assertEquals(p, Results.fromJson(json, Paired.class));
    }
}

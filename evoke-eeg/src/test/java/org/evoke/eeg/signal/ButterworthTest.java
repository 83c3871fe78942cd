package org.evoke.eeg.signal;

import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ButterworthTest {
    static final String[] BANDS = {"theta", "alpha", "beta", "gamma"};
    static final double[][] EDGES = {{4, 8}, {8, 14}, {14, 31}, {31, 49}};

    @Test
    void coefficientsMatchScipyButterForOrders3And5() {
        SafeTensors.Contents g = Golden.load("eeg_filters.safetensors");
        for (int order : new int[] {3, 5}) {
            for (int i = 0; i < BANDS.length; i++) {
                Butterworth.Coefficients c = Butterworth.bandpass(order, EDGES[i][0], EDGES[i][1], 128);
                String key = "order" + order + "." + BANDS[i];
                TensorAssert.assertClose(key + ".b", g.get(key + ".b"), Nd4j.createFromArray(c.b()), 1e-10);
                TensorAssert.assertClose(key + ".a", g.get(key + ".a"), Nd4j.createFromArray(c.a()), 1e-10);
            }
        }
    }

    @Test
    void coefficientsAreBitIdenticalToScipy() {
        // the order-5 filter amplifies a one-ulp change in b or a to about 1e-8 in its output, so the design
        // reproduces NumPy's rounding step by step; this pins that down
        SafeTensors.Contents g = Golden.load("eeg_filters.safetensors");
        for (int order : new int[] {3, 5}) {
            for (int i = 0; i < BANDS.length; i++) {
                Butterworth.Coefficients c = Butterworth.bandpass(order, EDGES[i][0], EDGES[i][1], 128);
                String key = "order" + order + "." + BANDS[i];
                assertArrayEquals(g.get(key + ".b").data().asDouble(), c.b(), 0.0, key + ".b");
                assertArrayEquals(g.get(key + ".a").data().asDouble(), c.a(), 0.0, key + ".a");
            }
        }
    }

    @Test
    void bandPassHasUnitGainAtCentreAndZeroAtDcAndNyquist() {
        Butterworth.Coefficients c = Butterworth.bandpass(5, 8, 14, 128);
        // analytic: |H| = 1 at the geometric centre of the pre-warped edges, 0 at DC and Nyquist
        double w1 = Math.tan(Math.PI * 8 / 128), w2 = Math.tan(Math.PI * 14 / 128);
        double centre = 2 * Math.atan(Math.sqrt(w1 * w2));
        assertEquals(1.0, gain(c, centre), 1e-9);
        assertEquals(0.0, gain(c, 0), 1e-12);
        assertEquals(0.0, gain(c, Math.PI), 1e-12);
        // -3 dB at both edges, as a Butterworth must
        assertEquals(Math.sqrt(0.5), gain(c, 2 * Math.PI * 8 / 128), 1e-9);
        assertEquals(Math.sqrt(0.5), gain(c, 2 * Math.PI * 14 / 128), 1e-9);
    }

    @Test
    void polesLieInsideTheUnitCircle() {
        Butterworth.Zpk zpk = Butterworth.bilinearZpk(
                Butterworth.lp2bpZpk(Butterworth.buttap(5), 1.0, 0.5), 2.0);
        assertEquals(10, zpk.p().length);
        for (Complex p : zpk.p()) {
            assertTrue(Math.hypot(p.re(), p.im()) < 1, "pole " + p + " outside the unit circle");
        }
    }

    @Test
    void rejectsEdgesOutsideNyquist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Butterworth.bandpass(5, 31, 70, 128));
        assertTrue(e.getMessage().contains("Nyquist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandpass(0, 4, 8, 128));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandpass(5, 8, 4, 128));
    }

    /** |H(e^{iw})| evaluated directly from the coefficients. */
    static double gain(Butterworth.Coefficients c, double w) {
        return abs(eval(c.b(), w)) / abs(eval(c.a(), w));
    }

    private static double[] eval(double[] p, double w) {
        double re = 0, im = 0;
        for (int k = 0; k < p.length; k++) {
            re += p[k] * Math.cos(-w * k);
            im += p[k] * Math.sin(-w * k);
        }
        return new double[] {re, im};
    }

    private static double abs(double[] c) {
        return Math.hypot(c[0], c[1]);
    }
}

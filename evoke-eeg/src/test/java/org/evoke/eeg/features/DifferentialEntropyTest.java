package org.evoke.eeg.features;

import org.evoke.eeg.signal.Butterworth;
import org.evoke.eeg.signal.LinearFilter;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifferentialEntropyTest {
    @Test
    void aFlatChannelHasFeatureZeroLikeAnEmptyGridCell() {
        double[] zero = new double[128];
        org.junit.jupiter.api.Assertions.assertEquals(0.0, DifferentialEntropy.of(zero, 0, 128, 1, 2, false));
        java.util.Arrays.fill(zero, 3.5);
        org.junit.jupiter.api.Assertions.assertEquals(0.0, DifferentialEntropy.of(zero, 0, 128, 0, Math.E, true));
    }

    @Test
    void gaussianNoiseHasTheClosedFormEntropy() {
        Random rnd = new Random(42);
        int n = 200_000;
        for (double s : new double[] {0.5, 3.0, 20.0}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = s * rnd.nextGaussian();
            }
            double de = DifferentialEntropy.of(x, 0, n, 0, 2.0, false);
            // sampling error of the variance estimate: sd(var)/var = sqrt(2/n), so DE moves by about
            // 0.5 * sqrt(2/n) / ln 2 = 0.0023 bits; allow 4 of those
            assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * s * s) / Math.log(2), de, 4 * 0.5 * Math.sqrt(2.0 / n) / Math.log(2),
                    "s = " + s);
            assertEquals(DifferentialEntropy.gaussian(s * s, 2.0), de, 0.01);
        }
    }

    @Test
    void varianceFollowsDdofAndLogBaseConvertsUnits() {
        double[] x = {1, 2, 3, 4};
        assertEquals(1.25, DifferentialEntropy.variance(x, 0, 4, 0), 1e-15);
        assertEquals(5.0 / 3, DifferentialEntropy.variance(x, 0, 4, 1), 1e-15);
        assertEquals(0.25, DifferentialEntropy.variance(x, 1, 2, 0), 1e-15);
        double bits = DifferentialEntropy.of(x, 0, 4, 0, 2.0, false);
        double nats = DifferentialEntropy.of(x, 0, 4, 0, Math.E, false);
        assertEquals(nats / Math.log(2), bits, 1e-14);
        // the torcheeg 1.1.0 variant uses the standard deviation: 0.5 log2(2 pi e sqrt(var))
        assertEquals(0.5 * Math.log(2 * Math.PI * Math.E * Math.sqrt(1.25)) / Math.log(2),
                DifferentialEntropy.of(x, 0, 4, 0, 2.0, true), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> DifferentialEntropy.variance(x, 0, 1, 1));
    }

    @Test
    void tenHertzSineHasItsHighestEntropyInAlpha() {
        double[] x = new double[128];
        for (int i = 0; i < 128; i++) {
            x[i] = Math.sin(2 * Math.PI * 10 * i / 128.0);
        }
        double best = Double.NEGATIVE_INFINITY;
        String bestBand = null;
        for (Band b : Preset.TORCHEEG_BANDS) {
            double[] y = new LinearFilter(Butterworth.bandpass(5, b.lowHz(), b.highHz(), 128)).apply(x);
            double de = DifferentialEntropy.of(y, 0, 128, 0, 2.0, false);
            if (de > best) {
                best = de;
                bestBand = b.name();
            }
        }
        assertEquals("alpha", bestBand);
        assertTrue(Double.isFinite(best));
    }
}

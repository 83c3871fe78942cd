package org.evoke.eeg.features;

import org.evoke.eeg.signal.Windows;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandPowerSpectralDensityTest {
    @Test
    void tenHertzSinePutsAlmostAllItsPowerInAlpha() {
        BandPowerSpectralDensity psd = new BandPowerSpectralDensity(128, 128, 128, Preset.TORCHEEG_BANDS);
        double[] x = new double[128];
        for (int i = 0; i < 128; i++) {
            x[i] = Math.sin(2 * Math.PI * 10 * i / 128.0);
        }
        double[] out = new double[4];
        psd.compute(x, 0, out, 0, 1, new double[psd.scratchSize()], psd.newFft());
        double total = out[0] * 5 + out[1] * 6 + out[2] * 17 + out[3] * 18; // band means times bin counts
        assertTrue(out[1] * 6 / total > 0.99, "alpha share " + out[1] * 6 / total);
    }

    @Test
    void matchesANaiveDftOfTheHannWindowedSignal() {
        Random rnd = new Random(3);
        for (int[] cfg : new int[][] {{128, 128}, {100, 128}, {200, 128}, {128, 96}}) {
            int len = cfg[0], nfft = cfg[1];
            List<Band> bands = List.of(new Band("a", 4, 8), new Band("b", 14, 31));
            BandPowerSpectralDensity psd = new BandPowerSpectralDensity(len, nfft, 128, bands);
            double[] x = new double[len + 5];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextGaussian();
            }
            double[] out = new double[4];
            psd.compute(x, 5, out, 0, 2, new double[psd.scratchSize()], new DoubleFFT_1D(nfft));
            double[] w = Windows.hannSymmetric(len);
            for (int b = 0; b < bands.size(); b++) {
                int lo = (int) Math.floor(bands.get(b).lowHz() / 128 * nfft) - 1;
                int hi = (int) Math.floor(bands.get(b).highHz() / 128 * nfft);
                double sum = 0;
                for (int k = lo; k < hi; k++) {
                    double re = 0, im = 0;
                    for (int n = 0; n < Math.min(len, nfft); n++) {
                        re += x[5 + n] * w[n] * Math.cos(2 * Math.PI * k * n / nfft);
                        im -= x[5 + n] * w[n] * Math.sin(2 * Math.PI * k * n / nfft);
                    }
                    sum += re * re + im * im;
                }
                assertEquals(sum / (hi - lo), out[2 * b], 1e-9 * sum / (hi - lo), "len " + len + " nfft " + nfft + " band " + b);
            }
        }
    }

    @Test
    void binsFollowTorcheegsOffByOne() {
        BandPowerSpectralDensity psd = new BandPowerSpectralDensity(128, 128, 128, Preset.TORCHEEG_BANDS);
        assertEquals(3, psd.firstBin(0));
        assertEquals(8, psd.endBin(0));
        assertEquals(30, psd.firstBin(3));
        assertEquals(49, psd.endBin(3));
    }

    @Test
    void rejectsBandsOutsideTheSpectrum() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BandPowerSpectralDensity(128, 128, 128, List.of(new Band("x", 0.5, 4))));
        assertTrue(e.getMessage().contains("FFT bins"), e.getMessage());
    }
}

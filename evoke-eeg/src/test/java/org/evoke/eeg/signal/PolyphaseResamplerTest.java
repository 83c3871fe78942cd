package org.evoke.eeg.signal;

import org.evoke.tensor.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Against scipy.signal.resample_poly (SciPy 1.10, tools/signal/resample_golden.py), and analytic cases. */
class PolyphaseResamplerTest {
    static SafeTensors.Contents golden() throws IOException {
        try (InputStream in = PolyphaseResamplerTest.class.getResourceAsStream("/signal/resample_poly.safetensors")) {
            return SafeTensors.parse(ByteBuffer.wrap(in.readAllBytes()), "resample_poly.safetensors");
        }
    }

    static void assertClose(String what, double[] expected, double[] actual, double rel) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > rel * scale) {
                fail(what + "[" + i + "]: " + actual[i] + ", SciPy " + expected[i] + " (scale " + scale + ")");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {250, 256, 500, 512, 1000})
    void matchesScipyResamplePolyTo128Hz(int rate) throws IOException {
        SafeTensors.Contents g = golden();
        PolyphaseResampler r = PolyphaseResampler.to128(rate);
        assertEquals(Integer.parseInt(g.metadata().get("up" + rate)), r.up());
        assertEquals(Integer.parseInt(g.metadata().get("down" + rate)), r.down());
        double[] h = g.get("h" + rate).data().asDouble();
        double[] ours = r.taps();
        for (int i = 0; i < ours.length; i++) {
            ours[i] /= r.up();
        }
        assertClose("firwin taps at " + rate + " Hz", h, ours, 1e-13);
        for (String key : new String[] {"", "s"}) {
            double[] x = g.get("x" + key + rate).data().asDouble();
            assertClose("resample_poly at " + rate + " Hz, " + x.length + " samples", g.get("y" + key + rate).data().asDouble(),
                    r.resample(x), 1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {250, 256, 512, 1000})
    void aStreamInPiecesOfAnySizeEqualsTheWholeToTheBit(int rate) throws IOException {
        double[] x = golden().get("x" + rate).data().asDouble();
        PolyphaseResampler r = PolyphaseResampler.to128(rate);
        double[] whole = r.resample(x);
        Random rnd = new Random(rate);
        PolyphaseResampler.Stream s = r.stream();
        double[] out = new double[whole.length];
        int k = 0;
        for (int at = 0; at < x.length; ) {
            int n = Math.min(x.length - at, rnd.nextInt(300));
            assertTrue(s.maxOutputs(n) >= 0);
            k += s.push(x, at, n, out, k);
            at += n;
        }
        assertEquals(whole.length - k, s.pending());
        k += s.finish(out, k);
        assertEquals(whole.length, k);
        assertArrayEquals(whole, out, 0.0);
    }

    @Test
    void aToneBelowTheNewNyquistKeepsItsAmplitudeAndOneAboveIsRemoved() {
        int rate = 512;
        double[] pass = new double[rate * 8], stop = new double[rate * 8];
        for (int i = 0; i < pass.length; i++) {
            pass[i] = Math.sin(2 * Math.PI * 10 * i / rate);
            stop[i] = Math.sin(2 * Math.PI * 100 * i / rate); // above 64 Hz: would alias to 28 Hz
        }
        PolyphaseResampler r = PolyphaseResampler.to128(rate);
        double[] p = r.resample(pass), q = r.resample(stop);
        assertEquals(pass.length / 4, p.length);
        double worst = 0, leak = 0;
        for (int i = 128; i < p.length - 128; i++) { // away from the zero-padded ends
            worst = Math.max(worst, Math.abs(p[i] - Math.sin(2 * Math.PI * 10 * i / 128.0)));
            leak = Math.max(leak, Math.abs(q[i]));
        }
        assertTrue(worst < 1e-3, "10 Hz through 512 -> 128 Hz: worst error " + worst);
        assertTrue(leak < 1e-3, "100 Hz leaks " + leak);
    }

    @Test
    void equalRatesCopyTheSignalExactlyAsScipyDoes() {
        double[] x = new double[300];
        Random rnd = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian() * 1e3;
        }
        assertArrayEquals(x, PolyphaseResampler.to128(128).resample(x), 0.0);
    }

    @Test
    void ratesAreReducedAndOddRatesRefused() {
        assertEquals(64, PolyphaseResampler.to128(250).up());
        assertEquals(125, PolyphaseResampler.to128(250).down());
        assertEquals(1, PolyphaseResampler.to128(128).up());
        assertEquals(1, PolyphaseResampler.to128(128).down());
        assertEquals(256, PolyphaseResampler.to128(500.5).up()); // 128000 / 500500 = 256 / 1001
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolyphaseResampler.to128(511.9973));
        assertTrue(e.getMessage().contains("511.9973 Hz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolyphaseResampler.to128(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PolyphaseResampler.to128(0));
    }

    @Test
    void kaiserWindowAndBesselI0() {
        // I0(0) = 1, I0(1) = 1.2660658777520082 (Abramowitz and Stegun table 9.8)
        assertEquals(1.0, Windows.besselI0(0), 0.0);
        assertEquals(1.2660658777520082, Windows.besselI0(1), 1e-15);
        double[] w = Windows.kaiser(7, 5.0);
        assertEquals(1.0, w[3], 1e-15);
        assertEquals(w[0], w[6], 0.0);
        assertEquals(1 / Windows.besselI0(5.0), w[0], 1e-16);
    }
}

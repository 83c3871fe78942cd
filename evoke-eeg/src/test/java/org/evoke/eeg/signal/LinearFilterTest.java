package org.evoke.eeg.signal;

import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinearFilterTest {
    @Test
    void order5OutputMatchesScipyLfilter() {
        SafeTensors.Contents g = Golden.load("eeg_filters.safetensors");
        double[] x = g.get("signal").dup('c').data().asDouble();
        for (int i = 0; i < ButterworthTest.BANDS.length; i++) {
            String band = ButterworthTest.BANDS[i];
            LinearFilter f = new LinearFilter(Butterworth.bandpass(5, ButterworthTest.EDGES[i][0], ButterworthTest.EDGES[i][1], 128));
            TensorAssert.assertClose("lfilter." + band, g.get("lfilter." + band), Nd4j.createFromArray(f.apply(x)), 1e-9);
        }
    }

    @Test
    void fastLoopEqualsNaiveDifferenceEquation() {
        Random rnd = new Random(7);
        double[] b = {0.3, -0.2, 0.1, 0.05};
        double[] a = {2.0, -0.4, 0.2, -0.1};
        double[] x = new double[200];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] y = new LinearFilter(b, a).apply(x);
        // naive reference: a0 y[n] = sum_k b[k] x[n-k] - sum_{k>=1} a[k] y[n-k]
        double[] ref = new double[x.length];
        for (int n = 0; n < x.length; n++) {
            double s = 0;
            for (int k = 0; k < b.length && k <= n; k++) {
                s += b[k] * x[n - k];
            }
            for (int k = 1; k < a.length && k <= n; k++) {
                s -= a[k] * ref[n - k];
            }
            ref[n] = s / a[0];
        }
        assertArrayEquals(ref, y, 1e-12);
    }

    @Test
    void filtersInPlaceAndAtOffsets() {
        double[] b = {0.5, 0.5};
        double[] a = {1.0, -0.3};
        double[] x = {9, 1, 2, 3, 4, 9};
        double[] expected = new LinearFilter(b, a).apply(new double[] {1, 2, 3, 4});
        new LinearFilter(b, a).apply(x, 1, x, 1, 4, new double[1]);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(x, 1, 5), 0);
        assertEquals(9, x[0]);
        assertEquals(9, x[5]);
    }

    @Test
    void resumingChunkByChunkEqualsOneApplyOverTheWholeSignal() {
        LinearFilter f = new LinearFilter(Butterworth.bandpass(5, 8, 14, 128));
        Random rnd = new Random(3);
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] whole = f.apply(x);
        double[] chunked = new double[x.length];
        double[] state = new double[f.length() - 1];
        int[] sizes = {1, 127, 128, 300, 444};
        for (int at = 0, i = 0; at < x.length; at += sizes[i++]) {
            f.resume(x, at, chunked, at, sizes[i], state);
        }
        assertArrayEquals(whole, chunked, 0.0);
    }

    @Test
    void rejectsZeroLeadingDenominator() {
        assertThrows(IllegalArgumentException.class, () -> new LinearFilter(new double[] {1}, new double[] {0, 1}));
    }
}

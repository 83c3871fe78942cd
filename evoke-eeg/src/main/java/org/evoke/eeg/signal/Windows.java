package org.evoke.eeg.signal;

/** Window functions as SciPy defines them. */
public final class Windows {
    private Windows() {
    }

    /**
     * The symmetric Hann window of length {@code m}, {@code scipy.signal.windows.hann(m, sym=True)} (also
     * {@code numpy.hanning}): {@code w[n] = 0.5 - 0.5 cos(2 pi n / (m - 1))}; {@code [1]} for m = 1. torcheeg's
     * BandPowerSpectralDensity uses this one, not the periodic {@code get_window('hann')}.
     */
    public static double[] hannSymmetric(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + m);
        }
        double[] w = new double[m];
        if (m == 1) {
            w[0] = 1;
            return w;
        }
        for (int n = 0; n < m; n++) {
            w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (m - 1));
        }
        return w;
    }
}

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

    /**
     * The symmetric Kaiser window, {@code scipy.signal.windows.kaiser(m, beta, sym=True)}:
     * {@code w[n] = I0(beta sqrt(1 - ((n - a) / a)^2)) / I0(beta)}, a = (m - 1) / 2; {@code [1]} for m = 1.
     */
    public static double[] kaiser(int m, double beta) {
        if (m < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + m);
        }
        double[] w = new double[m];
        if (m == 1) {
            w[0] = 1;
            return w;
        }
        double alpha = (m - 1) / 2.0, i0beta = besselI0(beta);
        for (int n = 0; n < m; n++) {
            double r = (n - alpha) / alpha;
            w[n] = besselI0(beta * Math.sqrt(1 - r * r)) / i0beta;
        }
        return w;
    }

    /**
     * The modified Bessel function of the first kind, order 0, by its power series sum_k ((x/2)^k / k!)^2, summed
     * until a term no longer changes the sum (relative error near 1e-16 for the |x| <= 20 of Kaiser windows).
     */
    static double besselI0(double x) {
        double q = x * x / 4, term = 1, sum = 1;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return sum;
    }
}

package org.evoke.eeg.features;

/**
 * Differential entropy of a (band-filtered) window, the Gaussian formula
 * <pre>
 *   DE = 1/2 * log_base(2 pi e v),   v = var(x) = sum (x - mean)^2 / (n - ddof)
 * </pre>
 * torcheeg: base 2, ddof 0. decnn: base e, ddof 1. torcheeg up to 1.1.0 put the standard deviation where the
 * variance belongs ({@code v = std(x)}, fixed in 1.1.1); that variant is kept for reproduction
 * ({@code useStd}). For Gaussian x of variance s^2 the formula is the exact differential entropy.
 */
public final class DifferentialEntropy {
    private static final double TWO_PI_E = 2 * Math.PI * Math.E;

    private DifferentialEntropy() {
    }

    /** The variance of {@code x[off .. off+n)} with {@code n - ddof} in the denominator (two passes, as NumPy). */
    public static double variance(double[] x, int off, int n, int ddof) {
        if (n - ddof <= 0) {
            throw new IllegalArgumentException("variance of " + n + " samples with ddof " + ddof + " is undefined");
        }
        double sum = 0;
        for (int i = off; i < off + n; i++) {
            sum += x[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = off; i < off + n; i++) {
            double d = x[i] - mean;
            ss += d * d;
        }
        return ss / (n - ddof);
    }

    /**
     * DE of {@code x[off .. off+n)}. A flat signal (variance exactly 0: an electrode the recording lacks, set to 0
     * by the montage) has no finite DE; its feature is 0, as the grid's cells without an electrode (torcheeg), so
     * that it neither turns the window's features into -infinity nor, after the baseline is subtracted, into NaN.
     *
     * @param logBase 2 for torcheeg, {@link Math#E} for decnn
     * @param useStd  torcheeg 1.1.0's formula: the standard deviation in place of the variance
     */
    public static double of(double[] x, int off, int n, int ddof, double logBase, boolean useStd) {
        double v = variance(x, off, n, ddof);
        if (v == 0) {
            return 0;
        }
        if (useStd) {
            v = Math.sqrt(v);
        }
        return 0.5 * log(TWO_PI_E * v, logBase);
    }

    /** The closed form for a Gaussian of the given variance: 1/2 log_base(2 pi e variance). */
    public static double gaussian(double variance, double logBase) {
        return 0.5 * log(TWO_PI_E * variance, logBase);
    }

    static double log(double v, double base) {
        return base == Math.E ? Math.log(v) : Math.log(v) / Math.log(base);
    }
}

package org.evoke.study;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Locale;

/**
 * A paired comparison of two models evaluated on the same folds with the same seeds: the mean of the per-pair
 * differences {@code d_i = a_i - b_i} with a confidence interval, and whether that interval excludes zero.
 *
 * <p>The interval is Student's t over the n pairs, with the variance corrected for the overlap of the training sets
 * of cross-validation folds (Nadeau and Bengio 2003; Bouckaert and Frank 2004, "corrected repeated k-fold cv test"):
 * <pre>
 *   mean d  = (1/n) sum d_i
 *   s^2     = (1/(n-1)) sum (d_i - mean d)^2
 *   se      = sqrt( (1/n + rho) s^2 ),     rho = held-out windows / training windows of a fold (0: the plain paired t)
 *   CI      = mean d -+ t_{1-(1-c)/2, n-1} se
 * </pre>
 * Without the correction the pairs of k-fold cross-validation are treated as independent, which they are not (every
 * two folds share most of their training data), and the plain interval is too narrow. With one pair there is no
 * interval ({@code lower} and {@code upper} are NaN).
 *
 * @param first          the first model's role (e.g. {@code distilled})
 * @param second         the second model's role (e.g. {@code scratch})
 * @param metric         the metric compared (e.g. {@code mean_accuracy})
 * @param n              number of pairs (folds x seeds)
 * @param meanDifference mean of first - second
 * @param sd             sample standard deviation of the differences (0 for one pair)
 * @param rho            the correction term: held-out over training windows (0 = none)
 * @param confidence     the interval's confidence, e.g. 0.95
 * @param lower          lower end of the interval
 * @param upper          upper end of the interval
 */
public record Paired(String first, String second, String metric, int n, double meanDifference, double sd, double rho,
                     double confidence, double lower, double upper) {

    /**
     * The comparison of {@code a} (model {@code first}) with {@code b} (model {@code second}), pair by pair.
     *
     * @param rho        held-out windows over training windows of a fold, for the overlap correction; 0 for none
     * @param confidence in (0, 1)
     */
    public static Paired of(String first, String second, String metric, double[] a, double[] b, double rho, double confidence) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("paired comparison of " + first + " and " + second + ": need the same number"
                    + " of values (at least 1), got " + a.length + " and " + b.length);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence = " + confidence + ": expected a number in (0, 1)");
        }
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho = " + rho + ": expected a finite number >= 0");
        }
        int n = a.length;
        double[] d = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];
            if (!Double.isFinite(d[i])) {
                throw new IllegalArgumentException("paired comparison of " + first + " and " + second + ": pair " + i
                        + " is not finite (" + a[i] + ", " + b[i] + ")");
            }
            sum += d[i];
        }
        double mean = sum / n;
        if (n == 1) {
            return new Paired(first, second, metric, 1, mean, 0, rho, confidence, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double se = Math.sqrt((1.0 / n + rho) * sd * sd);
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        return new Paired(first, second, metric, n, mean, sd, rho, confidence, mean - t * se, mean + t * se);
    }

    /**
     * The same interval for the mean of one sample (e.g. a sweep point's accuracy over folds x seeds):
     * {@code {mean, lower, upper}}, lower and upper NaN for a single value.
     */
    public static double[] meanInterval(double[] values, double rho, double confidence) {
        Paired p = of("value", "zero", "", values, new double[values.length], rho, confidence);
        return new double[] {p.meanDifference(), p.lower(), p.upper()};
    }

    /** Whether the interval excludes zero: the difference is distinguishable from the noise of folds and seeds. */
    @com.fasterxml.jackson.annotation.JsonProperty("distinguishable")
    public boolean distinguishable() {
        return n > 1 && (lower > 0 || upper < 0);
    }

    /**
     * One plain sentence, e.g. "distilled minus scratch, mean_accuracy: +0.012 (95% CI +0.004 to +0.020, 15 pairs):
     * distilled is higher, distinguishable from noise."
     */
    @com.fasterxml.jackson.annotation.JsonProperty("sentence")
    public String sentence() {
        String head = String.format(Locale.ROOT, "%s minus %s, %s: %+.4f", first, second, metric, meanDifference);
        if (n == 1) {
            return head + " (one pair, no interval): cannot tell a difference from noise with a single fold and seed.";
        }
        String ci = String.format(Locale.ROOT, " (%.0f%% CI %+.4f to %+.4f, %d pairs)", 100 * confidence, lower, upper, n);
        if (distinguishable()) {
            return head + ci + ": " + (meanDifference > 0 ? first : second) + " is higher, distinguishable from noise.";
        }
        return head + ci + ": not distinguishable from noise at this size.";
    }
}

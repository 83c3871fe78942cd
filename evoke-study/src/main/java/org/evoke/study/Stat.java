package org.evoke.study;

/**
 * Mean and spread of one metric over folds.
 *
 * @param mean the mean
 * @param std  the sample standard deviation (n - 1 in the denominator; 0 for a single fold)
 * @param min  the smallest value
 * @param max  the largest value
 * @param n    number of folds
 */
public record Stat(double mean, double std, double min, double max, int n) {

    /** The statistics of {@code values} (at least one). */
    public static Stat of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Stat.of: no values");
        }
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0.0;
        return new Stat(mean, std, min, max, values.length);
    }
}

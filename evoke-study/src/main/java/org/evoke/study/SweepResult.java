package org.evoke.study;

import java.util.List;
import java.util.Map;

/**
 * A T/alpha sweep of the distilled student on one set of folds, each fold's teacher trained once and shared by
 * every point.
 *
 * @param protocol  the split protocol
 * @param k         number of folds
 * @param dataHash  the data's hash
 * @param points    one entry per (T, alpha)
 * @param seeds     student replicates per fold
 * @param rho       the overlap correction of the points' intervals (held-out over training windows; {@link Paired})
 */
public record SweepResult(String protocol, int k, String dataHash, List<Point> points, int seeds, double rho) {

    /** One replicate, no overlap correction. */
    public SweepResult(String protocol, int k, String dataHash, List<Point> points) {
        this(protocol, k, dataHash, points, 1, 0);
    }

    /** The 95 % interval of a point's mean {@code metric} over folds x replicates: {mean, lower, upper}. */
    public double[] interval(Point p, String metric) {
        return Paired.meanInterval(p.folds().stream().mapToDouble(m -> m.get(metric)).toArray(), rho, CrossValidation.CONFIDENCE);
    }

    /**
     * @param temperature T
     * @param alpha       alpha
     * @param folds       per fold, the held-out metrics (plus {@code loss})
     * @param summary     per metric, mean and spread over folds
     */
    public record Point(double temperature, double alpha, List<Map<String, Double>> folds, Map<String, Stat> summary) {
    }
}

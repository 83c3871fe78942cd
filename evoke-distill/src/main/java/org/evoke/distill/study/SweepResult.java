package org.evoke.distill.study;

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
 */
public record SweepResult(String protocol, int k, String dataHash, List<Point> points) {

    /**
     * @param temperature T
     * @param alpha       alpha
     * @param folds       per fold, the held-out metrics (plus {@code loss})
     * @param summary     per metric, mean and spread over folds
     */
    public record Point(double temperature, double alpha, List<Map<String, Double>> folds, Map<String, Stat> summary) {
    }
}

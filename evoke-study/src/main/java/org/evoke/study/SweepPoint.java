package org.evoke.study;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One (T, alpha) setting of the distillation loss.
 *
 * @param temperature T
 * @param alpha       alpha
 */
public record SweepPoint(double temperature, double alpha) implements java.io.Serializable {

    /**
     * The paper's Fig. 4 layout: T varied at a fixed alpha, and alpha varied at a fixed T (the shared point once).
     */
    public static List<SweepPoint> lines(List<Double> temperatures, double fixedAlpha, List<Double> alphas, double fixedT) {
        LinkedHashSet<SweepPoint> points = new LinkedHashSet<>();
        for (double t : temperatures) {
            points.add(new SweepPoint(t, fixedAlpha));
        }
        for (double a : alphas) {
            points.add(new SweepPoint(fixedT, a));
        }
        return new ArrayList<>(points);
    }

    /** T in {1, 1.25, 2, 4, 8} at alpha 0.25, alpha in {0, 0.25, 0.5, 0.75, 1} at T 1.25 (the paper's best). */
    public static List<SweepPoint> paperLines() {
        return lines(List.of(1.0, 1.25, 2.0, 4.0, 8.0), 0.25, List.of(0.0, 0.25, 0.5, 0.75, 1.0), 1.25);
    }
}

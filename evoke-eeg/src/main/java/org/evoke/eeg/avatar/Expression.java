package org.evoke.eeg.avatar;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A face expression: weights of the 52 ARKit blendshapes, and the FACS action units they were made from.
 * Immutable.
 *
 * @param name        the emotion (or "blend" for a mixture)
 * @param actionUnits the FACS action units and their intensities in [0, 1] (empty for neutral or a mixture)
 * @param weights     (52,) blendshape weights in [0, 1], in {@link Blendshape} order
 */
public record Expression(String name, Map<ActionUnit, Double> actionUnits, double[] weights) {
    public Expression {
        if (weights.length != Blendshape.values().length) {
            throw new IllegalArgumentException("expression " + name + ": expected 52 blendshape weights, got " + weights.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0 && weights[i] <= 1)) {
                throw new IllegalArgumentException("expression " + name + ": weight of " + Blendshape.values()[i].arkitName()
                        + " must be in [0, 1], got " + weights[i]);
            }
        }
        weights = weights.clone();
        EnumMap<ActionUnit, Double> au = new EnumMap<>(ActionUnit.class);
        au.putAll(actionUnits);
        actionUnits = Collections.unmodifiableMap(au);
    }

    /**
     * The expression made by action units at the given intensities: each blendshape's weight is the sum of the
     * contributions {@code intensity * weight at full intensity}, capped at 1.
     */
    public static Expression fromActionUnits(String name, Map<ActionUnit, Double> intensities) {
        double[] w = new double[Blendshape.values().length];
        for (Map.Entry<ActionUnit, Double> e : intensities.entrySet()) {
            double k = e.getValue();
            if (!(k >= 0 && k <= 1)) {
                throw new IllegalArgumentException("expression " + name + ": intensity of " + e.getKey() + " must be in [0, 1], got " + k);
            }
            for (Map.Entry<Blendshape, Double> b : e.getKey().blendshapes().entrySet()) {
                int i = b.getKey().ordinal();
                w[i] = Math.min(1.0, w[i] + k * b.getValue());
            }
        }
        return new Expression(name, intensities, w);
    }

    /** The neutral face: every weight 0. */
    public static Expression neutral() {
        return new Expression("neutral", Map.of(), new double[Blendshape.values().length]);
    }

    public double weight(Blendshape b) {
        return weights[b.ordinal()];
    }

    /** A copy of the weights, (52,). */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** ARKit name to weight, in Apple's order. */
    public Map<String, Double> blendshapeMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Blendshape b : Blendshape.values()) {
            m.put(b.arkitName(), weights[b.ordinal()]);
        }
        return m;
    }

    /** Euclidean distance between the weight vectors. */
    public double distance(Expression o) {
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            double d = weights[i] - o.weights[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Expression e && e.name.equals(name) && e.actionUnits.equals(actionUnits)
                && java.util.Arrays.equals(e.weights, weights);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" ").append(actionUnits.keySet());
        return sb.toString();
    }
}

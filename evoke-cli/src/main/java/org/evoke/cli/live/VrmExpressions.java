package org.evoke.cli.live;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The six VRM expression presets of the emotion an avatar shows, blended over time: what a VRM avatar (the page's
 * {@code --avatar}, or a VMC receiver) shows for our emotions. VRM has no fear or disgust, so those borrow from its
 * nearest presets ({@link #PRESETS}; docs/live.md). Each window moves the weights towards the emotion's by
 * 1 - e^(-dt / 2 s), dt being the stream time since the previous window: the time constant of the blendshape smoother
 * ({@code ExpressionSmoother}), so presets and blendshapes change together. The first window sets them outright.
 *
 * <pre>
 * weights[i] += (1 - exp(-dt / TAU)) * (PRESETS[expression][VRM1[i]] - weights[i])     weights: [6], in VRM1's order
 * </pre>
 */
public final class VrmExpressions {
    /** Emotion -> VRM 1.0 expression preset weights; an emotion not listed shows neutral. */
    public static final Map<String, Map<String, Double>> PRESETS = Map.of(
            "neutral", Map.of("neutral", 1.0),
            "happy", Map.of("happy", 1.0),
            "excited", Map.of("happy", 0.8, "surprised", 0.5),
            "surprised", Map.of("surprised", 1.0),
            "sad", Map.of("sad", 1.0),
            "angry", Map.of("angry", 1.0),
            "fearful", Map.of("surprised", 0.6, "sad", 0.5),
            "disgusted", Map.of("angry", 0.6, "sad", 0.3));
    /** The VRM 1.0 presets in order, and their VRM 0.x names. */
    public static final String[] VRM1 = {"happy", "angry", "sad", "relaxed", "surprised", "neutral"};
    public static final String[] VRM0 = {"Joy", "Angry", "Sorrow", "Fun", "Surprised", "Neutral"};
    static final double TAU_SECONDS = 2.0;

    private final double[] weights = new double[VRM1.length];
    private double lastTime = Double.NaN;

    /** Moves the weights towards {@code expression}'s presets for a window ending at stream time {@code time} (s). */
    public Map<String, Double> step(String expression, double time) {
        double a = Double.isNaN(lastTime) ? 1 : 1 - Math.exp(-Math.max(0, time - lastTime) / TAU_SECONDS);
        lastTime = time;
        Map<String, Double> target = PRESETS.getOrDefault(expression, PRESETS.get("neutral"));
        for (int i = 0; i < VRM1.length; i++) {
            weights[i] += a * (target.getOrDefault(VRM1[i], 0.0) - weights[i]);
        }
        return weights();
    }

    /** The current weights, by VRM 1.0 name, in {@link #VRM1}'s order. */
    public Map<String, Double> weights() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < VRM1.length; i++) {
            m.put(VRM1[i], weights[i]);
        }
        return m;
    }
}

package org.evoke.eeg.avatar;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Blends expressions over a stream so the avatar does not flicker when the recogniser's output changes from one
 * window to the next. Exponential smoothing with a time constant tau: after a step of {@code dt} seconds towards a
 * new target,
 * <pre>
 *   a = 1 - exp(-dt / tau),   w &lt;- w + a (target - w)
 * </pre>
 * applied to every blendshape weight, to every FACS action unit's intensity (an action unit absent from the target
 * has intensity 0 there), and likewise to a running share per emotion name; the displayed emotion is
 * the one with the largest share. The default tau is {@value #DEFAULT_TAU_SECONDS} s: with DEAP's 1 s windows a
 * single window moves the face 39% of the way (1 - e^-0.5), three consecutive windows 78%, so a one-window flip
 * never switches the expression fully while a sustained change shows within about two seconds.
 * <p>
 * Not thread-safe: one smoother per stream.
 */
public final class ExpressionSmoother {
    /** The default time constant in seconds. */
    public static final double DEFAULT_TAU_SECONDS = 2.0;

    private final double tau;
    private double[] weights; // (52,) current blendshape weights, null before the first update
    private final Map<String, Double> shares = new LinkedHashMap<>(); // emotion name -> smoothed share
    private final EnumMap<ActionUnit, Double> units = new EnumMap<>(ActionUnit.class); // smoothed action-unit intensities

    public ExpressionSmoother() {
        this(DEFAULT_TAU_SECONDS);
    }

    public ExpressionSmoother(double tauSeconds) {
        if (!(tauSeconds >= 0) || Double.isInfinite(tauSeconds)) {
            throw new IllegalArgumentException("time constant must be finite and >= 0 s (0 = no smoothing), got " + tauSeconds);
        }
        this.tau = tauSeconds;
    }

    public double tauSeconds() {
        return tau;
    }

    /**
     * One step of {@code dtSeconds} towards {@code target}; the first call shows the target as it is.
     *
     * @return the expression to display now, named after the emotion with the largest running share
     */
    public Expression update(Expression target, double dtSeconds) {
        if (!(dtSeconds >= 0) || Double.isInfinite(dtSeconds)) {
            throw new IllegalArgumentException("time step must be finite and >= 0 s, got " + dtSeconds);
        }
        double[] t = target.weights();
        if (weights == null) {
            weights = t;
            shares.put(target.name(), 1.0);
            units.putAll(target.actionUnits());
            return current();
        }
        double a = tau == 0 ? 1.0 : 1.0 - Math.exp(-dtSeconds / tau);
        for (int i = 0; i < weights.length; i++) {
            weights[i] += a * (t[i] - weights[i]);
            weights[i] = Math.min(1.0, Math.max(0.0, weights[i]));
        }
        for (ActionUnit au : target.actionUnits().keySet()) {
            units.putIfAbsent(au, 0.0);
        }
        for (Map.Entry<ActionUnit, Double> e : units.entrySet()) {
            double goal = target.actionUnits().getOrDefault(e.getKey(), 0.0);
            e.setValue(Math.min(1.0, Math.max(0.0, e.getValue() + a * (goal - e.getValue()))));
        }
        shares.putIfAbsent(target.name(), 0.0);
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            double goal = e.getKey().equals(target.name()) ? 1.0 : 0.0;
            e.setValue(e.getValue() + a * (goal - e.getValue()));
        }
        return current();
    }

    /** The expression displayed now; neutral before the first update. */
    public Expression current() {
        if (weights == null) {
            return Expression.neutral();
        }
        return new Expression(displayedEmotion(), units, weights);
    }

    /** The emotion with the largest running share (the first seen wins ties); "neutral" before the first update. */
    public String displayedEmotion() {
        String best = "neutral";
        double bestShare = -1;
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            if (e.getValue() > bestShare) {
                bestShare = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /** The running share of an emotion in [0, 1]. */
    public double share(String emotion) {
        return shares.getOrDefault(emotion, 0.0);
    }

    /** Forgets the stream. */
    public void reset() {
        weights = null;
        shares.clear();
        units.clear();
    }
}

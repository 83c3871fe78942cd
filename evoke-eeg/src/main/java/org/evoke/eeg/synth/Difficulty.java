package org.evoke.eeg.synth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How hard the synthetic DEAP is: the knobs of {@link SyntheticDeap}, each with a documented effect on the data
 * (docs/synthetic-deap.md, "Difficulty"). The rules were written down before the default was chosen, and the default
 * was chosen so that no model saturates and subject transfer is hard, as on real DEAP; it is not tuned to make any
 * model win.
 *
 * @param effect             scale of every rating-to-band-power rule (the KAPPA constants are multiplied by it); 0 makes
 *                           the EEG independent of the ratings
 * @param ratingNoise        standard deviation (rating points) of the felt rating around the reported one: the EEG
 *                           follows the felt rating, the label the reported one
 * @param subjectVariability spread of how subjects differ in their response: the sensitivity k_s =
 *                           exp(0.35 v N), each channel-band rule weight 1 + 0.5 v N (per subject), and a
 *                           rating-independent stimulus offset of the log band power N(0, (0.3 v)^2) per subject,
 *                           channel and band; 0 makes every subject respond alike
 * @param nuisance           standard deviation of the per-trial, per-channel, per-band log-power nuisance (independent of
 *                           the ratings)
 * @param drift              rms in microvolts of a slow drift added to every EEG channel of a trial (sinusoids of 0.02 to
 *                           0.5 Hz with random phases); mostly removed by the 4 Hz band filters, it is there for the
 *                           stages before them and for other presets
 * @param artifacts          rate, per minute, of muscle bursts: 0.5 to 2 s of broadband (high-passed) noise of 10 to 30
 *                           microvolts rms on one side's temporal and fronto-lateral channels, independent of the
 *                           ratings; they raise beta and gamma power, as arousal does
 */
public record Difficulty(double effect, double ratingNoise, double subjectVariability, double nuisance, double drift,
                         double artifacts) {

    /** The default: no model saturates, subject transfer is hard. */
    public static final Difficulty DEFAULT = new Difficulty(1.0, 1.0, 1.0, 0.2, 20.0, 2.0);

    /**
     * The first generator's settings (before the knobs existed): strong effects, little nuisance, every subject alike
     * in direction. Its streams differ from that generator's, so it does not reproduce its bytes.
     */
    public static final Difficulty EASY = new Difficulty(1.0, 1.0, 0.0, 0.1, 0.0, 0.0);

    public Difficulty {
        check("effect", effect);
        check("rating-noise", ratingNoise);
        check("subject-variability", subjectVariability);
        check("nuisance", nuisance);
        check("drift", drift);
        check("artifacts", artifacts);
    }

    private static void check(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("difficulty knob " + name + " = " + v + ": expected a finite number >= 0");
        }
    }

    /** The knobs by their command-line names, in order. */
    public Map<String, Double> knobs() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("effect", effect);
        m.put("rating-noise", ratingNoise);
        m.put("subject-variability", subjectVariability);
        m.put("nuisance", nuisance);
        m.put("drift", drift);
        m.put("artifacts", artifacts);
        return m;
    }

    /**
     * This difficulty with the knobs in {@code changes} replaced, by command-line name ({@code effect},
     * {@code rating-noise}, {@code subject-variability}, {@code nuisance}, {@code drift}, {@code artifacts}).
     */
    public Difficulty with(Map<String, Double> changes) {
        Map<String, Double> m = knobs();
        for (Map.Entry<String, Double> e : changes.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown difficulty knob '" + e.getKey() + "'; expected one of " + m.keySet());
            }
            m.put(e.getKey(), e.getValue());
        }
        return new Difficulty(m.get("effect"), m.get("rating-noise"), m.get("subject-variability"), m.get("nuisance"),
                m.get("drift"), m.get("artifacts"));
    }

    /** e.g. {@code effect=0.6,rating-noise=1.5,...}: names the data in caches and reports. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        knobs().forEach((k, v) -> s.append(s.length() == 0 ? "" : ",").append(k).append('=').append(num(v)));
        return s.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
    }
}

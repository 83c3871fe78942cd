package org.evoke.cli;

import org.evoke.eeg.synth.Difficulty;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --knob NAME=VALUE} options of {@code run} and {@code synth}: the synthetic DEAP's difficulty. */
final class Knobs {
    static final String NAMES = "effect, rating-noise, subject-variability, nuisance, drift, artifacts";
    /** Difficulty.DEFAULT as text (a constant for the options' help; a test checks that the two agree). */
    static final String DEFAULT = "effect=1,rating-noise=1,subject-variability=1,nuisance=0.2,drift=20,artifacts=2";

    private Knobs() {
    }

    /** The default difficulty with the given knobs replaced; a user error for an unknown name or a bad value. */
    static Difficulty parse(Map<String, String> knobs) {
        if (knobs == null || knobs.isEmpty()) {
            return Difficulty.DEFAULT;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : knobs.entrySet()) {
            try {
                values.put(e.getKey(), Double.parseDouble(e.getValue()));
            } catch (NumberFormatException ex) {
                throw new UserException("--knob " + e.getKey() + "=" + e.getValue() + ": the value must be a number");
            }
        }
        try {
            return Difficulty.DEFAULT.with(values);
        } catch (IllegalArgumentException ex) {
            throw new UserException("--knob: " + ex.getMessage());
        }
    }
}

package org.evoke.eeg.emotion;

/**
 * An emotion with its prototype in valence-arousal-dominance space (each in [-1, 1], pleasure-arousal-dominance
 * coordinates after Russell and Mehrabian 1977).
 *
 * @param name      for example {@code happy}
 * @param valence   prototype valence (pleasure)
 * @param arousal   prototype arousal
 * @param dominance prototype dominance
 */
public record Emotion(String name, double valence, double arousal, double dominance) {
    public Emotion {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("emotion needs a name");
        }
        for (double v : new double[] {valence, arousal, dominance}) {
            if (!(v >= -1 && v <= 1)) {
                throw new IllegalArgumentException("emotion " + name + ": prototype coordinates must be in [-1, 1], got ("
                        + valence + ", " + arousal + ", " + dominance + ")");
            }
        }
    }

    /**
     * The octant of the prototype as a 3-bit code V A D (bit 2 = valence >= 0, bit 1 = arousal >= 0, bit 0 =
     * dominance >= 0), the code the emotion would get if octants were free.
     */
    public int prototypeOctant() {
        return (valence >= 0 ? 4 : 0) | (arousal >= 0 ? 2 : 0) | (dominance >= 0 ? 1 : 0);
    }

    @Override
    public String toString() {
        return name;
    }
}

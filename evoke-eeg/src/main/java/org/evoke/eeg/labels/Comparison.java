package org.evoke.eeg.labels;

/** How a rating is compared with the threshold to make a label 1. */
public enum Comparison {
    /** rating >= threshold: torcheeg's {@code Binary} transform, the default (a rating of exactly 5.0 is high). */
    GREATER_OR_EQUAL(">="),
    /** rating > threshold: what the EVOKE paper's text says ("larger than"). */
    GREATER(">");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    /** {@code >=} or {@code >}. */
    public String symbol() {
        return symbol;
    }

    public boolean test(double rating, double threshold) {
        return this == GREATER_OR_EQUAL ? rating >= threshold : rating > threshold;
    }

    /** Parses {@code >=}, {@code >} or the constant's name. */
    public static Comparison parse(String s) {
        for (Comparison c : values()) {
            if (c.symbol.equals(s.trim()) || c.name().equalsIgnoreCase(s.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown comparison '" + s + "'; expected >= or >");
    }
}

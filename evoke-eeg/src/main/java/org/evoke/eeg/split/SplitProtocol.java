package org.evoke.eeg.split;

import java.util.List;
import java.util.Locale;

/**
 * How windows are divided into cross-validation folds (docs/design.md, section 8). Every reported number says which
 * protocol produced it.
 */
public enum SplitProtocol {
    /**
     * Window-level k-fold, the paper's: windows are shuffled and dealt into k folds regardless of their trial, so
     * neighbouring seconds of one trial land on both sides of the split and accuracy is inflated by that leakage.
     * Kept to reproduce the paper.
     */
    WINDOW,
    /** Trial-level k-fold: each (subject, trial) is kept whole, all its windows in one fold. */
    TRIAL,
    /** Leave-one-subject-out: one fold per subject, that subject's windows held out; {@code k} is not used. */
    SUBJECT;

    /** The folds of this protocol; see {@link Splits#folds(SplitProtocol, int, int[], int[], long)}. */
    public List<Fold> folds(int k, int[] subject, int[] trial, long seed) {
        return Splits.folds(this, k, subject, trial, seed);
    }

    /** The lower-case name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code window}, {@code trial}, {@code subject} (also {@code loso}), case-insensitive. */
    public static SplitProtocol parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "window" -> WINDOW;
            case "trial" -> TRIAL;
            case "subject", "loso" -> SUBJECT;
            default -> throw new IllegalArgumentException("unknown split protocol '" + s
                    + "'; expected window, trial or subject (loso)");
        };
    }
}

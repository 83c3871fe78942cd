package org.evoke.eeg.labels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Binary labels from DEAP ratings: valence, arousal and dominance (columns 0, 1, 2 of DEAP's {@code labels}; the
 * fourth, liking, is not used) each become 1 when {@code rating <cmp> threshold}. The default, {@code >= 5.0}, is
 * torcheeg's; the EVOKE paper's text says "larger than", available as {@link Comparison#GREATER}. DEAP ratings are
 * continuous in 1..9 but a rating of exactly 5.0 does occur (the golden recording's trial 0 valence), so the
 * choice changes labels.
 */
public final class LabelBinarizer {
    /** The number of labels produced: valence, arousal, dominance. */
    public static final int LABELS = 3;
    /** The label names in column order. */
    public static final String[] NAMES = {"valence", "arousal", "dominance"};

    private final double threshold;
    private final Comparison comparison;

    public LabelBinarizer(double threshold, Comparison comparison) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("label threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
        this.comparison = comparison;
    }

    /** torcheeg's rule: rating >= 5.0. */
    public static LabelBinarizer torcheeg() {
        return new LabelBinarizer(5.0, Comparison.GREATER_OR_EQUAL);
    }

    public double threshold() {
        return threshold;
    }

    public Comparison comparison() {
        return comparison;
    }

    /** One rating to 0 or 1. */
    public double binarize(double rating) {
        if (Double.isNaN(rating)) {
            throw new IllegalArgumentException("rating is NaN");
        }
        return comparison.test(rating, threshold) ? 1.0 : 0.0;
    }

    /**
     * The labels of every trial.
     *
     * @param ratings (trials, >= 3) DEAP ratings, columns valence, arousal, dominance[, liking]
     * @return (trials, 3) float64 in {0, 1}
     */
    public INDArray binarize(INDArray ratings) {
        if (ratings.rank() != 2 || ratings.size(1) < LABELS) {
            throw new IllegalArgumentException("ratings must be (trials, >= 3) with valence, arousal, dominance first, got "
                    + Arrays.toString(ratings.shape()));
        }
        int trials = (int) ratings.size(0);
        double[] out = new double[trials * LABELS]; // (trials, 3)
        for (int t = 0; t < trials; t++) {
            for (int l = 0; l < LABELS; l++) {
                double r = ratings.getDouble(t, l);
                if (Double.isNaN(r)) {
                    throw new IllegalArgumentException("rating of trial " + t + ", " + NAMES[l] + " is NaN");
                }
                out[t * LABELS + l] = comparison.test(r, threshold) ? 1.0 : 0.0;
            }
        }
        return Nd4j.create(out, new long[] {trials, LABELS}, DataType.DOUBLE);
    }

    @Override
    public String toString() {
        return "rating " + comparison.symbol() + " " + threshold;
    }
}

package org.evoke.distill.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The seeded randomness of training, as pure functions of (seed, epoch): the permutation of epoch e is drawn from a
 * generator seeded with a hash of (seed, e), so it can be rebuilt from those two numbers alone. That is what makes a
 * resumed run continue with exactly the shuffles the uninterrupted run would have used: a checkpoint only needs to
 * record the epoch.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** The seed of epoch {@code epoch}'s shuffle: SplitMix64's finaliser over (seed, epoch). */
    public static long epochSeed(long seed, int epoch) {
        return mix(mix(seed) ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
    }

    /** A shuffled copy of {@code rows} for {@code epoch} (Fisher-Yates from the end). */
    public static int[] permutation(int[] rows, long seed, int epoch) {
        int[] a = rows.clone();
        org.evoke.eeg.split.Splits.shuffle(a, new SplittableRandom(epochSeed(seed, epoch)));
        return a;
    }

    /**
     * Splits {@code rows} into a training and a validation part: {@code round(fraction * n)} rows, drawn by a seeded
     * shuffle, go to validation (at least 1 and at most n - 1 when the fraction is positive). Both parts are sorted.
     *
     * @return {train, validation}
     */
    public static int[][] split(int[] rows, double fraction, long seed) {
        if (fraction <= 0) {
            return new int[][] {rows.clone(), new int[0]};
        }
        if (rows.length < 2) {
            throw new IllegalArgumentException("a validation split needs at least 2 training rows, got " + rows.length);
        }
        int nVal = (int) Math.max(1, Math.min(rows.length - 1, Math.round(fraction * rows.length)));
        int[] a = rows.clone();
        org.evoke.eeg.split.Splits.shuffle(a, new SplittableRandom(mix(seed ^ 0x5DEECE66DL)));
        int[] val = Arrays.copyOfRange(a, 0, nVal);
        int[] train = Arrays.copyOfRange(a, nVal, a.length);
        Arrays.sort(val);
        Arrays.sort(train);
        return new int[][] {train, val};
    }

    /**
     * Splits {@code rows} into a training and a validation part by group: the distinct groups of the rows
     * ({@code group[row]}, e.g. one id per trial) are shuffled with a seeded generator and {@code round(fraction * g)}
     * of them (at least 1 and at most g - 1 when the fraction is positive) go to validation with all their rows. That
     * keeps neighbouring seconds of one trial on one side, so the validation loss is not flattered by near-copies of
     * training windows. Both parts are sorted.
     *
     * @param group the group of every row of the data (indexed by row, not by position in {@code rows})
     * @return {train, validation}
     */
    public static int[][] splitByGroup(int[] rows, int[] group, double fraction, long seed) {
        if (fraction <= 0) {
            return new int[][] {rows.clone(), new int[0]};
        }
        int[] distinct = Arrays.stream(rows).map(r -> group[r]).distinct().sorted().toArray();
        if (distinct.length < 2) {
            throw new IllegalArgumentException("a validation split by group needs rows of at least 2 groups (trials), got "
                    + distinct.length);
        }
        int nVal = (int) Math.max(1, Math.min(distinct.length - 1, Math.round(fraction * distinct.length)));
        org.evoke.eeg.split.Splits.shuffle(distinct, new SplittableRandom(mix(seed ^ 0x5DEECE66DL)));
        int[] valGroups = Arrays.copyOfRange(distinct, 0, nVal);
        Arrays.sort(valGroups);
        int[] val = Arrays.stream(rows).filter(r -> Arrays.binarySearch(valGroups, group[r]) >= 0).sorted().toArray();
        int[] train = Arrays.stream(rows).filter(r -> Arrays.binarySearch(valGroups, group[r]) < 0).sorted().toArray();
        return new int[][] {train, val};
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

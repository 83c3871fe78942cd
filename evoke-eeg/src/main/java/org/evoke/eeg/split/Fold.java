package org.evoke.eeg.split;

import java.util.Arrays;

/**
 * One cross-validation fold: window indices to train on and to test on, disjoint, each sorted ascending.
 *
 * @param index the fold's number, 0..k-1
 * @param train (windows in the training part) indices into the feature set
 * @param test  (windows in the held-out part) indices into the feature set
 */
public record Fold(int index, int[] train, int[] test) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Fold f && f.index == index && Arrays.equals(f.train, train) && Arrays.equals(f.test, test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(train)) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "Fold[" + index + ": train " + train.length + " windows, test " + test.length + " windows]";
    }
}

package org.evoke.eeg.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Builds cross-validation folds over N windows, each described by its subject and trial index.
 *
 * <p>Shuffled k-fold follows scikit-learn's {@code KFold(shuffle=True)} layout: the units (windows, or whole
 * (subject, trial) groups) are shuffled with a seeded Fisher-Yates shuffle and dealt into k consecutive folds, the
 * first {@code units % k} folds one unit larger. Leave-one-subject-out has no randomness: fold i holds out the i-th
 * subject in ascending order of subject index, and the seed is not used.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * The folds of {@code protocol}.
     *
     * @param protocol how to split
     * @param k        number of folds (at least 2, at most the number of units); ignored by {@link SplitProtocol#SUBJECT}
     * @param subject  (N) subject index of each window
     * @param trial    (N) trial index of each window, within its subject
     * @param seed     shuffling seed; same seed, same folds
     * @return the folds, in order of their index; their test parts partition 0..N-1
     */
    public static List<Fold> folds(SplitProtocol protocol, int k, int[] subject, int[] trial, long seed) {
        if (subject == null || trial == null || subject.length != trial.length) {
            throw new IllegalArgumentException("subject and trial must give one index per window, got "
                    + (subject == null ? "null" : subject.length) + " and " + (trial == null ? "null" : trial.length));
        }
        int n = subject.length;
        for (int i = 0; i < n; i++) {
            if (subject[i] < 0 || trial[i] < 0) {
                throw new IllegalArgumentException("window " + i + " has subject " + subject[i] + " and trial "
                        + trial[i] + "; expected indices >= 0");
            }
        }
        if (protocol == SplitProtocol.SUBJECT) {
            return leaveOneSubjectOut(subject);
        }
        int[] group = protocol == SplitProtocol.WINDOW ? identity(n) : groups(subject, trial);
        int units = 0;
        for (int g : group) {
            units = Math.max(units, g + 1);
        }
        if (k < 2 || k > units) {
            throw new IllegalArgumentException(protocol.label() + "-level k-fold needs 2 <= k <= " + units
                    + " (the number of " + (protocol == SplitProtocol.WINDOW ? "windows" : "(subject, trial) groups")
                    + "), got k = " + k);
        }
        int[] order = identity(units);
        shuffle(order, new SplittableRandom(seed));
        int[] foldOfUnit = new int[units];
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = units / k + (f < units % k ? 1 : 0);
            for (int i = start; i < start + size; i++) {
                foldOfUnit[order[i]] = f;
            }
            start += size;
        }
        int[] foldOfWindow = new int[n];
        for (int i = 0; i < n; i++) {
            foldOfWindow[i] = foldOfUnit[group[i]];
        }
        return assemble(foldOfWindow, k);
    }

    /** Dense group ids 0..G-1 for the distinct (subject, trial) pairs, numbered in order of first appearance. */
    static int[] groups(int[] subject, int[] trial) {
        Map<Long, Integer> ids = new HashMap<>();
        int[] g = new int[subject.length];
        for (int i = 0; i < subject.length; i++) {
            long key = ((long) subject[i] << 32) | (trial[i] & 0xffffffffL);
            Integer id = ids.get(key);
            if (id == null) {
                id = ids.size();
                ids.put(key, id);
            }
            g[i] = id;
        }
        return g;
    }

    private static List<Fold> leaveOneSubjectOut(int[] subject) {
        TreeSet<Integer> subjects = new TreeSet<>();
        for (int s : subject) {
            subjects.add(s);
        }
        if (subjects.size() < 2) {
            throw new IllegalArgumentException("leave-one-subject-out needs at least 2 subjects, got "
                    + subjects.size());
        }
        Map<Integer, Integer> foldOfSubject = new HashMap<>();
        for (int s : subjects) {
            foldOfSubject.put(s, foldOfSubject.size());
        }
        int[] foldOfWindow = new int[subject.length];
        for (int i = 0; i < subject.length; i++) {
            foldOfWindow[i] = foldOfSubject.get(subject[i]);
        }
        return assemble(foldOfWindow, subjects.size());
    }

    private static List<Fold> assemble(int[] foldOfWindow, int k) {
        int n = foldOfWindow.length;
        int[] testSize = new int[k];
        for (int f : foldOfWindow) {
            testSize[f]++;
        }
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int[] test = new int[testSize[f]];
            int[] train = new int[n - testSize[f]];
            int a = 0, b = 0;
            for (int i = 0; i < n; i++) {
                if (foldOfWindow[i] == f) {
                    test[a++] = i;
                } else {
                    train[b++] = i;
                }
            }
            folds.add(new Fold(f, train, test));
        }
        return List.copyOf(folds);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }

    /** Shuffles {@code a} in place: Fisher-Yates from the end, as Python's {@code random.shuffle}. */
    public static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

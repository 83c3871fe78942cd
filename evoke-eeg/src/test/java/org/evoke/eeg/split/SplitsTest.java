package org.evoke.eeg.split;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitsTest {
    // 3 subjects x 5 trials x 7 windows, in the pipeline's order (subject-major, then trial, then window)
    static final int S = 3, T = 5, W = 7, N = S * T * W;
    static final int[] SUBJECT = new int[N];
    static final int[] TRIAL = new int[N];

    static {
        for (int i = 0; i < N; i++) {
            SUBJECT[i] = i / (T * W);
            TRIAL[i] = (i / W) % T;
        }
    }

    @Test
    void everyProtocolPartitionsAllWindowsIntoDisjointTestSets() {
        for (SplitProtocol p : SplitProtocol.values()) {
            List<Fold> folds = Splits.folds(p, 4, SUBJECT, TRIAL, 42);
            int[] timesTested = new int[N];
            for (Fold f : folds) {
                Set<Integer> train = new HashSet<>();
                for (int i : f.train()) {
                    train.add(i);
                }
                for (int i : f.test()) {
                    assertTrue(!train.contains(i), p + ": window " + i + " on both sides of fold " + f.index());
                    timesTested[i]++;
                }
                assertEquals(N, f.train().length + f.test().length, p + " fold " + f.index());
            }
            for (int i = 0; i < N; i++) {
                assertEquals(1, timesTested[i], p + ": window " + i + " tested " + timesTested[i] + " times");
            }
        }
    }

    @Test
    void windowLevelFoldsDifferInSizeByAtMostOne() {
        List<Fold> folds = Splits.folds(SplitProtocol.WINDOW, 4, SUBJECT, TRIAL, 1);
        assertEquals(4, folds.size());
        for (Fold f : folds) {
            int expected = N / 4 + (f.index() < N % 4 ? 1 : 0);
            assertEquals(expected, f.test().length);
        }
    }

    @Test
    void windowLevelSplitPutsWindowsOfOneTrialOnBothSides() {
        // the leakage the docs warn about: with 7 windows per trial and 4 folds, trials must straddle folds
        Fold f = Splits.folds(SplitProtocol.WINDOW, 4, SUBJECT, TRIAL, 3).get(0);
        assertTrue(trialsOnBothSides(f) > 0);
    }

    @Test
    void trialLevelSplitNeverSplitsATrial() {
        for (long seed = 0; seed < 5; seed++) {
            for (Fold f : Splits.folds(SplitProtocol.TRIAL, 4, SUBJECT, TRIAL, seed)) {
                assertEquals(0, trialsOnBothSides(f), "seed " + seed + " fold " + f.index());
            }
        }
        // trials are numbered within a subject: trial 2 of subject 0 and trial 2 of subject 1 are distinct groups
        List<Fold> folds = Splits.folds(SplitProtocol.TRIAL, S * T, SUBJECT, TRIAL, 9);
        for (Fold f : folds) {
            assertEquals(W, f.test().length);
        }
    }

    @Test
    void leaveOneSubjectOutHoldsOutExactlyOneSubject() {
        List<Fold> folds = Splits.folds(SplitProtocol.SUBJECT, 0, SUBJECT, TRIAL, 0);
        assertEquals(S, folds.size());
        for (Fold f : folds) {
            for (int i : f.test()) {
                assertEquals(f.index(), SUBJECT[i]);
            }
            for (int i : f.train()) {
                assertNotEquals(f.index(), SUBJECT[i]);
            }
            assertEquals(T * W, f.test().length);
        }
    }

    @Test
    void sameSeedGivesSameFoldsAndDifferentSeedDifferentFolds() {
        for (SplitProtocol p : List.of(SplitProtocol.WINDOW, SplitProtocol.TRIAL)) {
            assertEquals(Splits.folds(p, 5, SUBJECT, TRIAL, 7), Splits.folds(p, 5, SUBJECT, TRIAL, 7), p.label());
            assertNotEquals(Splits.folds(p, 5, SUBJECT, TRIAL, 7), Splits.folds(p, 5, SUBJECT, TRIAL, 8), p.label());
        }
    }

    @Test
    void badArgumentsAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splits.folds(SplitProtocol.TRIAL, S * T + 1, SUBJECT, TRIAL, 0));
        assertTrue(e.getMessage().contains("2 <= k <= 15"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.folds(SplitProtocol.WINDOW, 1, SUBJECT, TRIAL, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Splits.folds(SplitProtocol.WINDOW, 2, SUBJECT, new int[3], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Splits.folds(SplitProtocol.SUBJECT, 2, new int[5], new int[5], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Splits.folds(SplitProtocol.WINDOW, 2, new int[]{0, -1}, new int[2], 0));
    }

    private static int trialsOnBothSides(Fold f) {
        Set<Integer> testGroups = new HashSet<>();
        for (int i : f.test()) {
            testGroups.add(SUBJECT[i] * T + TRIAL[i]);
        }
        Set<Integer> straddling = new HashSet<>();
        for (int i : f.train()) {
            if (testGroups.contains(SUBJECT[i] * T + TRIAL[i])) {
                straddling.add(SUBJECT[i] * T + TRIAL[i]);
            }
        }
        return straddling.size();
    }
}

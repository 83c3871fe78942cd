package org.evoke.distill.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShuffleTest {
    private static final int[] ROWS = IntStream.range(100, 150).toArray();

    @Test
    void anEpochsPermutationDependsOnlyOnSeedAndEpoch() {
        int[] a = Shuffle.permutation(ROWS, 3, 7);
        assertArrayEquals(a, Shuffle.permutation(ROWS, 3, 7));
        assertFalse(Arrays.equals(a, Shuffle.permutation(ROWS, 3, 8)), "another epoch, another order");
        assertFalse(Arrays.equals(a, Shuffle.permutation(ROWS, 4, 7)), "another seed, another order");
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(ROWS, sorted, "a permutation of the rows");
        assertEquals(100, ROWS[0], "the input is not modified");
    }

    @Test
    void theValidationSplitIsSeededDisjointAndSized() {
        int[][] s = Shuffle.split(ROWS, 0.2, 5);
        assertEquals(40, s[0].length);
        assertEquals(10, s[1].length);
        int[] both = IntStream.concat(Arrays.stream(s[0]), Arrays.stream(s[1])).sorted().toArray();
        assertArrayEquals(ROWS, both);
        assertArrayEquals(s[1], Shuffle.split(ROWS, 0.2, 5)[1]);
        assertEquals(1, Shuffle.split(new int[] {1, 2}, 0.01, 1)[1].length, "at least one validation row");
        assertEquals(0, Shuffle.split(ROWS, 0, 5)[1].length);
        assertThrows(IllegalArgumentException.class, () -> Shuffle.split(new int[] {1}, 0.5, 1));
    }

    @Test
    void theGroupedValidationSplitHoldsOutWholeTrials() {
        int[] group = IntStream.range(0, 200).map(r -> r / 10).toArray(); // 20 trials of 10 windows
        int[] rows = IntStream.range(0, 200).filter(r -> r % 3 != 0).toArray(); // a fold's training rows
        int[][] s = Shuffle.splitByGroup(rows, group, 0.2, 7);
        java.util.Set<Integer> valTrials = new java.util.HashSet<>(), trainTrials = new java.util.HashSet<>();
        Arrays.stream(s[1]).forEach(r -> valTrials.add(group[r]));
        Arrays.stream(s[0]).forEach(r -> trainTrials.add(group[r]));
        assertEquals(4, valTrials.size(), "round(0.2 x 20) trials");
        valTrials.forEach(t -> assertFalse(trainTrials.contains(t), "trial " + t + " on both sides"));
        assertArrayEquals(rows, IntStream.concat(Arrays.stream(s[0]), Arrays.stream(s[1])).sorted().toArray());
        assertArrayEquals(s[1], Shuffle.splitByGroup(rows, group, 0.2, 7)[1], "seeded");
        assertFalse(Arrays.equals(s[1], Shuffle.splitByGroup(rows, group, 0.2, 8)[1]), "another seed, other trials");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shuffle.splitByGroup(new int[] {0, 1, 2}, group, 0.5, 1));
        assertTrue(e.getMessage().contains("at least 2 groups"), e.getMessage());
    }
}

package org.evoke.eeg.montage;

import org.evoke.eeg.features.ElectrodeGrid;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MontageTest {
    static int deap(String name) {
        return Arrays.asList(ElectrodeGrid.NAMES).indexOf(name);
    }

    @Test
    void labelsAreFoundWhateverTheirCaseDecorationsAndOldNames() {
        assertEquals("FP1", Montage.parse("EEG Fp1-REF")[0]);
        assertEquals("FP1", Montage.parse("Fp1-A1")[0]);
        assertEquals("FP1", Montage.parse("  eeg fp1 ")[0]);
        assertEquals("FP1", Montage.parse("EEG:FP1-LE")[0]);
        assertEquals("T7", Montage.parse("T3")[0]);
        assertEquals("T8", Montage.parse("EEG T4-REF")[0]);
        assertEquals("P7", Montage.parse("t5")[0]);
        assertEquals("P8", Montage.parse("T6-M1")[0]);
        assertEquals("CZ", Montage.parse("Cz")[0]);
        assertEquals("OZ", Montage.parse("EEG Oz-Ref2")[0]);
        assertEquals("TP9", Montage.parse("TP9")[0]);
        assertNull(Montage.parse("Fp1-F3")[0]);
        assertEquals("BIPOLAR", Montage.parse("Fp1-F3")[1]);
        assertEquals("REFERENCE", Montage.parse("A1")[1]);
        assertEquals("OTHER", Montage.parse("ECG")[1]);
        assertEquals("OTHER", Montage.parse("EDF Annotations")[1]);
        assertEquals("OTHER", Montage.parse("Status")[1]);
        assertEquals("OTHER", Montage.parse("EXG Channel 3")[1]);
    }

    @Test
    void deapsOwnLabelsMapOneToOne() {
        Montage m = Montage.of(List.of(ElectrodeGrid.NAMES), Montage.Missing.ZERO);
        assertEquals(32, m.found());
        for (int c = 0; c < 32; c++) {
            assertArrayEquals(new int[] {c}, m.sources(c));
        }
        assertEquals("Montage: 32 of DEAP's 32 electrodes found.", m.report());
    }

    @Test
    void missingElectrodesAreZeroOrTheirNeighboursMean() {
        List<String> labels = List.of("EEG O1-REF", "EEG O2-REF", "ECG", "Fp1-F3", "EEG Fpz-REF", "O1");
        Montage zero = Montage.of(labels, Montage.Missing.ZERO);
        assertEquals(2, zero.found());
        assertEquals(0, zero.sources(deap("OZ")).length);
        String r = zero.report();
        assertTrue(r.startsWith("Montage: 2 of DEAP's 32 electrodes found (O1 from 'EEG O1-REF', O2 from 'EEG O2-REF')."), r);
        assertTrue(r.contains("Missing, set to 0: Fp1, AF3,"), r);
        assertTrue(r.contains("Ignored (not EEG electrodes): 'ECG'."), r);
        assertTrue(r.contains("Ignored as bipolar derivations: 'Fp1-F3'."), r);
        assertTrue(r.contains("EEG off DEAP's grid, not used: 'EEG Fpz-REF'."), r);
        assertTrue(r.contains("Ignored as duplicates of an electrode already found: 'O1'."), r);
        assertFalse(r.contains("\n"));

        Montage near = Montage.of(labels, Montage.Missing.INTERPOLATE);
        // Oz (8, 4) lies one cell from O1 (8, 3) and O2 (8, 5): their mean
        int oz = deap("OZ");
        assertArrayEquals(new int[] {0, 1}, near.sources(oz));
        assertArrayEquals(new double[] {0.5, 0.5}, near.weights(oz), 1e-15);
        // Fp1 (0, 3) from Fpz (0, 4) alone; Fp2 (0, 5) too
        assertArrayEquals(new int[] {4}, near.sources(deap("FP1")));
        // PO3 (7, 3): O1 at 1, O2 at sqrt(5) > 2: O1 alone
        assertArrayEquals(new int[] {0}, near.sources(deap("PO3")));
        assertFalse(near.recorded(deap("PO3")));
        // Cz is far from everything recorded
        assertEquals(0, near.sources(deap("CZ")).length);
        String ri = near.report();
        assertTrue(ri.contains("Interpolated from recorded neighbours within 2 cells: Fp1 from Fpz,"), ri);
        assertTrue(ri.contains("Oz from O1+O2"), ri);
        assertTrue(ri.contains("Missing, set to 0 (no recorded neighbour): "), ri);

        double[][] in = {{1, 2}, {3, 6}, {9, 9}, {9, 9}, {-4, 4}, {9, 9}};
        double[][] out = new double[32][2];
        near.apply(in, 2, out);
        assertArrayEquals(new double[] {2, 4}, out[oz], 1e-15);
        assertArrayEquals(new double[] {-4, 4}, out[deap("FP1")], 0);
        assertArrayEquals(new double[] {1, 2}, out[deap("O1")], 0);
        assertArrayEquals(new double[] {0, 0}, out[deap("CZ")], 0);
    }

    @Test
    void aMuseHeadbandFillsOnlyTheElectrodesNearItsFour() {
        Montage m = Montage.of(List.of("TP9", "AF7", "AF8", "TP10", "Right AUX"), Montage.Missing.INTERPOLATE);
        assertEquals(0, m.found());
        assertArrayEquals(new int[] {1}, m.sources(deap("F7")));  // AF7 (1, 1) to F7 (2, 0): sqrt 2
        assertArrayEquals(new int[] {0}, m.sources(deap("T7")));  // TP9 (5, -0.5) to T7 (4, 0)
        assertEquals(0, m.sources(deap("CZ")).length);
    }
}

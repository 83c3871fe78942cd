package org.evoke.eeg.features;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElectrodeGridTest {
    @Test
    void everyChannelHasItsOwnCellAndTheLayoutIsLeftRightMirrored() {
        Set<Integer> cells = new HashSet<>();
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            assertTrue(cells.add(ElectrodeGrid.cell(c)), "two channels share cell " + ElectrodeGrid.cell(c));
        }
        assertEquals(32, cells.size());
        // left hemisphere channels (first 13 of the Geneva order except the midline) mirror to their right twins
        assertMirrored("FP1", "FP2");
        assertMirrored("F7", "F8");
        assertMirrored("T7", "T8");
        assertMirrored("O1", "O2");
        assertEquals(4, ElectrodeGrid.column(index("CZ")));
    }

    @Test
    void toGridScattersBandMajorAndZeroesTheRest() {
        double[] cb = new double[32 * 2];
        for (int c = 0; c < 32; c++) {
            cb[c * 2] = c + 1;
            cb[c * 2 + 1] = -(c + 1);
        }
        double[] out = new double[3 + 2 * 81];
        java.util.Arrays.fill(out, 7.0);
        ElectrodeGrid.toGrid(cb, 2, out, 3);
        assertEquals(7.0, out[0]);
        assertEquals(1.0, out[3 + 0 * 81 + 3]); // FP1 at (0, 3), band 0
        assertEquals(-1.0, out[3 + 81 + 3]); // band 1
        assertEquals(32.0, out[3 + 8 * 9 + 5]); // O2 at (8, 5)
        assertEquals(0.0, out[3]); // (0, 0) holds no electrode
    }

    private static void assertMirrored(String left, String right) {
        int l = index(left), r = index(right);
        assertEquals(ElectrodeGrid.row(l), ElectrodeGrid.row(r));
        assertEquals(8 - ElectrodeGrid.column(l), ElectrodeGrid.column(r), left + "/" + right);
    }

    private static int index(String name) {
        for (int i = 0; i < ElectrodeGrid.NAMES.length; i++) {
            if (ElectrodeGrid.NAMES[i].equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }
}

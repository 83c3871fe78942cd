package org.evoke.eeg.montage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The 10-20 and 10-10 electrode names and their places in the coordinates of DEAP's 9x9 grid (row 0 the front of
 * the head, column 0 the left; DEAP's 32 electrodes sit exactly on the cells {@code ElectrodeGrid} gives them, the
 * others between or beside the cells, by their place on the scalp). Names are canonical in upper case ("FP1", "CZ").
 */
public final class Electrodes {
    private Electrodes() {
    }

    /** Old 10-20 names to the 10-10 names that replaced them (the same places). */
    public static final Map<String, String> OLD_NAMES = Map.of("T3", "T7", "T4", "T8", "T5", "P7", "T6", "P8");

    /** Reference electrodes and reference suffixes ("Fp1-A1", "EEG Fp1-REF"): never a recorded electrode here. */
    static final java.util.Set<String> REFERENCES = java.util.Set.of("REF", "A1", "A2", "M1", "M2", "LE", "RE", "AR",
            "AVG", "AV", "CAR", "A1A2", "M1M2", "LM", "RM", "CZ", "LINKED", "REFERENCE");

    private static final Map<String, double[]> POSITION = new LinkedHashMap<>();

    static {
        // the 9x9 layout torcheeg uses for 62-channel caps (SEED), of which DEAP's grid is a subset
        String[][] rows = {
                {null, null, null, "FP1", "FPZ", "FP2", null, null, null},
                {null, null, null, "AF3", null, "AF4", null, null, null},
                {"F7", "F5", "F3", "F1", "FZ", "F2", "F4", "F6", "F8"},
                {"FT7", "FC5", "FC3", "FC1", "FCZ", "FC2", "FC4", "FC6", "FT8"},
                {"T7", "C5", "C3", "C1", "CZ", "C2", "C4", "C6", "T8"},
                {"TP7", "CP5", "CP3", "CP1", "CPZ", "CP2", "CP4", "CP6", "TP8"},
                {"P7", "P5", "P3", "P1", "PZ", "P2", "P4", "P6", "P8"},
                {null, "PO7", "PO5", "PO3", "POZ", "PO4", "PO6", "PO8", null},
                {null, null, "CB1", "O1", "OZ", "O2", "CB2", null, null}};
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                if (rows[r][c] != null) {
                    POSITION.put(rows[r][c], new double[] {r, c});
                }
            }
        }
        // the rest of the 10-10 system, placed between the cells by their scalp positions
        Object[][] more = {
                {"AF7", 1, 1}, {"AF8", 1, 7}, {"AFZ", 1, 4}, {"AF5", 1, 2}, {"AF6", 1, 6}, {"AF1", 1, 3.5}, {"AF2", 1, 4.5},
                {"FPZ", 0, 4}, {"F9", 2, -1}, {"F10", 2, 9}, {"FT9", 3, -1}, {"FT10", 3, 9}, {"T9", 4, -1},
                {"T10", 4, 9}, {"TP9", 5, -0.5}, {"TP10", 5, 8.5}, {"P9", 6, -1}, {"P10", 6, 9}, {"PO9", 7, 0},
                {"PO10", 7, 8}, {"PO1", 7, 3.5}, {"PO2", 7, 4.5}, {"O9", 8, 1}, {"O10", 8, 7}, {"IZ", 9, 4},
                {"NZ", -1, 4}};
        for (Object[] m : more) {
            POSITION.putIfAbsent((String) m[0], new double[] {((Number) m[1]).doubleValue(), ((Number) m[2]).doubleValue()});
        }
    }

    /** The canonical name of a 10-20/10-10 electrode (old names to new ones), or null when it is not one. */
    public static String canonical(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        n = OLD_NAMES.getOrDefault(n, n);
        return POSITION.containsKey(n) ? n : null;
    }

    /** (row, column) on the grid's coordinates of a canonical name, or null. */
    public static double[] position(String canonical) {
        double[] p = POSITION.get(canonical);
        return p == null ? null : p.clone();
    }

    /** Distance in grid cells between two canonical electrodes. */
    public static double distance(String a, String b) {
        double[] p = POSITION.get(a), q = POSITION.get(b);
        return Math.hypot(p[0] - q[0], p[1] - q[1]);
    }
}

package org.evoke.eeg.features;

/**
 * DEAP's 32 EEG electrodes placed on the 9x9 grid that follows their scalp positions (torcheeg's
 * {@code DEAP_CHANNEL_LOCATION_DICT}, as listed in docs/design.md, section 8). Row 0 is the front of the
 * head (FP1, FP2), column 0 the left ear side; the 49 cells without an electrode stay 0.
 */
public final class ElectrodeGrid {
    /** Grid side. */
    public static final int SIZE = 9;
    /** The number of EEG channels DEAP has, in file order (Geneva order). */
    public static final int CHANNELS = 32;

    /** Channel names in DEAP's file order. */
    public static final String[] NAMES = {
            "FP1", "AF3", "F3", "F7", "FC5", "FC1", "C3", "T7", "CP5", "CP1", "P3", "P7", "PO3", "O1", "OZ", "PZ",
            "FP2", "AF4", "FZ", "F4", "F8", "FC6", "FC2", "CZ", "C4", "T8", "CP6", "CP2", "P4", "P8", "PO4", "O2"};

    // (row, column) of each channel in file order
    private static final int[][] POSITION = {
            {0, 3}, {1, 3}, {2, 2}, {2, 0}, {3, 1}, {3, 3}, {4, 2}, {4, 0}, {5, 1}, {5, 3}, {6, 2}, {6, 0}, {7, 3},
            {8, 3}, {8, 4}, {6, 4}, {0, 5}, {1, 5}, {2, 4}, {2, 6}, {2, 8}, {3, 7}, {3, 5}, {4, 4}, {4, 6}, {4, 8},
            {5, 7}, {5, 5}, {6, 6}, {6, 8}, {7, 5}, {8, 5}};

    private ElectrodeGrid() {
    }

    public static int row(int channel) {
        return POSITION[channel][0];
    }

    public static int column(int channel) {
        return POSITION[channel][1];
    }

    /** The flat index row*9 + column of a channel's cell. */
    public static int cell(int channel) {
        return POSITION[channel][0] * SIZE + POSITION[channel][1];
    }

    /** Every channel's {@link #cell}, in channel order (32 entries): the table Arjun ViT on band features reads. */
    public static int[] cells() {
        int[] c = new int[CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            c[i] = cell(i);
        }
        return c;
    }

    /**
     * Scatters per-channel band features onto the grid, band-major.
     *
     * @param channelBand (32, bands) features, row-major
     * @param bands       number of bands B
     * @param out         receives (B, 9, 9) at {@code outOffset}; cells without an electrode are set to 0
     */
    public static void toGrid(double[] channelBand, int bands, double[] out, int outOffset) {
        java.util.Arrays.fill(out, outOffset, outOffset + bands * SIZE * SIZE, 0.0);
        for (int c = 0; c < CHANNELS; c++) {
            int cell = cell(c);
            for (int b = 0; b < bands; b++) {
                out[outOffset + b * SIZE * SIZE + cell] = channelBand[c * bands + b];
            }
        }
    }
}

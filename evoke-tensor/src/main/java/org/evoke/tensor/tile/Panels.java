package org.evoke.tensor.tile;

/**
 * The layout of every B operand of the {@link Tiles}: column panels. B (K rows, cols columns, cols a multiple of 16)
 * is cut into panels of 64 columns, and the last {@code cols mod 64} columns into panels of 16; each panel is
 * stored whole, row after row, the panels one after the other:
 *
 * <pre>
 * B(k, j) = b[c0 * K + k * wd + (j - c0)]      c0 = the panel's first column, wd = its width (64 or 16)
 * </pre>
 *
 * So a tile walks one contiguous stretch of memory (wd floats per step), which the hardware prefetchers follow and
 * which touches as few pages as possible; a row-major B with thousands of columns would put every step of the
 * reduction on another page (the teacher's lin1: 5184 steps, 4 KB apart).
 */
public final class Panels {
    private Panels() {
    }

    /** Where B(k, j) lives, for B with {@code kTotal} rows and {@code cols} columns. */
    public static int at(int k, int j, int kTotal, int cols) {
        int wideEnd = cols - cols % Tiles.WIDE;
        int c0 = j < wideEnd ? j - j % Tiles.WIDE : j - j % Tiles.NARROW;
        return c0 * kTotal + k * width(c0, cols) + (j - c0);
    }

    /** The width of the panel that starts at column {@code c0}. */
    public static int width(int c0, int cols) {
        return c0 < cols - cols % Tiles.WIDE ? Tiles.WIDE : Tiles.NARROW;
    }
}

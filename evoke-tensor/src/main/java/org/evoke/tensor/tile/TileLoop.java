package org.evoke.tensor.tile;

import org.evoke.tensor.Parallel;
/**
 * The loops around the {@link Tiles}: a range of rows of C times all its columns, in tiles, each finished tile
 * handed to an {@link Epilogue} (bias, activation and the store into the layer's output, or a sum into a
 * gradient). Columns go in blocks of 64 (6 x 64 tiles) and the remainder in blocks of 16 (12 x 16 tiles); the
 * column count must be a multiple of 16 (operands are packed with zero columns up to it).
 *
 * <pre>
 * Legend: rows [r0, r1) of C, cols = C's columns rounded up to 16, valid = the real column count, L the reduction
 * for each block of MC rows:                              (A's rows for the block stay in cache)
 *   for each block of KC steps of the reduction:          (B's block: KC x 64 floats per column panel, in L2)
 *     for each column block, for each row tile:  tile over the KC steps -> the block's sums (heap, MC x cols)
 *   epilogue over the block's sums
 * </pre>
 * With one reduction block (L &lt;= KC) each tile goes to the epilogue straight from the tile's scratch. Tiles that
 * pass r1 read the offset tables beyond it: tables carry {@link #ROW_SLACK} extra entries.
 */
public final class TileLoop {
    /** Entries past the last row that every row-offset table carries (copies of its last row). */
    public static final int ROW_SLACK = Tiles.NARROW_ROWS;
    /** Rows per block (a multiple of both tile heights). */
    static final int MC = 96;
    /** Reduction steps per block: a 64-column panel of B is then 128 KB, which stays in L2 while the rows pass. */
    static final int KC = 512;
    /** The scratch one part needs, in floats: one tile, then a block of sums of up to {@code cols} columns. */
    public static int scratch(int cols) {
        return Math.max(Tiles.WIDE_ROWS * Tiles.WIDE, Tiles.NARROW_ROWS * Tiles.NARROW) + (MC + Tiles.NARROW_ROWS) * cols;
    }

    /** Receives finished results: rows {@code row .. row+rows-1}, columns {@code col .. col+cols-1} of C, at t[tOff + r*ldt + j]. */
    public interface Epilogue {
        void store(float[] t, int tOff, int ldt, int row, int rows, int col, int cols);
    }

    private TileLoop() {
    }

    /**
     * C rows [r0, r1) x columns [0, cols), reduction [k0, k0 + len) of B, which is packed in {@link Panels} with
     * {@code kTotal} rows. {@code scratch} holds {@link #scratch}(cols) floats.
     */
    public static void rows(Tiles t, float[] a, int[] rowOff, int r0, int r1, int[] kOff, int k0, int len, float[] b, int kTotal,
                     int cols, int valid, Epilogue e, float[] scratch) {
        if (len <= KC) {
            block(t, a, rowOff, r0, r1, kOff, k0, len, b, kTotal, cols, valid, e, scratch, false, true);
            return;
        }
        int sums = Math.max(Tiles.WIDE_ROWS * Tiles.WIDE, Tiles.NARROW_ROWS * Tiles.NARROW);
        for (int rb = r0; rb < r1; rb += MC) {
            int re = Math.min(rb + MC, r1);
            for (int kb = 0; kb < len; kb += KC) {
                block(t, a, rowOff, rb, re, kOff, k0 + kb, Math.min(KC, len - kb), b, kTotal, cols, valid, null, scratch,
                        true, kb == 0);
            }
            e.store(scratch, sums, cols, rb, re - rb, 0, valid);
        }
    }

    /**
     * One reduction block over rows [r0, r1): each tile to the epilogue ({@code sum} false) or into the block's sums
     * at scratch[S + (r - r0) * cols + col] ({@code sum} true; the first block overwrites, later ones add).
     */
    private static void block(Tiles t, float[] a, int[] rowOff, int r0, int r1, int[] kOff, int k0, int len, float[] b,
                              int kTotal, int cols, int valid, Epilogue e, float[] scratch, boolean sum, boolean first) {
        int wideEnd = cols - cols % Tiles.WIDE;
        int sums = Math.max(Tiles.WIDE_ROWS * Tiles.WIDE, Tiles.NARROW_ROWS * Tiles.NARROW);
        for (int col = 0; col < wideEnd; col += Tiles.WIDE) {
            int vc = Math.min(Tiles.WIDE, valid - col);
            for (int r = r0; r < r1; r += Tiles.WIDE_ROWS) {
                t.tile6x64(a, rowOff, r, kOff, k0, len, b, col * kTotal + k0 * Tiles.WIDE, Tiles.WIDE, scratch, 0, Tiles.WIDE);
                int rows = Math.min(Tiles.WIDE_ROWS, r1 - r);
                if (sum) {
                    add(scratch, Tiles.WIDE, rows, Tiles.WIDE, scratch, sums + (r - r0) * cols + col, cols, first);
                } else {
                    e.store(scratch, 0, Tiles.WIDE, r, rows, col, vc);
                }
            }
        }
        for (int col = wideEnd; col < cols; col += Tiles.NARROW) {
            int vc = Math.min(Tiles.NARROW, valid - col);
            for (int r = r0; r < r1; r += Tiles.NARROW_ROWS) {
                t.tile12x16(a, rowOff, r, kOff, k0, len, b, col * kTotal + k0 * Tiles.NARROW, Tiles.NARROW, scratch, 0, Tiles.NARROW);
                int rows = Math.min(Tiles.NARROW_ROWS, r1 - r);
                if (sum) {
                    add(scratch, Tiles.NARROW, rows, Tiles.NARROW, scratch, sums + (r - r0) * cols + col, cols, first);
                } else {
                    e.store(scratch, 0, Tiles.NARROW, r, rows, col, vc);
                }
            }
        }
    }

    /** dst[at + r*ldd + j] (=|+=) src[r*lds + j] for r &lt; rows, j &lt; width. */
    private static void add(float[] src, int lds, int rows, int width, float[] dst, int at, int ldd, boolean overwrite) {
        for (int r = 0; r < rows; r++) {
            int d = at + r * ldd, s = r * lds;
            if (overwrite) {
                System.arraycopy(src, s, dst, d, width);
            } else {
                for (int j = 0; j < width; j++) {
                    dst[d + j] += src[s + j];
                }
            }
        }
    }

    /**
     * One row of C ({@code a} at {@code rowOff}), column blocks [block0, block1) in units of 16 columns, B in
     * {@link Panels} with {@code len} rows and {@code cols} columns: the vector-matrix product of a layer at batch 1,
     * split over threads by columns.
     */
    public static void row(Tiles t, float[] a, int rowOff, int row, int[] kOff, int len, float[] b, int cols,
                    int block0, int block1, int valid, Epilogue e, float[] scratch) {
        int col = block0 * Tiles.NARROW, end = block1 * Tiles.NARROW;
        while (col < end) {
            if (Panels.width(col - col % Tiles.WIDE, cols) == Tiles.WIDE) { // inside a 64-wide panel: 16 at a time
                int c0 = col - col % Tiles.WIDE;
                if (col == c0 && col + Tiles.WIDE <= end) {
                    t.tile1x64(a, rowOff, kOff, 0, len, b, c0 * len, Tiles.WIDE, scratch, 0);
                    e.store(scratch, 0, Tiles.WIDE, row, 1, col, Math.min(Tiles.WIDE, valid - col));
                    col += Tiles.WIDE;
                } else {
                    t.tile1x16(a, rowOff, kOff, 0, len, b, c0 * len + (col - c0), Tiles.WIDE, scratch, 0);
                    e.store(scratch, 0, Tiles.NARROW, row, 1, col, Math.min(Tiles.NARROW, valid - col));
                    col += Tiles.NARROW;
                }
            } else {
                t.tile1x16(a, rowOff, kOff, 0, len, b, col * len, Tiles.NARROW, scratch, 0);
                e.store(scratch, 0, Tiles.NARROW, row, 1, col, Math.min(Tiles.NARROW, valid - col));
                col += Tiles.NARROW;
            }
        }
    }

    /** n rounded up to a multiple of m. */
    public static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /**
     * The rows of part {@code part} of {@code parts} when {@code n} rows are cut at multiples of {@code unit}:
     * {begin, end}.
     */
    public static int begin(int n, int unit, int part, int parts) {
        int units = (n + unit - 1) / unit;
        return Math.min(n, Parallel.begin(units, part, parts) * unit);
    }
}

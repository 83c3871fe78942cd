package org.evoke.nn.layers;

/**
 * Zero padding on each side of the grid, as torch.nn.ZeroPad2d((left, right, top, bottom)) takes it.
 * The models use {@link #SAME_4}: left 1, right 2, top 1, bottom 2, so a 4x4 kernel at stride 1 keeps 9x9 at 9x9.
 */
public record Padding(int left, int right, int top, int bottom) {
    public static final Padding NONE = new Padding(0, 0, 0, 0);
    public static final Padding SAME_4 = new Padding(1, 2, 1, 2);

    public Padding {
        if (left < 0 || right < 0 || top < 0 || bottom < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got " + this);
        }
    }

    /** The same padding p on all four sides. */
    public static Padding of(int p) {
        return new Padding(p, p, p, p);
    }

    @Override
    public String toString() {
        return "(" + left + ", " + right + ", " + top + ", " + bottom + ")";
    }
}

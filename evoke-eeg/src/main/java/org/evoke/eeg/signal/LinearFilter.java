package org.evoke.eeg.signal;

import java.util.Arrays;

/**
 * {@code scipy.signal.lfilter(b, a, x)} for one-dimensional double signals: direct form II transposed, zero
 * initial state, coefficients normalised by {@code a[0]}. The recurrence, for each sample x with output y:
 * <pre>
 *   y      = z[0] + b[0] x
 *   z[n-1] = z[n] + b[n] x - a[n] y        n = 1 .. M-2
 *   z[M-2] =        b[M-1] x - a[M-1] y
 * </pre>
 * with M the number of coefficients; the operations are ordered as in SciPy's C loop.
 * <p>
 * An instance holds the normalised coefficients only and is immutable; the state buffer is passed in by the
 * caller, so one instance serves many threads.
 */
public final class LinearFilter {
    private final double[] b; // (M,) normalised by a[0]
    private final double[] a; // (M,) normalised, a[0] == 1

    public LinearFilter(double[] b, double[] a) {
        if (b.length == 0 || a.length == 0) {
            throw new IllegalArgumentException("lfilter needs at least one coefficient in b and in a");
        }
        if (a[0] == 0 || !Double.isFinite(a[0])) {
            throw new IllegalArgumentException("lfilter: a[0] must be finite and non-zero, got " + a[0]);
        }
        int m = Math.max(a.length, b.length);
        this.b = Arrays.copyOf(b, m);
        this.a = Arrays.copyOf(a, m);
        double a0 = a[0];
        for (int n = 0; n < m; n++) {
            this.b[n] /= a0;
            this.a[n] /= a0;
        }
    }

    public LinearFilter(Butterworth.Coefficients c) {
        this(c.b(), c.a());
    }

    /** Number of coefficients M; the state needs M-1 doubles. */
    public int length() {
        return b.length;
    }

    /**
     * Filters {@code x[xOff .. xOff+n)} into {@code y[yOff .. yOff+n)} from zero state. {@code state} is scratch
     * of at least M-1 doubles (overwritten). x and y may be the same array at the same offset.
     */
    public void apply(double[] x, int xOff, double[] y, int yOff, int n, double[] state) {
        Arrays.fill(state, 0, Math.max(0, b.length - 1), 0.0);
        resume(x, xOff, y, yOff, n, state);
    }

    /**
     * Filters {@code x[xOff .. xOff+n)} into {@code y[yOff .. yOff+n)} continuing from {@code state} (M-1 doubles,
     * updated in place): a signal filtered in consecutive chunks this way gives exactly what one {@link #apply}
     * over the whole signal gives. Direct form II transposed, as SciPy's lfilter.
     */
    public void resume(double[] x, int xOff, double[] y, int yOff, int n, double[] state) {
        int m = b.length;
        if (m == 1) {
            for (int k = 0; k < n; k++) {
                y[yOff + k] = x[xOff + k] * b[0];
            }
            return;
        }
        for (int k = 0; k < n; k++) {
            double xn = x[xOff + k];
            double yn = state[0] + b[0] * xn;
            for (int i = 1; i < m - 1; i++) {
                state[i - 1] = state[i] + xn * b[i] - yn * a[i];
            }
            state[m - 2] = xn * b[m - 1] - yn * a[m - 1];
            y[yOff + k] = yn;
        }
    }

    /** Convenience: the filtered copy of {@code x}. */
    public double[] apply(double[] x) {
        double[] y = new double[x.length];
        apply(x, 0, y, 0, x.length, new double[Math.max(1, b.length - 1)]);
        return y;
    }
}

package org.evoke.eeg.signal;

/**
 * Rational resampling by up/down with a polyphase anti-aliasing FIR filter, as {@code scipy.signal.resample_poly(x,
 * up, down)} with its defaults: the ratio reduced by its gcd, a low-pass of 2 * half + 1 taps (half = 10 *
 * max(up, down)) designed by {@code firwin} with a Kaiser window (beta 5) and cut-off 1 / max(up, down) of the
 * Nyquist frequency, gain up, zeros beyond both ends of the input, and ceil(n * up / down) outputs:
 * <pre>
 *   y[m] = sum over i of h[m * down - i * up + half] * x[i]        (h indices 0 .. 2 * half)
 * </pre>
 * Only the taps that meet an input are visited (the polyphase form: about (2 * half + 1) / up per output). One code
 * path serves a whole signal ({@link #resample}) and a stream fed in pieces of any size ({@link #stream}): both give
 * the same numbers to the bit. EEG devices record at 250 (OpenBCI), 256 (Muse), 500, 512 (BioSemi) or 1000 Hz;
 * the recogniser's pipeline runs at 128 Hz ({@link #to128}).
 */
public final class PolyphaseResampler {
    /** The largest up or down after reduction: a finer ratio would need a filter of over 40,000 taps. */
    public static final int MAX_FACTOR = 2000;

    private final int up;
    private final int down;
    private final int half;
    private final double[] h; // (2 * half + 1) taps, times up

    private PolyphaseResampler(int up, int down) {
        int g = gcd(up, down);
        this.up = up / g;
        this.down = down / g;
        int max = Math.max(this.up, this.down);
        this.half = 10 * max;
        this.h = lowPass(2 * half + 1, 1.0 / max, 5.0);
        for (int i = 0; i < h.length; i++) {
            h[i] *= this.up;
        }
    }

    /** By integers, as scipy's resample_poly(x, up, down). */
    public static PolyphaseResampler of(int up, int down) {
        if (up < 1 || down < 1) {
            throw new IllegalArgumentException("up and down must be >= 1, got " + up + " and " + down);
        }
        int g = gcd(up, down);
        if (Math.max(up / g, down / g) > MAX_FACTOR) {
            throw new IllegalArgumentException("cannot resample by " + up / g + "/" + down / g + ": a factor above "
                    + MAX_FACTOR);
        }
        return new PolyphaseResampler(up, down);
    }

    /** From one sampling rate to another, both multiples of 0.001 Hz (250, 256, 500.5, ...). */
    public static PolyphaseResampler between(double fromHz, double toHz) {
        long from = milli(fromHz), to = milli(toHz);
        long g = gcd(from, to);
        if (Math.max(from / g, to / g) > MAX_FACTOR) {
            throw new IllegalArgumentException("cannot resample " + fromHz + " Hz to " + toHz + " Hz: the ratio "
                    + to / g + "/" + from / g + " needs a factor above " + MAX_FACTOR);
        }
        return new PolyphaseResampler((int) (to / g), (int) (from / g));
    }

    /** From {@code fromHz} to the pipeline's 128 Hz. */
    public static PolyphaseResampler to128(double fromHz) {
        return between(fromHz, 128);
    }

    public int up() {
        return up;
    }

    public int down() {
        return down;
    }

    /** The filter's taps (gain up included): firwin(2 * half + 1, 1 / max(up, down), window=('kaiser', 5)) * up. */
    public double[] taps() {
        return h.clone();
    }

    /** Outputs for n inputs: ceil(n * up / down). */
    public long outputLength(long n) {
        return ceilDiv(n * up, down);
    }

    /** The whole signal resampled (a copy when the rates are equal, as scipy's resample_poly). */
    public double[] resample(double[] x) {
        long n = outputLength(x.length);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(x.length + " samples resample to more than an array holds");
        }
        double[] y = new double[(int) n];
        Stream s = stream();
        int k = s.push(x, 0, x.length, y, 0);
        s.finish(y, k);
        return y;
    }

    /** A resampler of one channel fed in pieces. */
    public Stream stream() {
        return new Stream();
    }

    /**
     * One channel's state: the last inputs an output can still need (a ring of about 2 * half / up + 4), and the
     * next output's index. {@link #push} writes every output whose inputs have all arrived; {@link #finish} the
     * rest, with zeros past the end, up to ceil(n * up / down) in all.
     */
    public final class Stream {
        private final double[] ring = new double[2 * half / up + 4];
        private long received;  // inputs pushed so far
        private long next;      // the index of the next output

        private Stream() {
        }

        /** Outputs {@code push} can write at most for n more inputs: size {@code out} by it. */
        public int maxOutputs(int n) {
            return (int) (((received + n) * up + half) / down - next + 2);
        }

        /** Adds inputs; writes the outputs that became complete to {@code out} from {@code outOff}; returns how many. */
        public int push(double[] x, int off, int n, double[] out, int outOff) {
            int k = 0;
            for (int j = 0; j < n; j++) {
                double v = x[off + j];
                ring[(int) (received % ring.length)] = v;
                received++;
                // output m needs inputs up to floor((m * down + half) / up)
                while (Math.floorDiv(next * down + half, up) < received) {
                    out[outOff + k++] = output(next++, Long.MAX_VALUE);
                }
            }
            return k;
        }

        /** Writes the remaining outputs (the input has ended); returns the total output count of the stream. */
        public int finish(double[] out, int outOff) {
            long total = outputLength(received);
            int k = 0;
            while (next < total) {
                out[outOff + k++] = output(next++, received);
            }
            return k;
        }

        /** Outputs still to come from {@link #finish}. */
        public int pending() {
            return (int) (outputLength(received) - next);
        }

        /** y[m], inputs at or past {@code end} taken as 0; the input itself when up = down = 1 (as SciPy). */
        private double output(long m, long end) {
            if (up == 1 && down == 1) {
                return ring[(int) (m % ring.length)];
            }
            long t = m * down + half;                              // h index for input 0
            long lo = Math.max(0, ceilDiv(t - 2L * half, up)); // first input with an index <= 2 * half
            long hi = Math.min(Math.min(Math.floorDiv(t, up), received - 1), end - 1);
            double sum = 0;
            for (long i = lo; i <= hi; i++) {
                sum += h[(int) (t - i * up)] * ring[(int) (i % ring.length)];
            }
            return sum;
        }
    }

    /**
     * scipy.signal.firwin(taps, cutoff, window=('kaiser', beta)) for a low-pass: cutoff * sinc(cutoff * (n - a)) times
     * the window, scaled to a sum of 1 (unit gain at DC); a = (taps - 1) / 2.
     */
    static double[] lowPass(int taps, double cutoff, double beta) {
        double[] w = Windows.kaiser(taps, beta);
        double[] h = new double[taps];
        double alpha = 0.5 * (taps - 1), sum = 0;
        for (int n = 0; n < taps; n++) {
            double m = n - alpha;
            h[n] = cutoff * sinc(cutoff * m) * w[n];
            sum += h[n];
        }
        for (int n = 0; n < taps; n++) {
            h[n] /= sum;
        }
        return h;
    }

    /** numpy.sinc: sin(pi x) / (pi x), 1 at 0. */
    static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double y = Math.PI * x;
        return Math.sin(y) / y;
    }

    private static long milli(double hz) {
        if (!(hz > 0) || !Double.isFinite(hz) || hz > 1e7) {
            throw new IllegalArgumentException("a sampling rate must be positive and finite, got " + hz + " Hz");
        }
        double m = hz * 1000;
        long r = Math.round(m);
        if (Math.abs(m - r) > 1e-6 * Math.max(1, m)) {
            throw new IllegalArgumentException("sampling rate " + hz + " Hz is not a multiple of 0.001 Hz");
        }
        return r;
    }

    /** ceil(a / b) for b > 0 (Math.ceilDiv is Java 18). */
    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int gcd(int a, int b) {
        return (int) gcd((long) a, b);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}

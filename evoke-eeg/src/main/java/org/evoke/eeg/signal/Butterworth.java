package org.evoke.eeg.signal;

import java.util.Arrays;

/**
 * Digital Butterworth band-pass design, exactly as {@code scipy.signal.butter(order, [lo/nyq, hi/nyq],
 * btype='band')} returns it in (b, a) form. The route is SciPy's, step by step, in double:
 * <ol>
 *   <li>{@code buttap}: the analog low-pass prototype, no zeros, poles {@code -exp(i*pi*m/(2N))} for
 *       m = -N+1, -N+3, ..., N-1, gain 1;</li>
 *   <li>pre-warping: SciPy designs at fs = 2, so each edge becomes {@code 4*tan(pi*Wn/2)};</li>
 *   <li>{@code lp2bp_zpk}: low-pass to band-pass around wo = sqrt(w1*w2) with bandwidth bw = w2-w1;</li>
 *   <li>{@code bilinear_zpk}: s-plane to z-plane, {@code (4+s)/(4-s)}, zeros at infinity moved to z = -1;</li>
 *   <li>{@code zpk2tf}: the polynomials multiplied out factor by factor in complex arithmetic, real part kept.</li>
 * </ol>
 * The order-N band-pass has 2N poles, so the denominator is a polynomial of degree 2N; for N = 5 it is badly
 * conditioned and only this route reproduces SciPy's coefficients to about 1e-10.
 */
public final class Butterworth {
    private Butterworth() {
    }

    /**
     * Filter coefficients in SciPy's (b, a) form: {@code a[0] == 1}, both of length 2*order+1.
     *
     * @param b numerator, highest power of z^-1 last
     * @param a denominator
     */
    public record Coefficients(double[] b, double[] a) {
        @Override
        public String toString() {
            return "b=" + Arrays.toString(b) + " a=" + Arrays.toString(a);
        }
    }

    /** Zeros, poles and gain of a filter (SciPy's zpk form). */
    record Zpk(Complex[] z, Complex[] p, double k) {
    }

    /**
     * The band-pass between {@code lowHz} and {@code highHz} for a signal sampled at {@code samplingRate} Hz, as
     * torcheeg's {@code butter_bandpass}: {@code nyq = 0.5*fs; butter(order, [low/nyq, high/nyq], btype='band')}.
     */
    public static Coefficients bandpass(int order, double lowHz, double highHz, double samplingRate) {
        double nyq = 0.5 * samplingRate;
        if (order < 1) {
            throw new IllegalArgumentException("Butterworth order must be >= 1, got " + order);
        }
        if (!(lowHz > 0 && lowHz < highHz && highHz < nyq)) {
            throw new IllegalArgumentException("band-pass edges must satisfy 0 < low < high < Nyquist (" + nyq
                    + " Hz), got " + lowHz + " .. " + highHz + " Hz");
        }
        return bandpassNormalized(order, lowHz / nyq, highHz / nyq);
    }

    /** {@code butter(order, [w1, w2], btype='band')} with edges as fractions of the Nyquist frequency. */
    public static Coefficients bandpassNormalized(int order, double w1, double w2) {
        if (!(w1 > 0 && w1 < w2 && w2 < 1)) {
            throw new IllegalArgumentException("normalised band edges must satisfy 0 < w1 < w2 < 1, got " + w1 + ", " + w2);
        }
        double fs = 2.0;
        double warped1 = 2 * fs * CorrectlyRounded.tan(Math.PI * w1 / fs);
        double warped2 = 2 * fs * CorrectlyRounded.tan(Math.PI * w2 / fs);
        double bw = warped2 - warped1;
        double wo = Math.sqrt(warped1 * warped2);
        Zpk zpk = bilinearZpk(lp2bpZpk(buttap(order), wo, bw), fs);
        return zpk2tf(zpk);
    }

    /** SciPy's {@code buttap(N)}: the analog prototype with cut-off 1 rad/s. */
    static Zpk buttap(int n) {
        Complex[] p = new Complex[n];
        for (int i = 0; i < n; i++) {
            int m = -n + 1 + 2 * i;
            // NumPy evaluates 1j*pi*m / (2N) as a complex division: the imaginary part is (pi*m) * (1/(2N))
            double theta = (Math.PI * m) * (1.0 / (2 * n));
            // -exp(i*theta); the middle pole (m = 0) is exactly -1
            p[i] = new Complex(-CorrectlyRounded.cos(theta), -CorrectlyRounded.sin(theta));
        }
        return new Zpk(new Complex[0], p, 1.0);
    }

    /**
     * SciPy's {@code lp2bp_zpk}: every zero and pole is duplicated and shifted to +wo and -wo. NumPy promotes the
     * real scalars to complex ({@code bw + 0i}, {@code 2 + 0i}, {@code wo^2 + 0i}), which decides the sign of the
     * zero imaginary parts and so the order of the poles; the operations below do the same.
     */
    static Zpk lp2bpZpk(Zpk lp, double wo, double bw) {
        int degree = lp.p().length - lp.z().length;
        Complex cbw = Complex.real(bw), two = Complex.real(2), wo2 = Complex.real(wo * wo);
        int nz = lp.z().length;
        Complex[] z = new Complex[2 * nz + degree];
        for (int i = 0; i < nz; i++) {
            Complex zl = lp.z()[i].times(cbw).div(two);
            Complex s = zl.times(zl).minus(wo2).sqrt();
            z[i] = zl.plus(s);
            z[nz + i] = zl.minus(s);
        }
        for (int i = 2 * nz; i < z.length; i++) {
            z[i] = Complex.ZERO;
        }
        int np = lp.p().length;
        Complex[] p = new Complex[2 * np];
        for (int i = 0; i < np; i++) {
            Complex pl = lp.p()[i].times(cbw).div(two);
            Complex s = pl.times(pl).minus(wo2).sqrt();
            p[i] = pl.plus(s);
            p[np + i] = pl.minus(s);
        }
        return new Zpk(z, p, lp.k() * CorrectlyRounded.pow(bw, degree));
    }

    /** SciPy's {@code bilinear_zpk}: z = (2fs + s) / (2fs - s); zeros at infinity go to z = -1. */
    static Zpk bilinearZpk(Zpk a, double fs) {
        int degree = a.p().length - a.z().length;
        Complex fs2 = Complex.real(2.0 * fs);
        Complex[] z = new Complex[a.z().length + degree];
        Complex num = Complex.ONE;
        for (int i = 0; i < a.z().length; i++) {
            z[i] = fs2.plus(a.z()[i]).div(fs2.minus(a.z()[i]));
            num = num.timesFused(fs2.minus(a.z()[i]));
        }
        for (int i = a.z().length; i < z.length; i++) {
            z[i] = Complex.real(-1);
        }
        Complex[] p = new Complex[a.p().length];
        Complex den = Complex.ONE;
        for (int i = 0; i < p.length; i++) {
            p[i] = fs2.plus(a.p()[i]).div(fs2.minus(a.p()[i]));
            den = den.timesFused(fs2.minus(a.p()[i]));
        }
        return new Zpk(z, p, a.k() * num.div(den).re());
    }

    /** SciPy's {@code zpk2tf}: b = k * poly(z), a = poly(p), real parts (the roots come in conjugate pairs). */
    static Coefficients zpk2tf(Zpk zpk) {
        double[] b = poly(zpk.z());
        for (int i = 0; i < b.length; i++) {
            b[i] = zpk.k() * b[i];
        }
        return new Coefficients(b, poly(zpk.p()));
    }

    /**
     * NumPy's {@code poly}: the monic polynomial with the given roots, convolving with (1, -root) one root at a
     * time. {@code np.convolve} runs through {@code correlate}, whose two-term dot products go to BLAS
     * {@code zdotu}: four separate sums (re*re, im*im, re*im, im*re) combined as {@code re = d0 - d1},
     * {@code im = d2 + d3}. For the new coefficient {@code c'[i] = c[i] + c[i-1] * (-root)} that is
     * <pre>
     *   re = (c[i-1].re * -r.re + c[i].re) - (c[i-1].im * -r.im)
     *   im = (c[i-1].re * -r.im) + (c[i-1].im * -r.re + c[i].im)
     * </pre>
     * which rounds differently from a complex multiply followed by an add; the golden coefficients need this form.
     */
    static double[] poly(Complex[] roots) {
        Complex[] c = new Complex[roots.length + 1];
        c[0] = Complex.ONE;
        for (int r = 0; r < roots.length; r++) {
            double nr = -roots[r].re(), ni = -roots[r].im();
            // the last coefficient is a one-term dot: an ordinary complex product
            Complex last = c[r];
            c[r + 1] = new Complex(last.re() * nr - last.im() * ni, last.re() * ni + last.im() * nr);
            for (int i = r; i >= 1; i--) {
                Complex prev = c[i - 1], cur = c[i];
                double d0 = prev.re() * nr + cur.re();
                double d1 = prev.im() * ni + cur.im() * 0.0;
                double d2 = prev.re() * ni + cur.re() * 0.0;
                double d3 = prev.im() * nr + cur.im();
                c[i] = new Complex(d0 - d1, d2 + d3);
            }
        }
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = c[i].re();
        }
        return out;
    }
}

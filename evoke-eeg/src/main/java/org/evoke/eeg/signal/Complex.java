package org.evoke.eeg.signal;

/**
 * A complex double, just enough for the filter design. The operations follow NumPy's formulas (Smith's division,
 * the branch-stable square root) so the design reproduces SciPy's rounding as closely as Java allows.
 */
record Complex(double re, double im) {
    static final Complex ZERO = new Complex(0, 0);
    static final Complex ONE = new Complex(1, 0);

    static Complex real(double re) {
        return new Complex(re, 0);
    }

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    /**
     * The product as NumPy's vectorised complex multiply forms it, with fused multiply-adds:
     * {@code re = fma(ar, br, -(ai*bi))}, {@code im = fma(ar, bi, ai*br)}. SciPy's gain ({@code np.prod}) goes
     * through this kernel; the golden coefficients are reproduced bit for bit only with it.
     */
    Complex timesFused(Complex o) {
        return new Complex(Math.fma(re, o.re, -(im * o.im)), Math.fma(re, o.im, im * o.re));
    }

    /** Smith's algorithm, as NumPy's complex division loop. */
    Complex div(Complex o) {
        double ar = Math.abs(o.re), ai = Math.abs(o.im);
        if (ar >= ai) {
            if (ar == 0 && ai == 0) {
                return new Complex(re / ar, im / ai);
            }
            double rat = o.im / o.re;
            double scl = 1.0 / (o.re + o.im * rat);
            return new Complex((re + im * rat) * scl, (im - re * rat) * scl);
        }
        double rat = o.re / o.im;
        double scl = 1.0 / (o.im + o.re * rat);
        return new Complex((re * rat + im) * scl, (im * rat - re) * scl);
    }

    /** The principal square root (C99 csqrt's branch choice: non-negative real part, imaginary sign of im). */
    Complex sqrt() {
        if (re == 0 && im == 0) {
            return new Complex(0, im);
        }
        if (im == 0) {
            return re < 0 ? new Complex(0, Math.copySign(Math.sqrt(-re), im)) : new Complex(Math.sqrt(re), im);
        }
        double mod = CorrectlyRounded.hypot(re, im);
        if (re > 0) {
            double t = Math.sqrt((mod + re) * 0.5);
            return new Complex(t, im / (2 * t));
        }
        double t = Math.sqrt((mod - re) * 0.5);
        return new Complex(Math.abs(im) / (2 * t), Math.copySign(t, im));
    }

    Complex negate() {
        return new Complex(-re, -im);
    }
}

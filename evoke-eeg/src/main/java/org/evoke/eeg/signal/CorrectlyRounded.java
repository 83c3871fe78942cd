package org.evoke.eeg.signal;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Correctly rounded elementary functions for the filter design. SciPy's design calls the C library (glibc's
 * {@code tan}, {@code sin}, {@code cos}, {@code hypot}, {@code pow}, which round correctly in practice); Java's
 * {@code Math} versions may differ from them by an ulp, and an ulp in the order-5 band-pass coefficients moves
 * the filtered signal by about 1e-8 relative (the direct form amplifies rounding through its large internal
 * state). Computing in 60-digit decimals and rounding once reproduces the C library's doubles. Only the design
 * uses these (a few dozen calls per filter); they are not meant for signal loops.
 */
final class CorrectlyRounded {
    private static final MathContext MC = new MathContext(60);

    private CorrectlyRounded() {
    }

    static double sin(double x) {
        return sinBig(new BigDecimal(x)).doubleValue();
    }

    static double cos(double x) {
        return cosBig(new BigDecimal(x)).doubleValue();
    }

    static double tan(double x) {
        BigDecimal b = new BigDecimal(x);
        return sinBig(b).divide(cosBig(b), MC).doubleValue();
    }

    /** sqrt(x^2 + y^2), rounded once. */
    static double hypot(double x, double y) {
        BigDecimal bx = new BigDecimal(x), by = new BigDecimal(y);
        BigDecimal s = bx.multiply(bx).add(by.multiply(by));
        return s.signum() == 0 ? 0.0 : s.sqrt(MC).doubleValue();
    }

    /** x^n for a non-negative integer n, rounded once. */
    static double pow(double x, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative exponent " + n);
        }
        return new BigDecimal(x).pow(n).round(MC).doubleValue();
    }

    private static BigDecimal sinBig(BigDecimal x) {
        checkRange(x);
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal term = x, sum = x;
        for (int k = 1; k < 200; k++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * k) * (2L * k + 1)), MC).negate();
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(65)) < 0) {
                break;
            }
        }
        return sum;
    }

    private static BigDecimal cosBig(BigDecimal x) {
        checkRange(x);
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int k = 1; k < 200; k++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * k - 1) * (2L * k)), MC).negate();
            sum = sum.add(term, MC);
            if (term.signum() == 0 || term.abs().compareTo(sum.abs().movePointLeft(65)) < 0) {
                break;
            }
        }
        return sum;
    }

    private static void checkRange(BigDecimal x) {
        if (x.abs().compareTo(BigDecimal.valueOf(8)) > 0) {
            throw new IllegalArgumentException("argument " + x + " outside |x| <= 8, where the series is used");
        }
    }
}

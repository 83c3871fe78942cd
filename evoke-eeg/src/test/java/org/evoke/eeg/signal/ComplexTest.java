package org.evoke.eeg.signal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComplexTest {
    @Test
    void arithmeticMatchesTheTextbookFormulas() {
        Complex a = new Complex(1.5, -2), b = new Complex(-0.25, 3);
        Complex p = a.times(b);
        assertEquals(1.5 * -0.25 - (-2) * 3, p.re(), 0);
        assertEquals(1.5 * 3 + (-2) * -0.25, p.im(), 0);
        Complex q = p.div(b);
        assertEquals(a.re(), q.re(), 1e-15);
        assertEquals(a.im(), q.im(), 1e-15);
        Complex f = a.timesFused(b);
        assertEquals(p.re(), f.re(), 1e-15);
        assertEquals(p.im(), f.im(), 1e-15);
    }

    @Test
    void squareRootIsThePrincipalBranch() {
        Complex s = new Complex(-4, 0).sqrt();
        assertEquals(0, s.re(), 0);
        assertEquals(2, s.im(), 0);
        Complex t = new Complex(-4, -0.0).sqrt();
        assertEquals(-2, t.im(), 0); // the sign of a zero imaginary part picks the branch, as in C99 csqrt
        Complex u = new Complex(3, 4).sqrt();
        assertEquals(2, u.re(), 1e-15);
        assertEquals(1, u.im(), 1e-15);
        Complex v = new Complex(-3, -4).sqrt();
        assertEquals(1, v.re(), 1e-15);
        assertEquals(-2, v.im(), 1e-15);
    }
}

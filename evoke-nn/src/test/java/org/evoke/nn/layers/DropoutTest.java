package org.evoke.nn.layers;

import org.evoke.nn.GradCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

class DropoutTest {
    @Test
    void isTheIdentityAtInference() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1024);
        assertSame(x, new Dropout("d", 0.5, 1).forward(x, false));
    }

    @Test
    void keepsAboutOneMinusPAndScalesInverted() {
        Dropout d = new Dropout("d", 0.5, 7);
        INDArray x = Nd4j.ones(DataType.FLOAT, 128, 1024);
        INDArray y = d.forward(x, true);
        double kept = y.neq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(0.5, kept, 0.01);
        assertEquals(2.0, y.maxNumber().doubleValue(), 1e-6);
        assertEquals(1.0, y.meanNumber().doubleValue(), 0.02, "inverted dropout keeps the expectation");
    }

    @Test
    void sameSeedSameMasksAndResumable() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 8, 64);
        Dropout a = new Dropout("d", 0.3, 42), b = new Dropout("d", 0.3, 42), c = new Dropout("d", 0.3, 43);
        INDArray a1 = a.forward(x, true).dup(), a2 = a.forward(x, true).dup();
        assertEquals(a1, b.forward(x, true).dup());
        assertNotEquals(a1, a2, "masks change from step to step");
        assertNotEquals(a1, c.forward(x, true).dup(), "another seed, other masks");
        Dropout resumed = new Dropout("d", 0.3, 42);
        resumed.setStep(1);
        assertEquals(a2, resumed.forward(x, true).dup(), "a resumed run continues the same masks");
    }

    @Test
    void gradientPassesCentralDifferencesForAFixedMask() {
        Dropout d = new Dropout("d", 0.4, 3);
        // the mask depends on the step counter: pin it so every evaluation in the check draws the same mask
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 10);
        PinnedDropout p = new PinnedDropout(d);
        GradCheck.check(p, x, 1e-8);
    }

    /** Wraps a Dropout and resets its step before every forward, so repeated evaluations see one mask. */
    static final class PinnedDropout implements org.evoke.nn.Layer {
        final Dropout d;

        PinnedDropout(Dropout d) {
            this.d = d;
        }

        public String name() {
            return d.name();
        }

        public INDArray forward(INDArray x, boolean training) {
            d.setStep(0);
            return d.forward(x, training);
        }

        public INDArray backward(INDArray dy) {
            return d.backward(dy);
        }

        public long[] outputShape(long[] s) {
            return s;
        }
    }
}

package org.evoke.nn.optim;

import org.evoke.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SGDTest {
    @Test
    void followsTheMomentumRecurrenceOnAQuadratic() {
        // f(w) = w^2 / 2, g = w. PyTorch: buf_1 = g_1, buf_t = mu buf_{t-1} + g_t, w -= lr buf
        Parameter p = new Parameter("w", Nd4j.createFromArray(1.0));
        SGD sgd = new SGD(List.of(p), 0.1, 0.9);
        double w = 1.0, buf = 0;
        for (int t = 1; t <= 20; t++) {
            p.grad().assign(p.value());
            sgd.step();
            buf = t == 1 ? w : 0.9 * buf + w;
            w -= 0.1 * buf;
            assertEquals(w, p.value().getDouble(0), 1e-14, "step " + t);
        }
        assertTrue(Math.abs(w) < 1.0, "it descends");
    }

    @Test
    void withoutMomentumItIsPlainGradientDescent() {
        Parameter p = new Parameter("w", Nd4j.createFromArray(3.0, -1.0));
        p.grad().assign(Nd4j.createFromArray(1.0, 2.0));
        new SGD(List.of(p), 0.5, 0).step();
        assertEquals(Nd4j.createFromArray(2.5, -2.0), p.value());
    }
}

package org.evoke.nn;

import org.evoke.tensor.testing.TensorAssert;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Supplier;

/**
 * Gradient checks by central differences in double precision. The scalar checked is L = sum(y * r) for a fixed
 * random r, so dL/dy = r; backward's dx and parameter gradients are compared with (L(w + h) - L(w - h)) / 2h.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Checks dL/dx and every parameter gradient of {@code layer} at {@code x} (both DOUBLE). */
    public static void check(Layer layer, INDArray x, double tol) {
        Nd4j.getRandom().setSeed(17);
        INDArray y = layer.forward(x, true);
        INDArray r = Nd4j.rand(DataType.DOUBLE, y.shape()).subi(0.5);
        layer.zeroGrad();
        INDArray dx = layer.backward(r.dup()).dup();
        Supplier<Double> loss = () -> layer.forward(x, true).mul(r).sumNumber().doubleValue();
        TensorAssert.assertClose(layer.name() + " dL/dx", numeric(x, loss), dx, tol);
        for (Parameter p : layer.parameters()) {
            TensorAssert.assertClose(layer.name() + " dL/d" + p.name(), numeric(p.value(), loss), p.grad(), tol);
        }
    }

    /** Central differences of {@code loss} with respect to every element of {@code w} (changed and restored in place). */
    public static INDArray numeric(INDArray w, Supplier<Double> loss) {
        INDArray flat = w.reshape(w.length());
        INDArray g = Nd4j.create(DataType.DOUBLE, w.length());
        for (long i = 0; i < w.length(); i++) {
            double v = flat.getDouble(i);
            double h = 1e-6 * Math.max(1, Math.abs(v));
            flat.putScalar(i, v + h);
            double up = loss.get();
            flat.putScalar(i, v - h);
            double down = loss.get();
            flat.putScalar(i, v);
            g.putScalar(i, (up - down) / (2 * h));
        }
        return g.reshape(w.shape());
    }
}

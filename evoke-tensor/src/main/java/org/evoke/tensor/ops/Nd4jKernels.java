package org.evoke.tensor.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SELU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The portable kernels ({@link org.evoke.tensor.Kernels.Path#ND4J}): every step an ND4J operation (broadcast,
 * transforms), so that it runs wherever the backend keeps the arrays (a CUDA device); no raw memory access. They
 * allocate their temporaries per call, as ND4J operations do; the CPU paths are the fast ones. Same math as
 * {@link Activations} and {@link Updates}, checked against the same golden files. The portable convolution is
 * {@link org.evoke.tensor.conv.Nd4jConv}.
 */
public final class Nd4jKernels {
    private Nd4jKernels() {
    }

    /** z = act(z) in place, any shape. */
    public static INDArray activate(INDArray z, Activation act) {
        return switch (act) {
            case IDENTITY -> z;
            case RELU -> Transforms.relu(z, false);
            case SELU -> Nd4j.getExecutioner().exec(new SELU(z, z));
        };
    }

    /** dy * act'(y), a new array; act' from the output y (as {@link Activation#derivativeFromOutput}). */
    public static INDArray activationBackward(INDArray dy, INDArray y, Activation act) {
        return switch (act) {
            case IDENTITY -> dy.dup();
            case RELU -> dy.mul(y.gt(0).castTo(dy.dataType()));
            case SELU -> {
                INDArray pos = y.gt(0).castTo(dy.dataType());                                  // 1 where y > 0
                INDArray neg = y.add(Activation.SELU_SCALE * Activation.SELU_ALPHA).muli(pos.rsub(1.0)); // (y + s a) where y <= 0
                yield dy.mul(pos.muli(Activation.SELU_SCALE).addi(neg));
            }
        };
    }

    /** One Adam step as ND4J operations (the same update as {@link Updates#adam}). */
    public static void adam(INDArray p, INDArray g, INDArray m, INDArray v, long step, double lr, double beta1, double beta2, double eps) {
        double stepSize = lr / (1 - Math.pow(beta1, step)), bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
        INDArray denom = Transforms.sqrt(v, true).divi(bc2Sqrt).addi(eps);
        p.subi(m.mul(stepSize).divi(denom));
    }

    /** One SGD-with-momentum step as ND4J operations (the same update as {@link Updates#sgdMomentum}). */
    public static void sgdMomentum(INDArray p, INDArray g, INDArray buf, boolean first, double lr, double momentum) {
        if (first) {
            buf.assign(g);
        } else {
            buf.muli(momentum).addi(g);
        }
        p.subi(buf.mul(lr));
    }

    /** The host-side copy of a small array's values, in c order, through ND4J (valid on any backend). */
    static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(new long[]{a.length()}).toDoubleVector(); // (ravel('c') and reshape('c', n) take the order char as a size in M2.1)
    }

    /** Writes host-side values into {@code a} through ND4J. */
    static void assign(INDArray a, double[] values) {
        a.assign(Nd4j.createFromArray(values).castTo(a.dataType()).reshape('c', a.shape()));
    }
}

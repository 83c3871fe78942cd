package org.evoke.tensor;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SELU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The portable kernels ({@link Kernels.Path#ND4J}): every step an ND4J operation (gemm, ND4J's im2col and col2im,
 * pad, broadcast, transforms), so that it runs wherever the backend keeps the arrays (a CUDA device); no raw
 * memory access. They allocate their temporaries per call, as ND4J operations do; the CPU paths are the fast
 * ones. Same math as {@link Activations} and {@link Updates}, checked against the same golden files.
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

    /**
     * Convolution forward: returns {y (N, F, Ho, Wo) = act(W cols + b), cols (K, N*P)}; cols is kept by the caller
     * for backward. Asymmetric zero padding by ND4J's pad operation, then ND4J's im2col without padding.
     */
    public static INDArray[] convForward(INDArray x, ConvGeometry g, INDArray w2, INDArray b, Activation act, INDArray y) {
        int n = (int) x.size(0), f = (int) w2.size(0), p = g.positions();
        INDArray col = Nd4j.create(x.dataType(), n, g.channels(), g.kh(), g.kw(), g.outH(), g.outW());
        Convolution6.im2col(pad(x, g), g, col);
        // (N, C, kh, kw, Ho, Wo) -> (C, kh, kw, N, Ho, Wo) -> (K, N*P)
        INDArray cols = col.permute(1, 2, 3, 0, 4, 5).dup('c').reshape('c', g.patch(), (long) n * p);
        INDArray rows = w2.mmul(cols).addiColumnVector(b.reshape(f, 1));      // (F, N*P)
        activate(rows, act);
        y.reshape('c', n, f, p).assign(rows.reshape('c', f, n, p).permute(1, 0, 2));
        return new INDArray[]{y, cols};
    }

    /**
     * Convolution backward: dW2 (F, K) += g cols^T, db += sums of g, returns dx (N, C, H, W) or null; g = dy *
     * act'(y) in (F, N*P) layout.
     */
    public static INDArray convBackward(INDArray dy, INDArray y, Activation act, ConvGeometry g, INDArray w2, INDArray cols,
                                        INDArray dw2, INDArray db, boolean inputGradient) {
        int n = (int) dy.size(0), f = (int) dy.size(1), p = g.positions();
        INDArray gn = activationBackward(dy, y, act);                          // (N, F, Ho, Wo)
        db.addi(gn.sum(0, 2, 3));
        INDArray rows = gn.reshape('c', n, f, p).permute(1, 0, 2).dup('c').reshape('c', f, (long) n * p);
        Nd4j.gemm(rows, cols, dw2, false, true, 1.0, 1.0);
        if (!inputGradient) {
            return null;
        }
        INDArray dCols = w2.transpose().mmul(rows);                             // (K, N*P)
        INDArray col = dCols.reshape('c', g.channels(), g.kh(), g.kw(), n, g.outH(), g.outW()).permute(3, 0, 1, 2, 4, 5).dup('c');
        int hp = g.height() + g.padTop() + g.padBottom(), wp = g.width() + g.padLeft() + g.padRight();
        INDArray dxp = org.nd4j.linalg.convolution.Convolution.col2im(col, g.strideH(), g.strideW(), 0, 0, hp, wp);
        return dxp.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(g.padTop(), g.padTop() + g.height()),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(g.padLeft(), g.padLeft() + g.width()));
    }

    /** x zero-padded by the geometry's four paddings (the input itself when they are all zero). */
    static INDArray pad(INDArray x, ConvGeometry g) {
        if (g.padTop() == 0 && g.padBottom() == 0 && g.padLeft() == 0 && g.padRight() == 0) {
            return x;
        }
        return Nd4j.pad(x, new int[][]{{0, 0}, {0, 0}, {g.padTop(), g.padBottom()}, {g.padLeft(), g.padRight()}});
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

    /** ND4J's im2col with no padding (the input is padded first), dilation 1. */
    private static final class Convolution6 {
        static void im2col(INDArray x, ConvGeometry g, INDArray col) {
            org.nd4j.linalg.convolution.Convolution.im2col(x, g.kh(), g.kw(), g.strideH(), g.strideW(), 0, 0, 1, 1, false, col);
        }
    }
}

package org.evoke.tensor.conv;

import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Nd4jKernels;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The portable convolution ({@link org.evoke.tensor.Kernels.Path#ND4J}): every step an ND4J operation (pad, ND4J's
 * im2col and col2im, gemm, broadcast), so that it runs wherever the backend keeps the arrays (a CUDA device); no raw
 * memory access.
 * Same math as {@link DirectConv} and the im2col path of {@link Conv2dKernel}, checked against the same golden files.
 */
public final class Nd4jConv {
    private Nd4jConv() {
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
        Nd4jKernels.activate(rows, act);
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
        INDArray gn = Nd4jKernels.activationBackward(dy, y, act);                          // (N, F, Ho, Wo)
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

    /** ND4J's im2col with no padding (the input is padded first), dilation 1. */
    private static final class Convolution6 {
        static void im2col(INDArray x, ConvGeometry g, INDArray col) {
            org.nd4j.linalg.convolution.Convolution.im2col(x, g.kh(), g.kw(), g.strideH(), g.strideW(), 0, 0, 1, 1, false, col);
        }
    }
}

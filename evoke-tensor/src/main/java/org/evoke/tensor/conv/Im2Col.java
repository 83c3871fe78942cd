package org.evoke.tensor.conv;

import org.evoke.tensor.memory.Vec;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col and its adjoint col2im: the rearrangement that turns a convolution into one matrix product.
 *
 * <pre>
 * Legend: N batch, C channels, H x W input, kh x kw kernel, Ho x Wo output, P = Ho*Wo, K = C*kh*kw
 * x    (N, C, H, W)   the input, NCHW
 * cols (K, N*P)       row k = c*kh*kw + i*kw + j (the weight's (F, C, kh, kw) order), column n*P + oh*Wo + ow
 * cols[k, n*P + oh*Wo + ow] = x[n, c, oh*sh + i - padTop, ow*sw + j - padLeft]   (0 outside: zero padding)
 * </pre>
 *
 * With the weights viewed as W (F, K), the convolution is one product Y (F, N*P) = W * cols. col2im is the
 * adjoint: it adds every entry of dcols back onto the input pixel it was read from, which is how dL/dx is formed
 * from dL/dcols = W^T * dY. The layout puts output positions along rows, so for stride 1 every inner loop reads and
 * writes consecutive elements.
 *
 * <p>(libnd4j's native im2col validates its output against symmetric padding only, so it cannot do the models'
 * pad of 1 on top/left and 2 on bottom/right; these kernels do any padding.) The naive kernels are the definition
 * above, element by element through ND4J getters; the tests sweep one against the other.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /** Fills {@code cols} (K, N*P) from {@code x} (N, C, H, W). Overwrites every element of {@code cols}. */
    public static void im2col(INDArray x, ConvGeometry g, INDArray cols) {
        checkCols(cols, g, checkX(x, g, "im2col input x"), "im2col output cols");
        im2col(x, g, cols, 0);
    }

    /**
     * Fills {@code cols} (K, M*P) from the M samples {@code n0 .. n0+M-1} of {@code x} (N, C, H, W), where M is
     * {@code cols.size(1) / P}: one chunk of a batch, so that a convolution can work through a large batch in
     * pieces whose column matrix stays in cache. Overwrites every element of {@code cols}.
     */
    public static void im2col(INDArray x, ConvGeometry g, INDArray cols, int n0) {
        int n = chunk(x, g, cols, n0);
        Vec src = Vec.of(x, "im2col input x"), dst = Vec.of(cols, "im2col output cols");
        int ho = g.outH(), wo = g.outW(), p = ho * wo, np = n * p, h = g.height(), w = g.width();
        for (int c = 0; c < g.channels(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = ((c * g.kh() + i) * g.kw() + j) * np;
                    // valid output columns ow: 0 <= ow*sw + j - padLeft < W
                    int owLo = ceilDiv(g.padLeft() - j, g.strideW()), owHi = ceilDiv(w + g.padLeft() - j, g.strideW());
                    owLo = Math.max(owLo, 0);
                    owHi = Math.min(owHi, wo);
                    for (int b = 0; b < n; b++) {
                        int xPlane = ((n0 + b) * g.channels() + c) * h * w;
                        for (int oh = 0; oh < ho; oh++) {
                            int at = row + b * p + oh * wo;
                            int ih = oh * g.strideH() + i - g.padTop();
                            if (ih < 0 || ih >= h || owLo >= owHi) {
                                dst.zero(at, wo);
                                continue;
                            }
                            dst.zero(at, owLo);
                            int xRow = xPlane + ih * w - g.padLeft() + j;
                            dst.copyRun(at + owLo, src, xRow + owLo * g.strideW(), g.strideW(), owHi - owLo);
                            dst.zero(at + owHi, wo - owHi);
                        }
                    }
                }
            }
        }
    }

    /** Writes into {@code dx} (N, C, H, W) the sum, per input pixel, of the {@code dcols} (K, N*P) entries read from it. */
    public static void col2im(INDArray dcols, ConvGeometry g, INDArray dx) {
        int n = checkX(dx, g, "col2im output dx");
        checkCols(dcols, g, n, "col2im input dcols");
        Vec src = Vec.of(dcols, "col2im input dcols"), dst = Vec.of(dx, "col2im output dx");
        dst.zero(0, dst.length);
        int ho = g.outH(), wo = g.outW(), p = ho * wo, np = n * p, h = g.height(), w = g.width();
        for (int c = 0; c < g.channels(); c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = ((c * g.kh() + i) * g.kw() + j) * np;
                    int owLo = Math.max(ceilDiv(g.padLeft() - j, g.strideW()), 0);
                    int owHi = Math.min(ceilDiv(w + g.padLeft() - j, g.strideW()), wo);
                    for (int b = 0; b < n; b++) {
                        int xPlane = (b * g.channels() + c) * h * w;
                        for (int oh = 0; oh < ho; oh++) {
                            int ih = oh * g.strideH() + i - g.padTop();
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            int at = row + b * p + oh * wo;
                            int xRow = xPlane + ih * w - g.padLeft() + j;
                            if (owLo < owHi) {
                                dst.addRun(xRow + owLo * g.strideW(), g.strideW(), src, at + owLo, owHi - owLo);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The fast im2col for stride 1 in float, the models' case: each sample's planes are first copied into the
     * interior of {@code xPad} (C, H + padTop + padBottom, W + padLeft + padRight), whose border stays zero, so
     * that every row of cols is a plain copy of Ho runs of Wo consecutive floats, moved 8 bytes at a time with no
     * bounds logic. Measured on the student's conv2 at batch 1: 16 us against about 80 us for {@link #im2col}.
     * Other cases (stride 2, double) go to {@link #im2col(INDArray, ConvGeometry, INDArray, int)}.
     *
     * @param xPad scratch owned by the caller, (C, Hp, Wp), any content: it is cleared here
     */
    public static void im2col(INDArray x, ConvGeometry g, INDArray cols, int n0, INDArray xPad) {
        int hp = g.height() + g.padTop() + g.padBottom(), wp = g.width() + g.padLeft() + g.padRight();
        if (g.strideH() != 1 || g.strideW() != 1 || x.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            im2col(x, g, cols, n0);
            return;
        }
        int m = chunk(x, g, cols, n0);
        checkPad(xPad, g, x, "im2col padded scratch");
        Vec src = Vec.of(x, "im2col input x"), dst = Vec.of(cols, "im2col output cols"), pad = Vec.of(xPad, "im2col padded scratch");
        int chans = g.channels(), h = g.height(), w = g.width(), ho = g.outH(), wo = g.outW(), p = ho * wo;
        long np = m * p, plane = (long) hp * wp;
        pad.zero(0, pad.length);
        for (int b = 0; b < m; b++) {
            // interior of every padded plane <- the sample's planes, row by row
            long xs = src.address + 4L * (long) (n0 + b) * chans * h * w;
            for (int c = 0; c < chans; c++) {
                for (int r = 0; r < h; r++) {
                    Vec.copy32(xs + 4L * ((long) c * h + r) * w, pad.address + 4L * (c * plane + (long) (r + g.padTop()) * wp + g.padLeft()), w);
                }
            }
            // cols[(c, i, j), b*P + oh*Wo + ow] = xPad[c, oh + i, ow + j]
            for (int c = 0; c < chans; c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        long d = dst.address + 4L * ((((long) c * g.kh() + i) * g.kw() + j) * np + (long) b * p);
                        long sp = pad.address + 4L * (c * plane + (long) i * wp + j);
                        for (int oh = 0; oh < ho; oh++, d += 4L * wo, sp += 4L * wp) {
                            Vec.copy32(sp, d, wo);
                        }
                    }
                }
            }
        }
    }

    /**
     * The fast col2im for stride 1 in float, the adjoint of {@link #im2col(INDArray, ConvGeometry, INDArray, int, INDArray)}:
     * per sample, every row of dcols is added as Ho runs of Wo consecutive floats into the zeroed padded planes of
     * {@code xPad}, whose interior is then the sample's dx. Other cases go to {@link #col2im}.
     *
     * @param xPad scratch owned by the caller, (C, Hp, Wp), any content
     */
    public static void col2im(INDArray dcols, ConvGeometry g, INDArray dx, INDArray xPad) {
        int hp = g.height() + g.padTop() + g.padBottom(), wp = g.width() + g.padLeft() + g.padRight();
        if (g.strideH() != 1 || g.strideW() != 1 || dx.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            col2im(dcols, g, dx);
            return;
        }
        int n = checkX(dx, g, "col2im output dx");
        checkCols(dcols, g, n, "col2im input dcols");
        checkPad(xPad, g, dx, "col2im padded scratch");
        Vec src = Vec.of(dcols, "col2im input dcols"), dst = Vec.of(dx, "col2im output dx"), pad = Vec.of(xPad, "col2im padded scratch");
        int chans = g.channels(), h = g.height(), w = g.width(), ho = g.outH(), wo = g.outW(), p = ho * wo;
        long np = (long) n * p, plane = (long) hp * wp;
        for (int b = 0; b < n; b++) {
            pad.zero(0, pad.length);
            for (int c = 0; c < chans; c++) {
                for (int i = 0; i < g.kh(); i++) {
                    for (int j = 0; j < g.kw(); j++) {
                        long s = src.address + 4L * ((((long) c * g.kh() + i) * g.kw() + j) * np + (long) b * p);
                        long d = pad.address + 4L * (c * plane + (long) i * wp + j);
                        for (int oh = 0; oh < ho; oh++, s += 4L * wo, d += 4L * wp) {
                            Vec.addFloats(s, d, wo);
                        }
                    }
                }
            }
            long xs = dst.address + 4L * (long) b * chans * h * w;
            for (int c = 0; c < chans; c++) {
                for (int r = 0; r < h; r++) {
                    Vec.copy32(pad.address + 4L * (c * plane + (long) (r + g.padTop()) * wp + g.padLeft()), xs + 4L * ((long) c * h + r) * w, w);
                }
            }
        }
    }

    /** Reference im2col, element by element from the definition. */
    public static void im2colNaive(INDArray x, ConvGeometry g, INDArray cols) {
        int n = checkX(x, g, "im2col input x");
        checkCols(cols, g, n, "im2col output cols");
        int ho = g.outH(), wo = g.outW();
        for (int b = 0; b < n; b++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    long col = ((long) b * ho + oh) * wo + ow;
                    for (int c = 0; c < g.channels(); c++) {
                        for (int i = 0; i < g.kh(); i++) {
                            for (int j = 0; j < g.kw(); j++) {
                                int ih = oh * g.strideH() + i - g.padTop();
                                int iw = ow * g.strideW() + j - g.padLeft();
                                double v = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()
                                        ? x.getDouble(b, c, ih, iw) : 0.0;
                                cols.putScalar(new long[]{(c * g.kh() + i) * g.kw() + j, col}, v);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Reference col2im, element by element: the adjoint of {@link #im2colNaive}. */
    public static void col2imNaive(INDArray dcols, ConvGeometry g, INDArray dx) {
        int n = checkX(dx, g, "col2im output dx");
        checkCols(dcols, g, n, "col2im input dcols");
        dx.assign(0);
        int ho = g.outH(), wo = g.outW();
        for (int b = 0; b < n; b++) {
            for (int oh = 0; oh < ho; oh++) {
                for (int ow = 0; ow < wo; ow++) {
                    long col = ((long) b * ho + oh) * wo + ow;
                    for (int c = 0; c < g.channels(); c++) {
                        for (int i = 0; i < g.kh(); i++) {
                            for (int j = 0; j < g.kw(); j++) {
                                int ih = oh * g.strideH() + i - g.padTop();
                                int iw = ow * g.strideW() + j - g.padLeft();
                                if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                                    double v = dcols.getDouble((c * g.kh() + i) * g.kw() + j, col);
                                    dx.putScalar(new long[]{b, c, ih, iw}, dx.getDouble(b, c, ih, iw) + v);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static int checkX(INDArray x, ConvGeometry g, String what) {
        Shapes.require(x, what, Shapes.ANY, g.channels(), g.height(), g.width());
        Shapes.requireFloating(x, what);
        return (int) x.size(0);
    }

    /** Checks x and a chunk's cols (K, M*P) for samples n0 .. n0+M-1 of x; returns M. */
    private static int chunk(INDArray x, ConvGeometry g, INDArray cols, int n0) {
        int total = checkX(x, g, "im2col input x");
        Shapes.require(cols, "im2col output cols", g.patch(), Shapes.ANY);
        long m = cols.size(1) / g.positions();
        if (cols.size(1) % g.positions() != 0 || n0 < 0 || n0 + m > total) {
            throw new IllegalArgumentException("im2col: cols has " + cols.size(1) + " columns, not a whole number of "
                    + g.positions() + "-position samples within samples " + n0 + ".." + (total - 1) + " of x");
        }
        return (int) m;
    }

    /** Checks the padded-plane scratch: (C, H + top + bottom, W + left + right), the type of {@code like}. */
    private static void checkPad(INDArray xPad, ConvGeometry g, INDArray like, String what) {
        Shapes.require(xPad, what, g.channels(), g.height() + g.padTop() + g.padBottom(), g.width() + g.padLeft() + g.padRight());
        if (xPad.dataType() != like.dataType()) {
            throw new IllegalArgumentException(what + " is " + xPad.dataType() + ", expected " + like.dataType());
        }
    }

    private static void checkCols(INDArray cols, ConvGeometry g, int n, String what) {
        Shapes.require(cols, what, g.patch(), (long) n * g.positions());
    }
}

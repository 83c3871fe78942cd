package org.evoke.tensor;

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
        int total = checkX(x, g, "im2col input x");
        Shapes.require(cols, "im2col output cols", g.patch(), Shapes.ANY);
        long m = cols.size(1) / g.positions();
        if (cols.size(1) % g.positions() != 0 || n0 < 0 || n0 + m > total) {
            throw new IllegalArgumentException("im2col: cols has " + cols.size(1) + " columns, not a whole number of "
                    + g.positions() + "-position samples within samples " + n0 + ".." + (total - 1) + " of x");
        }
        Vec src = Vec.of(x, "im2col input x"), dst = Vec.of(cols, "im2col output cols");
        if (src instanceof Vec.F sf && dst instanceof Vec.F df) {
            im2colF(sf, df, g, n0, (int) m);
            return;
        }
        int n = (int) m;
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
        if (src instanceof Vec.F sf && dst instanceof Vec.F df) {
            col2imF(sf, df, g, n);
            return;
        }
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

    /*
     * The float kernels: the same loops as the generic ones above, written against the non-virtual float accessors
     * and with the three runs of one output row (zeros left, copied middle, zeros right) as plain loops, so that each
     * element costs one load and one store (the generic version paid a few calls per 9-element run: 1.25 ns per
     * element on the student's conv2, against about 0.3 here).
     */

    private static void im2colF(Vec.F src, Vec.F dst, ConvGeometry g, int n0, int n) {
        int ho = g.outH(), wo = g.outW(), p = ho * wo, np = n * p, h = g.height(), w = g.width();
        int sh = g.strideH(), sw = g.strideW(), chans = g.channels();
        for (int c = 0; c < chans; c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = ((c * g.kh() + i) * g.kw() + j) * np;
                    int owLo = Math.max(ceilDiv(g.padLeft() - j, sw), 0);
                    int owHi = Math.max(Math.min(ceilDiv(w + g.padLeft() - j, sw), wo), owLo);
                    for (int b = 0; b < n; b++) {
                        int xPlane = ((n0 + b) * chans + c) * h * w;
                        for (int oh = 0; oh < ho; oh++) {
                            int at = row + b * p + oh * wo;
                            int ih = oh * sh + i - g.padTop();
                            if (ih < 0 || ih >= h) {
                                for (int ow = 0; ow < wo; ow++) {
                                    dst.f(at + ow, 0f);
                                }
                                continue;
                            }
                            int xRow = xPlane + ih * w - g.padLeft() + j;
                            for (int ow = 0; ow < owLo; ow++) {
                                dst.f(at + ow, 0f);
                            }
                            for (int ow = owLo; ow < owHi; ow++) {
                                dst.f(at + ow, src.f(xRow + ow * sw));
                            }
                            for (int ow = owHi; ow < wo; ow++) {
                                dst.f(at + ow, 0f);
                            }
                        }
                    }
                }
            }
        }
    }

    /** dst (already zeroed) += the adjoint of {@link #im2colF} applied to src. */
    private static void col2imF(Vec.F src, Vec.F dst, ConvGeometry g, int n) {
        int ho = g.outH(), wo = g.outW(), p = ho * wo, np = n * p, h = g.height(), w = g.width();
        int sh = g.strideH(), sw = g.strideW(), chans = g.channels();
        for (int c = 0; c < chans; c++) {
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++) {
                    int row = ((c * g.kh() + i) * g.kw() + j) * np;
                    int owLo = Math.max(ceilDiv(g.padLeft() - j, sw), 0);
                    int owHi = Math.min(ceilDiv(w + g.padLeft() - j, sw), wo);
                    for (int b = 0; b < n; b++) {
                        int xPlane = (b * chans + c) * h * w;
                        for (int oh = 0; oh < ho; oh++) {
                            int ih = oh * sh + i - g.padTop();
                            if (ih < 0 || ih >= h) {
                                continue;
                            }
                            int at = row + b * p + oh * wo;
                            int xRow = xPlane + ih * w - g.padLeft() + j;
                            for (int ow = owLo; ow < owHi; ow++) {
                                int xi = xRow + ow * sw;
                                dst.f(xi, dst.f(xi) + src.f(at + ow));
                            }
                        }
                    }
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

    private static void checkCols(INDArray cols, ConvGeometry g, int n, String what) {
        Shapes.require(cols, what, g.patch(), (long) n * g.positions());
    }
}

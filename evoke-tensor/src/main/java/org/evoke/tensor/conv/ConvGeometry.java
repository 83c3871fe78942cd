package org.evoke.tensor.conv;

/**
 * The geometry of one 2-D convolution over NCHW input, with asymmetric zero padding.
 *
 * <pre>
 * Legend: C in channels, H x W input grid, kh x kw kernel, sh x sw stride,
 *         padding top/bottom/left/right, Ho x Wo output grid, P = Ho*Wo, K = C*kh*kw
 * Ho = (H + padTop + padBottom - kh) / sh + 1        Wo = (W + padLeft + padRight - kw) / sw + 1
 * </pre>
 *
 * The models' convolutions are {@code ConvGeometry.of(C, 9, 9, 4, 4, 1, 1, 1, 2, 1, 2)}: torch.nn.ZeroPad2d((1, 2,
 * 1, 2)) followed by an unpadded 4x4 Conv2d, so 9x9 stays 9x9.
 */
public record ConvGeometry(int channels, int height, int width, int kh, int kw, int strideH, int strideW,
                           int padTop, int padBottom, int padLeft, int padRight) {

    public ConvGeometry {
        if (channels < 1 || height < 1 || width < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("convolution sizes must be positive: " + describe(channels, height, width,
                    kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight));
        }
        if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("padding must be non-negative: " + describe(channels, height, width,
                    kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight));
        }
        if (height + padTop + padBottom < kh || width + padLeft + padRight < kw) {
            throw new IllegalArgumentException("kernel larger than the padded input: " + describe(channels, height,
                    width, kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight));
        }
    }

    public static ConvGeometry of(int channels, int height, int width, int kh, int kw, int strideH, int strideW,
                                  int padTop, int padBottom, int padLeft, int padRight) {
        return new ConvGeometry(channels, height, width, kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight);
    }

    public int outH() {
        return (height + padTop + padBottom - kh) / strideH + 1;
    }

    public int outW() {
        return (width + padLeft + padRight - kw) / strideW + 1;
    }

    /** P: output positions per sample. */
    public int positions() {
        return outH() * outW();
    }

    /** K: the length of one im2col row, C*kh*kw. */
    public int patch() {
        return channels * kh * kw;
    }

    private static String describe(int c, int h, int w, int kh, int kw, int sh, int sw, int pt, int pb, int pl, int pr) {
        return String.format("in (%d, %d, %d), kernel %dx%d, stride %dx%d, padding top %d bottom %d left %d right %d",
                c, h, w, kh, kw, sh, sw, pt, pb, pl, pr);
    }

    @Override
    public String toString() {
        return describe(channels, height, width, kh, kw, strideH, strideW, padTop, padBottom, padLeft, padRight);
    }
}

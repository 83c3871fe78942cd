package org.evoke.tensor.conv;

/**
 * A heap buffer that holds a batch of feature maps channels last, with a zero border: the input layout of the
 * Winograd convolution, which the layer before it can write straight into at inference, instead of writing an NCHW
 * array that the next layer would transpose back (two passes over every activation, a sixth of the student's time
 * at batch 128).
 *
 * <pre>
 * element (n, h, w, c) of the unpadded maps is at  data[((n * hq + h + pt) * wq + w + pl) * cp + c]
 * </pre>
 * Only interiors are ever written; the border stays zero. Owned by the consumer ({@link WinogradConv}); the
 * producer ({@link DirectConv}, {@link WinogradConv}) writes it whole in one call.
 */
public final class ChannelLast {
    final WinogradConv owner;
    float[] data;
    final int channels, height, width, hq, wq, cp, pt, pl;

    ChannelLast(WinogradConv owner, int channels, int height, int width, int hq, int wq, int cp, int pt, int pl) {
        this.owner = owner;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.hq = hq;
        this.wq = wq;
        this.cp = cp;
        this.pt = pt;
        this.pl = pl;
    }

    /** Where element (n, h, w, c) lives in {@link #data}. */
    int index(int n, int h, int w, int c) {
        return ((n * hq + h + pt) * wq + w + pl) * cp + c;
    }

    /** Channels, height and width of the maps this buffer takes. */
    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }
}

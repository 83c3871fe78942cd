package org.evoke.nn.layers;

import org.evoke.nn.ChannelLastChain;
import org.evoke.nn.Fusable;
import org.evoke.nn.Parameter;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.conv.ChannelLast;
import org.evoke.tensor.conv.Conv2dKernel;
import org.evoke.tensor.conv.ConvGeometry;
import org.evoke.tensor.ops.Init;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * 2-D convolution over NCHW input with asymmetric zero padding; optionally with a fused activation (the models
 * keep their ReLU as a separate layer, as PyTorch does, and {@link org.evoke.nn.Sequential} fuses it here).
 *
 * <pre>
 * Legend: N batch, C in channels, F out channels, H x W input, Ho x Wo output, P = Ho*Wo, K = C*kh*kw
 * forward:   cols = im2col(x)                      (K, N*P)
 *            rows = W * cols                       (F, N*P)   W is the weight viewed as (F, K)
 *            y[n, f, p] = act(rows[f, n*P + p] + b[f])       (N, F, Ho, Wo)
 * backward:  dRows = dy * act'(y), in (F, N*P) layout;  db += sum of dRows over n, p
 *            dW += dRows * cols^T                  (F, K)
 *            dx  = col2im(W^T * dRows)             (N, C, H, W)
 * </pre>
 * The arithmetic runs in {@link Conv2dKernel}, which picks the kernels (a direct or Winograd convolution on the
 * Vector API, im2col + OpenBLAS, or ND4J operations) without changing the math above.
 */
public final class Conv2d implements ChannelLastChain {
    private final String name;
    private final int in, out, kernel, stride;
    private final Padding padding;
    private final Activation activation;
    private final Parameter weight; // (F, C, kh, kw)
    private final Parameter bias;   // (F)
    private final Conv2dKernel kernels;

    private ConvGeometry geometry;  // for the last input's H x W
    private boolean ready;          // a training forward ran since the last backward
    private Activation applied = Activation.IDENTITY; // the activation of the last forward (own or fused)
    private INDArray checked;       // the last input that passed the checks

    public Conv2d(String name, int in, int out, int kernel, int stride, Padding padding) {
        this(name, in, out, kernel, stride, padding, Activation.IDENTITY);
    }

    public Conv2d(String name, int in, int out, int kernel, int stride, Padding padding, Activation activation) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("Conv2d " + name + ": channels, kernel and stride must be positive");
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.activation = activation;
        this.weight = new Parameter(name + ".weight", Nd4j.zeros(DataType.FLOAT, out, in, kernel, kernel));
        this.bias = new Parameter(name + ".bias", Nd4j.zeros(DataType.FLOAT, out));
        this.kernels = new Conv2dKernel(name, out);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray input, boolean training) {
        return forward(input, training, Activation.IDENTITY);
    }

    @Override
    public INDArray forward(INDArray input, boolean training, Activation then) {
        if (input != checked || input.dataType() != weight.value().dataType()) {
            Shapes.require(input, "Conv2d " + name + " input", Shapes.ANY, in, Shapes.ANY, Shapes.ANY);
            requireType(input);
            checked = input;
        }
        Activation act = effective(then);
        applied = act;
        INDArray y = kernels.forward(input, geometry(input), weight.value(), weight.version(), bias.value(), bias.version(),
                act, training);
        ready = training;
        return y;
    }

    @Override
    public ChannelLast channelLastInput(int batch, long[] inputShape) {
        if (inputShape.length != 3 || inputShape[0] != in) {
            return null;
        }
        return kernels.channelLastInput(geometry((int) inputShape[1], (int) inputShape[2]), batch, weight.value().dataType());
    }

    @Override
    public INDArray forwardChained(INDArray x, int batch, long[] inputShape, Activation then, ChannelLast into) {
        if (x != null && (x != checked || x.dataType() != weight.value().dataType())) {
            Shapes.require(x, "Conv2d " + name + " input", Shapes.ANY, in, Shapes.ANY, Shapes.ANY);
            requireType(x);
            checked = x;
        }
        Activation act = effective(then);
        applied = act;
        ready = false;
        return kernels.forwardChained(x, geometry((int) inputShape[1], (int) inputShape[2]), batch, weight.value(), weight.version(),
                bias.value(), bias.version(), act, into);
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean inputGradient) {
        return backward(dy, Activation.IDENTITY, inputGradient);
    }

    @Override
    public INDArray backward(INDArray dy, Activation then, boolean inputGradient) {
        if (!ready) {
            throw new IllegalStateException("Conv2d " + name + ": backward needs a forward(x, true) before it");
        }
        ConvGeometry g = geometry;
        Shapes.require(dy, "Conv2d " + name + " dy", Shapes.ANY, out, g.outH(), g.outW());
        Activation act = effective(then);
        if (act != applied) {
            throw new IllegalStateException("Conv2d " + name + ": backward with activation " + act + " after a forward with " + applied);
        }
        ready = false;
        return kernels.backward(dy, weight.value(), weight.grad(), bias.grad(), inputGradient);
    }

    /** The activation a forward applies: the layer's own, or the one fused after it (never both). */
    private Activation effective(Activation then) {
        return Fusable.combine("Conv2d " + name, activation, then);
    }

    /** Which kernels the last forward ran on: "direct", "winograd", "im2col" or "nd4j". */
    public String lastPath() {
        return kernels.lastPath();
    }

    private ConvGeometry geometry(INDArray input) {
        return geometry((int) input.size(2), (int) input.size(3));
    }

    private ConvGeometry geometry(int h, int w) {
        if (geometry == null || geometry.height() != h || geometry.width() != w) {
            geometry = ConvGeometry.of(in, h, w, kernel, kernel, stride, stride,
                    padding.top(), padding.bottom(), padding.left(), padding.right());
        }
        return geometry;
    }

    private void requireType(INDArray input) {
        if (input.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException("Conv2d " + name + " input is " + input.dataType()
                    + " but the layer's parameters are " + weight.value().dataType());
        }
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void initialize(SplittableRandom rng) {
        Init.pytorchDefault(weight.value(), bias.value(), (long) in * kernel * kernel, rng);
    }

    @Override
    public long[] outputShape(long[] s) {
        ConvGeometry g = ConvGeometry.of(in, (int) s[1], (int) s[2], kernel, kernel, stride, stride,
                padding.top(), padding.bottom(), padding.left(), padding.right());
        return new long[]{out, g.outH(), g.outW()};
    }

    @Override
    public long macs(long[] s) {
        long[] o = outputShape(s);
        return o[0] * o[1] * o[2] * (long) in * kernel * kernel;
    }

    public Parameter weight() {
        return weight;
    }

    /** Side of the square kernel. */
    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public Padding padding() {
        return padding;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public String toString() {
        return name + ": Conv2d(" + in + ", " + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (activation == Activation.IDENTITY ? "" : ", activation=" + activation) + ")";
    }
}

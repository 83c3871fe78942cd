package org.evoke.bench;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.layers.Conv2d;
import org.evoke.nn.layers.Dropout;
import org.evoke.nn.layers.Flatten;
import org.evoke.nn.layers.Linear;
import org.evoke.nn.layers.Padding;
import org.evoke.nn.layers.ReLU;
import org.evoke.nn.layers.SELU;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Deeplearning4j's own layers on the same ND4J backend, written as a DL4J user would write the model, with our
 * weights copied in:
 * <pre>
 * our Conv2d (padding left 1, right 2, top 1, bottom 2) + ReLU
 *     -> ZeroPaddingLayer(top 1, bottom 2, left 1, right 2) + ConvolutionLayer(4x4, stride 1, no padding, RELU)
 *        (DL4J has no asymmetric convolution padding)
 * Flatten        -> DL4J's automatic CnnToFeedForward preprocessor (C, H, W order, as ours)
 * Linear + ReLU / SELU -> DenseLayer(RELU / SELU); the teacher's dropout 0.5 -> dropOut(0.5) on the next layer
 *                   (DL4J's dropOut takes the retain probability, and it is 0.5 either way)
 * last Linear    -> OutputLayer(SIGMOID, XENT): binary cross-entropy on the logits, summed over labels and
 *                   averaged over samples, as ours; Adam lr 1e-3 (betas 0.9, 0.999, eps 1e-8)
 * </pre>
 * The activation is fused into the convolution and dense layers (DL4J's usual way, and one op fewer than a
 * separate ActivationLayer). Weight layouts: DL4J's convolution W is (out, in, kh, kw) like ours; its dense W is
 * (in, out), the transpose of ours. {@link #infer()} returns DL4J's output, the sigmoid of the logits.
 */
public final class Dl4jEngine implements Engine {
    private final MultiLayerNetwork net;
    private final INDArray x;       // (N, 4, 9, 9)
    private final INDArray labels;  // (N, 3)

    public Dl4jEngine(Model model, INDArray x, INDArray labels) {
        this.net = build(model);
        this.x = x;
        this.labels = labels;
    }

    /** A DL4J network with the architecture and the current weights of {@code model}. */
    public static MultiLayerNetwork build(Model model) {
        NeuralNetConfiguration.ListBuilder conf = new NeuralNetConfiguration.Builder()
                .seed(model.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-8))
                .convolutionMode(ConvolutionMode.Truncate)
                .list();
        List<Layer> ours = model.network().layers();
        List<Copy> copies = new ArrayList<>();
        int index = 0;
        double dropoutBefore = 0;
        for (int i = 0; i < ours.size(); i++) {
            Layer l = ours.get(i);
            Activation act = i + 1 < ours.size() ? activationOf(ours.get(i + 1)) : null;
            if (l instanceof Conv2d c) {
                long[] w = c.weight().value().shape(); // (F, C, k, k)
                Padding p = Padding.SAME_4;            // the paper models' padding (docs/design.md, section 3)
                conf.layer(index++, new ZeroPaddingLayer.Builder(p.top(), p.bottom(), p.left(), p.right()).build());
                conf.layer(index, new ConvolutionLayer.Builder((int) w[2], (int) w[3]).stride(1, 1)
                        .nIn(w[1]).nOut(w[0]).activation(act == null ? Activation.IDENTITY : act).build());
                copies.add(new Copy(index++, c));
                if (act != null) {
                    i++;
                }
            } else if (l instanceof Linear lin) {
                long[] w = lin.weight().value().shape(); // (F, D)
                boolean last = i == ours.size() - 1;
                if (last) {
                    OutputLayer.Builder b = new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                            .activation(Activation.SIGMOID).nIn(w[1]).nOut(w[0]);
                    if (dropoutBefore > 0) {
                        b.dropOut(1 - dropoutBefore);
                    }
                    conf.layer(index, b.build());
                } else {
                    DenseLayer.Builder b = new DenseLayer.Builder().nIn(w[1]).nOut(w[0])
                            .activation(act == null ? Activation.IDENTITY : act);
                    if (dropoutBefore > 0) {
                        b.dropOut(1 - dropoutBefore);
                    }
                    conf.layer(index, b.build());
                    if (act != null) {
                        i++;
                    }
                }
                dropoutBefore = 0;
                copies.add(new Copy(index++, lin));
            } else if (l instanceof Dropout d) {
                dropoutBefore = d.p();
            } else if (!(l instanceof Flatten)) {
                throw new IllegalArgumentException("no DL4J twin for layer " + l.name() + " (" + l.getClass().getSimpleName()
                        + ") of " + model.name() + "; expected Conv2d, Linear, ReLU, SELU, Flatten, Dropout");
            }
        }
        long[] in = model.inputShape(); // (C, H, W)
        MultiLayerConfiguration mlc = conf.setInputType(InputType.convolutional(in[1], in[2], in[0])).build();
        MultiLayerNetwork net = new MultiLayerNetwork(mlc);
        net.init();
        for (Copy c : copies) {
            org.deeplearning4j.nn.api.Layer target = net.getLayer(c.index());
            if (c.layer() instanceof Conv2d conv) {
                target.setParam("W", conv.weight().value());
                target.setParam("b", conv.bias().value().reshape(1, conv.bias().value().length()));
            } else {
                Linear lin = (Linear) c.layer();
                target.setParam("W", lin.weight().value().transpose().dup('f'));
                target.setParam("b", lin.bias().value().reshape(1, lin.bias().value().length()));
            }
        }
        return net;
    }

    /** Which DL4J layer (by index) takes the weights of which of our layers. */
    private record Copy(int index, Layer layer) {
    }

    private static Activation activationOf(Layer l) {
        if (l instanceof ReLU) {
            return Activation.RELU;
        }
        if (l instanceof SELU) {
            return Activation.SELU;
        }
        return null;
    }

    @Override
    public String name() {
        return "dl4j";
    }

    @Override
    public Object infer() {
        return net.output(x, false);
    }

    @Override
    public double train() {
        net.fit(x, labels);
        return net.score();
    }

    /** The logits recovered from DL4J's sigmoid output: log(p / (1 - p)). Only for the check, in double. */
    @Override
    public INDArray logits() {
        INDArray p = net.output(x, false).castTo(DataType.DOUBLE);
        return Transforms.log(p.div(p.rsub(1.0)), false).castTo(DataType.FLOAT);
    }

    /** DL4J's output for the fixed batch: sigmoid(logits), (N, 3). */
    public INDArray probabilities() {
        return net.output(x, false);
    }
}

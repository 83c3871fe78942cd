package org.evoke.nn.onnx;

import onnx.Onnx;
import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.Parameter;
import org.evoke.nn.layers.Conv2d;
import org.evoke.nn.layers.Dropout;
import org.evoke.nn.layers.Flatten;
import org.evoke.nn.layers.Linear;
import org.evoke.nn.layers.ReLU;
import org.evoke.nn.layers.SELU;
import org.evoke.tensor.ops.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a {@link Model} as an ONNX model (opset {@value #OPSET}) that ONNX Runtime, Unity Sentis and the browser
 * runtimes load: the inference graph with the model's current weights as initialisers.
 *
 * <pre>
 * input  "x"       float (N, 4, 9, 9), N dynamic ("N")
 * Conv2d           Conv   kernel_shape [k, k], strides [s, s], pads [top, left, bottom, right] (ONNX's order:
 *                         all begins, then all ends), weight (F, C, k, k) and bias (F) as initialisers
 * ReLU / SELU      Relu / Selu (alpha 1.6732632423543772, gamma 1.0507009873554805: PyTorch's constants)
 * Flatten          Flatten axis 1 (C, H, W order, as torch.flatten of NCHW)
 * Linear           Gemm   transB 1: y = x W^T + b with W (F, D) as stored
 * Dropout          omitted: the graph is the inference graph, where dropout is the identity
 * output "logits"  float (N, 3)
 * </pre>
 * The transformer layers (LayerNorm, GELU, attention, the blocks, the patch embeddings, the class-token pooling, the
 * electrode gather) map as {@link TransformerOnnx} says, at opset {@value #OPSET_TRANSFORMERS}; their models' input
 * is their own (e.g. (N, 32, 128) raw windows for Arjun ViT).
 *
 * <p>Usage: {@code OnnxExport.export(model, Path.of("student.onnx"))}; the file is written to a temporary file
 * beside the target and renamed, so a reader never sees half a model. Only float32 models export.
 */
public final class OnnxExport {
    /** The ONNX operator set the CNNs' graphs are written against (the widest support: Unity Sentis reads 7 to 15). */
    public static final int OPSET = 13;
    /** ONNX IR version 7 (2020-05-08), the one that goes with opset 13. */
    public static final long IR_VERSION = Onnx.Version.IR_VERSION_2020_5_8_VALUE;
    /** The operator set of models with transformer layers: LayerNormalization is an ONNX operator from opset 17. */
    public static final int OPSET_TRANSFORMERS = 17;
    /** ONNX IR version 8 (2021-07-30), the one that goes with opset 17. */
    public static final long IR_VERSION_TRANSFORMERS = 8;
    public static final String INPUT = "x";
    public static final String OUTPUT = "logits";
    /** The name of the dynamic batch dimension. */
    public static final String BATCH = "N";

    // Conv2d and Linear print their whole configuration (STYLE.md: "toString() prints the configuration"); the
    // exporter reads stride, padding and a fused activation from there, and refuses anything it does not recognise.
    private static final Pattern CONV = Pattern.compile(
            "Conv2d\\((\\d+), (\\d+), kernel=(\\d+), stride=(\\d+), padding=\\((\\d+), (\\d+), (\\d+), (\\d+)\\)(?:, activation=(\\w+))?\\)");
    private static final Pattern LINEAR = Pattern.compile("Linear\\((\\d+), (\\d+)(?:, activation=(\\w+))?\\)");

    private OnnxExport() {
    }

    /** Exports {@code model} to {@code path}, atomically (temporary file, then rename). */
    public static void export(Model model, Path path) {
        byte[] bytes = toBytes(model);
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX model " + abs + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that error is the one to report
                }
            }
        }
    }

    /** The serialised ONNX model. */
    public static byte[] toBytes(Model model) {
        return toProto(model).toByteArray();
    }

    /** The ONNX model as a protobuf message. */
    public static Onnx.ModelProto toProto(Model model) {
        if (model.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("ONNX export of " + model.name() + ": parameters are " + model.dataType()
                    + "; expected FLOAT (cast the model back to float32 first)");
        }
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName(model.name());
        List<Onnx.NodeProto.Builder> nodes = new ArrayList<>();
        TransformerOnnx transformers = new TransformerOnnx(graph, nodes);
        boolean usesTransformers = false;
        String current = INPUT;
        for (Layer layer : model.network().layers()) {
            if (TransformerOnnx.handles(layer)) {
                current = transformers.emit(layer, current);
                usesTransformers = true;
            } else {
                current = emit(layer, current, graph, nodes, model.name());
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("ONNX export of " + model.name() + ": the network has no operations");
        }
        nodes.get(nodes.size() - 1).setOutput(0, OUTPUT);
        for (Onnx.NodeProto.Builder n : nodes) {
            graph.addNode(n);
        }

        long[] in = model.inputShape();          // (4, 9, 9)
        long[] out = model.network().outputShape(in); // (3)
        graph.addInput(valueInfo(INPUT, in));
        graph.addOutput(valueInfo(OUTPUT, out));

        String shape = "(N, " + String.join(", ", java.util.Arrays.stream(in).mapToObj(Long::toString).toList()) + ")";
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(usesTransformers ? IR_VERSION_TRANSFORMERS : IR_VERSION)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(usesTransformers ? OPSET_TRANSFORMERS : OPSET))
                .setProducerName("evoke")
                .setProducerVersion(producerVersion())
                .setDocString(model.name() + " exported by org.evoke.nn.onnx.OnnxExport: input x " + shape + " float32, output logits (N, "
                        + out[0] + ")")
                .addMetadataProps(entry("model", model.name()))
                .addMetadataProps(entry("seed", Long.toString(model.seed())))
                .setGraph(graph)
                .build();
    }

    /** Appends the nodes and initialisers of one layer; returns the name of its output tensor. */
    private static String emit(Layer layer, String x, Onnx.GraphProto.Builder graph, List<Onnx.NodeProto.Builder> nodes,
                               String model) {
        String name = layer.name();
        if (layer instanceof Conv2d conv) {
            Matcher m = match(CONV, conv, model);
            int kernel = Integer.parseInt(m.group(3)), stride = Integer.parseInt(m.group(4));
            long left = Long.parseLong(m.group(5)), right = Long.parseLong(m.group(6));
            long top = Long.parseLong(m.group(7)), bottom = Long.parseLong(m.group(8));
            graph.addInitializer(tensor(conv.weight()));
            graph.addInitializer(tensor(conv.bias()));
            String y = name + ".out";
            nodes.add(node("Conv", name, y, x, conv.weight().name(), conv.bias().name())
                    .addAttribute(ints("kernel_shape", kernel, kernel))
                    .addAttribute(ints("strides", stride, stride))
                    .addAttribute(ints("pads", top, left, bottom, right))
                    .addAttribute(ints("dilations", 1, 1))
                    .addAttribute(integer("group", 1)));
            return fusedActivation(m.group(9), name, y, nodes, model);
        }
        if (layer instanceof Linear lin) {
            Matcher m = match(LINEAR, lin, model);
            graph.addInitializer(tensor(lin.weight()));
            graph.addInitializer(tensor(lin.bias()));
            String y = name + ".out";
            nodes.add(node("Gemm", name, y, x, lin.weight().name(), lin.bias().name())
                    .addAttribute(real("alpha", 1f))
                    .addAttribute(real("beta", 1f))
                    .addAttribute(integer("transA", 0))
                    .addAttribute(integer("transB", 1)));
            return fusedActivation(m.group(3), name, y, nodes, model);
        }
        if (layer instanceof ReLU) {
            return activation(Activation.RELU, name, x, nodes);
        }
        if (layer instanceof SELU) {
            return activation(Activation.SELU, name, x, nodes);
        }
        if (layer instanceof Flatten) {
            String y = name + ".out";
            nodes.add(node("Flatten", name, y, x).addAttribute(integer("axis", 1)));
            return y;
        }
        if (layer instanceof Dropout) {
            return x; // the identity at inference
        }
        throw new IllegalArgumentException("ONNX export of " + model + ": layer " + name + " (" + layer.getClass().getSimpleName()
                + ") has no ONNX mapping; supported: Conv2d, Linear, ReLU, SELU, Flatten, Dropout and the transformer layers");
    }

    private static Matcher match(Pattern p, Layer layer, String model) {
        String desc = layer.toString();
        Matcher m = p.matcher(desc);
        if (!m.find()) {
            throw new IllegalArgumentException("ONNX export of " + model + ": cannot read the configuration of layer "
                    + layer.name() + " from '" + desc + "'; expected the form " + p.pattern());
        }
        return m;
    }

    private static String fusedActivation(String act, String name, String y, List<Onnx.NodeProto.Builder> nodes, String model) {
        if (act == null || act.equals(Activation.IDENTITY.name())) {
            return y;
        }
        try {
            return activation(Activation.valueOf(act), name + ".act", y, nodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ONNX export of " + model + ": layer " + name + " has activation " + act
                    + "; expected one of IDENTITY, RELU, SELU", e);
        }
    }

    private static String activation(Activation a, String name, String x, List<Onnx.NodeProto.Builder> nodes) {
        String y = name + ".out";
        switch (a) {
            case IDENTITY -> {
                return x;
            }
            case RELU -> nodes.add(node("Relu", name, y, x));
            case SELU -> nodes.add(node("Selu", name, y, x)
                    .addAttribute(real("alpha", (float) Activation.SELU_ALPHA))
                    .addAttribute(real("gamma", (float) Activation.SELU_SCALE)));
        }
        return y;
    }

    private static Onnx.NodeProto.Builder node(String op, String name, String output, String... inputs) {
        Onnx.NodeProto.Builder b = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String i : inputs) {
            b.addInput(i);
        }
        return b;
    }

    /** A float32 initialiser under the parameter's canonical name, little-endian raw data, row-major. */
    static Onnx.TensorProto tensor(Parameter p) {
        INDArray v = p.value();
        float[] data = v.dup('c').data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder()
                .setName(p.name())
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : v.shape()) {
            t.addDims(d);
        }
        return t.build();
    }

    /** float32 (N, perSample...) with N the dynamic dimension {@value #BATCH}. */
    private static Onnx.ValueInfoProto valueInfo(String name, long[] perSample) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : perSample) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static Onnx.AttributeProto integer(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(value).build();
    }

    static Onnx.AttributeProto real(String name, float value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private static Onnx.StringStringEntryProto entry(String key, String value) {
        return Onnx.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static String producerVersion() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

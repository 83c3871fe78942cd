package org.evoke.nn.onnx;

import onnx.Onnx;
import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.nn.layers.ClassTokenPool;
import org.evoke.nn.layers.ConvPatchEmbedding;
import org.evoke.nn.layers.ElectrodeGather;
import org.evoke.nn.layers.GELU;
import org.evoke.nn.layers.GridPatchEmbedding;
import org.evoke.nn.layers.LayerNorm;
import org.evoke.nn.layers.Linear;
import org.evoke.nn.layers.MultiHeadSelfAttention;
import org.evoke.nn.layers.PatchEmbedding;
import org.evoke.nn.layers.TransformerBlock;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The ONNX graph of the transformer layers (opset {@value OnnxExport#OPSET_TRANSFORMERS}: LayerNormalization is an
 * operator from 17). Reshapes keep the batch dimension dynamic ({@code 0} in a Reshape's shape copies it):
 *
 * <pre>
 * ElectrodeGather      Reshape (N, K, H W) -> Gather axis 2 (cells) -> Transpose (0, 2, 1)           (N, E, K)
 * PatchEmbedding       Reshape (N, C, W, p) -> Transpose (0, 2, 1, 3) -> Reshape (N, W, C p)       'b c (w p) -> b w (c p)'
 * GridPatchEmbedding   Reshape (N, C, p0, H, p1, W, p2) -> Transpose (0, 1, 3, 5, 4, 6, 2) -> Reshape (N, C H W, p1 p2 p0)
 * ConvPatchEmbedding   Conv (p x p, stride p) -> Reshape (N, D, P) -> Transpose (0, 2, 1)
 *   then               MatMul W^T + b; Concat(Expand(cls_token, (N, 1, D)), E) + pos_embedding     (N, P + 1, D)
 * TransformerBlock     h = x + attn(LayerNormalization(x));  y = h + fc2(GELU(fc1(LayerNormalization(h))))
 * attention            qkv = x W^T [+ b]; Reshape (N, T, 3, H, Dh); Transpose (2, 0, 3, 1, 4); q, k, v = Gather 0, 1, 2
 *                      Softmax(q k^T * Dh^-0.5) v; Transpose (0, 2, 1, 3); Reshape (N, T, H Dh); to_out
 * GELU                 0.5 x (1 + Erf(x / sqrt 2)), the exact form (Gelu is an operator only from opset 20)
 * ClassTokenPool       Gather axis 1, index 0                                                      (N, D)
 * </pre>
 * Linear layers on tokens are MatMul with a Transpose of the stored (out, in) weight, which ONNX Runtime folds; the
 * initialisers keep the parameters' canonical names. Dropout is the identity at inference and is left out.
 */
final class TransformerOnnx {
    private final Onnx.GraphProto.Builder graph;
    private final List<Onnx.NodeProto.Builder> nodes;

    TransformerOnnx(Onnx.GraphProto.Builder graph, List<Onnx.NodeProto.Builder> nodes) {
        this.graph = graph;
        this.nodes = nodes;
    }

    /** True for the layers this class maps. */
    static boolean handles(Layer layer) {
        return layer instanceof ElectrodeGather || layer instanceof PatchEmbedding || layer instanceof GridPatchEmbedding
                || layer instanceof ConvPatchEmbedding || layer instanceof TransformerBlock || layer instanceof LayerNorm
                || layer instanceof GELU || layer instanceof ClassTokenPool || layer instanceof MultiHeadSelfAttention;
    }

    /** Appends the nodes of {@code layer} reading {@code x}; returns its output's name. */
    String emit(Layer layer, String x) {
        String n = layer.name();
        if (layer instanceof ElectrodeGather g) {
            int[] cells = g.cells();
            long[] idx = new long[cells.length];
            for (int i = 0; i < cells.length; i++) {
                idx[i] = cells[i];
            }
            String flat = op("Reshape", n + ".flat", x, int64(n + ".shape", 0, 0, -1));
            String picked = op("Gather", n + ".gather", flat, int64(n + ".cells", idx));
            nodes.get(nodes.size() - 1).addAttribute(OnnxExport.integer("axis", 2));
            return transpose(n + ".transpose", picked, 0, 2, 1);
        }
        if (layer instanceof PatchEmbedding p) {
            long[] s = p.sampleShape(); // (C, T)
            int patch = p.patch();
            String r = op("Reshape", n + ".split", x, int64(n + ".shape1", 0, s[0], s[1] / patch, patch));
            String t = transpose(n + ".transpose", r, 0, 2, 1, 3);
            String rows = op("Reshape", n + ".rows", t, int64(n + ".shape2", 0, s[1] / patch, s[0] * patch));
            return tokens(n, linear(p.projection(), rows), p.classToken(), p.positionEmbedding());
        }
        if (layer instanceof GridPatchEmbedding p) {
            long[] s = p.sampleShape(); // (C p0, H p1, W p2)
            int[] q = p.patchSize();
            long c = s[0] / q[0], h = s[1] / q[1], w = s[2] / q[2];
            String r = op("Reshape", n + ".split", x, int64(n + ".shape1", 0, c, q[0], h, q[1], w, q[2]));
            String t = transpose(n + ".transpose", r, 0, 1, 3, 5, 4, 6, 2);
            String rows = op("Reshape", n + ".rows", t, int64(n + ".shape2", 0, c * h * w, (long) q[0] * q[1] * q[2]));
            return tokens(n, linear(p.projection(), rows), p.classToken(), p.positionEmbedding());
        }
        if (layer instanceof ConvPatchEmbedding p) {
            var conv = p.projection();
            long k = conv.weight().value().size(2), d = conv.weight().value().size(0);
            graph.addInitializer(OnnxExport.tensor(conv.weight()));
            graph.addInitializer(OnnxExport.tensor(conv.bias()));
            String y = op("Conv", conv.name(), x, conv.weight().name(), conv.bias().name());
            nodes.get(nodes.size() - 1).addAttribute(OnnxExport.ints("kernel_shape", k, k)).addAttribute(OnnxExport.ints("strides", k, k))
                    .addAttribute(OnnxExport.ints("pads", 0, 0, 0, 0));
            String r = op("Reshape", n + ".rows", y, int64(n + ".shape", 0, d, -1));
            return tokens(n, transpose(n + ".transpose", r, 0, 2, 1), p.classToken(), p.positionEmbedding());
        }
        if (layer instanceof LayerNorm ln) {
            return layerNorm(ln, x);
        }
        if (layer instanceof GELU) {
            return gelu(n, x);
        }
        if (layer instanceof ClassTokenPool) {
            String y = op("Gather", n, x, int64Scalar(n + ".index", 0));
            nodes.get(nodes.size() - 1).addAttribute(OnnxExport.integer("axis", 1));
            return y;
        }
        if (layer instanceof MultiHeadSelfAttention a) {
            return attention(a, x);
        }
        TransformerBlock b = (TransformerBlock) layer;
        String att = attention(b.attention(), layerNorm(b.norm1(), x));
        String h = op("Add", n + ".0.residual", att, x);
        String ff = linear(b.fc2(), gelu(b.fc1().name() + ".gelu", linear(b.fc1(), layerNorm(b.norm2(), h))));
        return op("Add", n + ".1.residual", ff, h);
    }

    private String attention(MultiHeadSelfAttention a, String x) {
        String n = a.name();
        long heads = a.heads(), dh = a.headDim();
        String qkv = linear(a.toQkv(), x);                                                  // (N, T, 3 H Dh)
        String split = op("Reshape", n + ".split", qkv, int64(n + ".shape1", 0, 0, 3, heads, dh));
        String t = transpose(n + ".heads", split, 2, 0, 3, 1, 4);                          // (3, N, H, T, Dh)
        String q = pick(n + ".q", t, 0), k = pick(n + ".k", t, 1), v = pick(n + ".v", t, 2);
        String kt = transpose(n + ".kT", k, 0, 1, 3, 2);
        String scores = op("Mul", n + ".scale", op("MatMul", n + ".scores", q, kt), floatScalar(n + ".scale_value", (float) a.scale()));
        String probs = op("Softmax", n + ".attend", scores);
        nodes.get(nodes.size() - 1).addAttribute(OnnxExport.integer("axis", -1));
        String mixed = op("MatMul", n + ".mix", probs, v);                                  // (N, H, T, Dh)
        String back = transpose(n + ".merge", mixed, 0, 2, 1, 3);
        String o = op("Reshape", n + ".out_rows", back, int64(n + ".shape2", 0, 0, heads * dh));
        return a.toOut() == null ? o : linear(a.toOut(), o);
    }

    private String pick(String name, String x, long index) {
        String y = op("Gather", name, x, int64Scalar(name + ".index", index));
        nodes.get(nodes.size() - 1).addAttribute(OnnxExport.integer("axis", 0));
        return y;
    }

    /** [cls; rows] + pos, the class token expanded to the batch. */
    private String tokens(String n, String rows, Parameter cls, Parameter pos) {
        graph.addInitializer(OnnxExport.tensor(cls));
        graph.addInitializer(OnnxExport.tensor(pos));
        long d = cls.value().size(2);
        String batch = op("Slice", n + ".batch", op("Shape", n + ".shape_of", rows), int64(n + ".b0", 0), int64(n + ".b1", 1));
        String shape = op("Concat", n + ".cls_shape", batch, int64(n + ".cls_rest", 1, d));
        nodes.get(nodes.size() - 1).addAttribute(OnnxExport.integer("axis", 0));
        String c = op("Expand", n + ".cls", cls.name(), shape);
        String z = op("Concat", n + ".tokens", c, rows);
        nodes.get(nodes.size() - 1).addAttribute(OnnxExport.integer("axis", 1));
        return op("Add", n + ".pos", z, pos.name());
    }

    /** x W^T + b for x (..., in), W (out, in) as stored. */
    private String linear(Linear lin, String x) {
        graph.addInitializer(OnnxExport.tensor(lin.weight()));
        String wt = transpose(lin.name() + ".weight_T", lin.weight().name(), 1, 0);
        String y = op("MatMul", lin.name(), x, wt);
        if (lin.hasBias()) {
            graph.addInitializer(OnnxExport.tensor(lin.bias()));
            y = op("Add", lin.name() + ".bias_add", y, lin.bias().name());
        }
        return y;
    }

    private String layerNorm(LayerNorm ln, String x) {
        graph.addInitializer(OnnxExport.tensor(ln.weight()));
        graph.addInitializer(OnnxExport.tensor(ln.bias()));
        String y = op("LayerNormalization", ln.name(), x, ln.weight().name(), ln.bias().name());
        nodes.get(nodes.size() - 1).addAttribute(OnnxExport.integer("axis", -1)).addAttribute(OnnxExport.real("epsilon", (float) ln.eps()));
        return y;
    }

    private String gelu(String n, String x) {
        String e = op("Erf", n + ".erf", op("Div", n + ".scaled", x, floatScalar(n + ".sqrt2", (float) Math.sqrt(2))));
        String onePlus = op("Add", n + ".one_plus", e, floatScalar(n + ".one", 1f));
        return op("Mul", n + ".half", op("Mul", n + ".times_x", x, onePlus), floatScalar(n + ".half_value", 0.5f));
    }

    private String transpose(String name, String x, long... perm) {
        String y = op("Transpose", name, x);
        nodes.get(nodes.size() - 1).addAttribute(OnnxExport.ints("perm", perm));
        return y;
    }

    private String op(String type, String name, String... inputs) {
        String y = name + ".out";
        Onnx.NodeProto.Builder b = Onnx.NodeProto.newBuilder().setOpType(type).setName(name).addOutput(y);
        for (String i : inputs) {
            b.addInput(i);
        }
        nodes.add(b);
        return y;
    }

    private String int64(String name, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    private String int64Scalar(String name, long value) {
        ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    private String floatScalar(String name, float value) {
        ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }
}

package org.evoke.nn.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import onnx.Onnx;
import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.Sequential;
import org.evoke.nn.layers.Conv2d;
import org.evoke.nn.layers.Padding;
import org.evoke.nn.models.Models;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class OnnxExportTest {
    @TempDir
    Path tmp;

    /** Runs an ONNX model in ONNX Runtime on x (N, 4, 9, 9); returns the logits (N, 3). */
    static INDArray runInOnnxRuntime(byte[] onnx, INDArray x) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnx, opts);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.dup('c').data().asFloat()), x.shape());
                 OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
                float[][] y = (float[][]) r.get(OnnxExport.OUTPUT).orElseThrow().getValue();
                return Nd4j.create(y);
            }
        }
    }

    /** Seeded uniform input in [-1, 1), (n, 4, 9, 9). */
    static INDArray input(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[n * 4 * 9 * 9];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return Nd4j.create(v, new long[]{n, 4, 9, 9}, 'c');
    }

    static Map<String, INDArray> params(SafeTensors.Contents g) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        g.tensors().forEach((k, v) -> {
            if (k.startsWith("param.")) {
                m.put(k.substring("param.".length()), v);
            }
        });
        return m;
    }

    private static void assertRoundTrip(Model model) throws OrtException {
        byte[] onnx = OnnxExport.toBytes(model);
        for (int n : new int[]{1, 5}) {
            INDArray x = input(n, 100 + n);
            INDArray ours = model.predict(x);
            TensorAssert.assertClose(model.name() + " logits at batch " + n + ", ONNX Runtime vs ours", ours,
                    runInOnnxRuntime(onnx, x), 1e-5);
        }
    }

    @Test
    void exportedStudentGivesOurLogitsInOnnxRuntimeAtBatch1And5() throws OrtException {
        assertRoundTrip(Models.evokeStudent(11));
    }

    @Test
    void exportedTeacherGivesOurLogitsInOnnxRuntimeAtBatch1And5() throws OrtException {
        assertRoundTrip(Models.ccnn(12));
    }

    @Test
    void exportedTeacherWithPyTorchWeightsGivesPyTorchsLogits() throws OrtException {
        SafeTensors.Contents g = Golden.load("ccnn.safetensors");
        Model m = Models.ccnn(0);
        m.load(params(g), "ccnn.safetensors");
        INDArray x = g.get("x").castTo(DataType.FLOAT);
        TensorAssert.assertClose("ccnn logits in ONNX Runtime vs PyTorch", g.get("logits").castTo(DataType.FLOAT),
                runInOnnxRuntime(OnnxExport.toBytes(m), x), TensorAssert.FLOAT_TOL);
    }

    @Test
    void graphHasDynamicBatchPyTorchPaddingAndSeluConstantsAndNoDropout() throws Exception {
        Onnx.ModelProto p = Onnx.ModelProto.parseFrom(OnnxExport.toBytes(Models.ccnn(3)));
        assertEquals(OnnxExport.OPSET, p.getOpsetImport(0).getVersion());
        Onnx.GraphProto g = p.getGraph();
        List<String> ops = g.getNodeList().stream().map(Onnx.NodeProto::getOpType).toList();
        assertEquals(List.of("Conv", "Relu", "Conv", "Relu", "Conv", "Relu", "Conv", "Relu", "Flatten", "Gemm", "Selu", "Gemm"), ops);
        Onnx.TensorShapeProto in = g.getInput(0).getType().getTensorType().getShape();
        assertEquals(OnnxExport.BATCH, in.getDim(0).getDimParam());
        assertEquals(List.of(4L, 9L, 9L), in.getDimList().stream().skip(1).map(Onnx.TensorShapeProto.Dimension::getDimValue).toList());
        assertEquals(OnnxExport.OUTPUT, g.getNode(ops.size() - 1).getOutput(0));
        assertEquals(OnnxExport.OUTPUT, g.getOutput(0).getName());
        Onnx.NodeProto conv = g.getNode(0);
        Onnx.AttributeProto pads = conv.getAttributeList().stream().filter(a -> a.getName().equals("pads")).findFirst().orElseThrow();
        // ZeroPad2d((left 1, right 2, top 1, bottom 2)) in ONNX's order [top, left, bottom, right]
        assertEquals(List.of(1L, 1L, 2L, 2L), pads.getIntsList());
        Onnx.NodeProto selu = g.getNode(10);
        Map<String, Float> attrs = new LinkedHashMap<>();
        selu.getAttributeList().forEach(a -> attrs.put(a.getName(), a.getF()));
        assertEquals((float) Activation.SELU_ALPHA, attrs.get("alpha"));
        assertEquals((float) Activation.SELU_SCALE, attrs.get("gamma"));
        assertEquals(12, g.getInitializerCount());
        long params = g.getInitializerList().stream().mapToLong(t -> t.getRawData().size() / 4).sum();
        assertEquals(Models.ccnn(3).summary().parameterCount(), params);
    }

    @Test
    void fusedActivationsAndOtherPaddingsExportToo() throws OrtException {
        Sequential net = new Sequential("odd",
                new Conv2d("c1", 4, 5, 3, 2, new Padding(0, 1, 2, 0), Activation.SELU),
                org.evoke.nn.layers.Flatten.module("f"),
                new org.evoke.nn.layers.Linear("l", 5 * 5 * 4, 3, Activation.RELU));
        net.initialize(new SplittableRandom(5));
        Model m = new Model("odd", net, new long[]{4, 9, 9}, 5);
        INDArray x = input(3, 9);
        TensorAssert.assertClose("odd model in ONNX Runtime vs ours", m.predict(x), runInOnnxRuntime(OnnxExport.toBytes(m), x), 1e-5);
    }

    @Test
    void exportWritesTheSameBytesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Model m = Models.evokeStudent(4);
        Path f = tmp.resolve("sub/student.onnx");
        OnnxExport.export(m, f);
        assertArrayEquals(OnnxExport.toBytes(m), Files.readAllBytes(f));
        OnnxExport.export(m, f); // overwrite in place
        try (Stream<Path> files = Files.list(f.getParent())) {
            assertEquals(List.of(f.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList());
        }
        Onnx.ModelProto p = Onnx.ModelProto.parseFrom(Files.readAllBytes(f));
        assertEquals("evoke-student", p.getMetadataProps(0).getValue());
    }

    @Test
    void doubleModelIsRefusedWithAClearMessage() {
        Model m = Models.evokeStudent(1).castTo(DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(m));
        assertTrue(e.getMessage().contains("DOUBLE") && e.getMessage().contains("FLOAT"), e.getMessage());
    }

    @Test
    void unknownLayerIsRefusedNamingTheLayer() {
        Layer odd = new Layer() {
            @Override public String name() { return "mystery"; }
            @Override public INDArray forward(INDArray x, boolean training) { return x; }
            @Override public INDArray backward(INDArray dy) { return dy; }
            @Override public long[] outputShape(long[] s) { return s; }
        };
        Sequential net = new Sequential("odd", new Conv2d("c1", 4, 2, 3, 1, Padding.of(1)), odd);
        Model m = new Model("odd", net, new long[]{4, 9, 9}, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(m));
        assertTrue(e.getMessage().contains("mystery") && e.getMessage().contains("supported"), e.getMessage());
    }

    /** Seeded uniform input in [-1, 1) of any per-sample shape. */
    static INDArray input(long seed, long... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return Nd4j.create(v, shape, 'c');
    }

    @Test
    void theTransformersExportAtOpset17AndOnnxRuntimeGivesOurLogits() throws OrtException {
        int[] cells = new int[32];
        for (int i = 0; i < 32; i++) {
            cells[i] = (i * 5) % 81; // 32 distinct cells of the 9x9 grid (5 and 81 are coprime)
        }
        Model[] models = {Models.arjunVit(3, 3), Models.arjunVitOnBands(4, 3, cells, 4), Models.torcheegVit(5, 3),
                Models.visionTransformer(6, 3, 32, 8, 48, 2, 3, 96, 3)}; // a small image ViT: conv patches, qkv bias, final norm
        for (Model m : models) {
            byte[] onnx = OnnxExport.toBytes(m);
            Onnx.ModelProto proto = OnnxExport.toProto(m);
            assertEquals(OnnxExport.OPSET_TRANSFORMERS, proto.getOpsetImport(0).getVersion(), m.name());
            assertTrue(proto.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("LayerNormalization")), m.name());
            for (int n : new int[] {1, 3}) {
                long[] shape = new long[m.inputShape().length + 1];
                shape[0] = n;
                System.arraycopy(m.inputShape(), 0, shape, 1, m.inputShape().length);
                INDArray x = input(200 + n, shape);
                TensorAssert.assertClose(m.name() + " logits at batch " + n + ", ONNX Runtime vs ours", m.predict(x),
                        runInOnnxRuntime(onnx, x), 1e-5);
            }
        }
        // the CNNs keep opset 13
        assertEquals(OnnxExport.OPSET, OnnxExport.toProto(Models.evokeStudent(1)).getOpsetImport(0).getVersion());
    }
}

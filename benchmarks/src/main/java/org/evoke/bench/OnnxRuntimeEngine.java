package org.evoke.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.evoke.nn.Model;
import org.evoke.nn.onnx.OnnxExport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime's Java API on our ONNX export of the same weights: a session with {@code threads} intra-op
 * threads, one inter-op thread, sequential execution, all graph optimisations; the input tensor is created once.
 * Each inference copies the logits out into a Java array, as a Java caller would. ONNX Runtime's Java package
 * has no training (that needs the separate onnxruntime-training build and artifacts made in Python), so
 * {@link #train()} refuses.
 */
public final class OnnxRuntimeEngine implements Engine {
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final OnnxTensor input;
    private final Map<String, OnnxTensor> inputs;

    public OnnxRuntimeEngine(Model model, float[] x, long[] shape, int threads) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(OnnxExport.toBytes(model), options);
            FloatBuffer buf = ByteBuffer.allocateDirect(4 * x.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
            buf.put(x).rewind();
            input = OnnxTensor.createTensor(env, buf, shape);
            inputs = Map.of(OnnxExport.INPUT, input);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load the export of " + model.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public Object infer() {
        try (OrtSession.Result r = session.run(inputs)) {
            return r.get(0).getValue(); // float[N][3]
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
        }
    }

    @Override
    public double train() {
        throw new UnsupportedOperationException("ONNX Runtime's Java package does not train; use evoke or dl4j");
    }

    @Override
    public INDArray logits() {
        return Nd4j.create((float[][]) infer());
    }

    @Override
    public void close() {
        input.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime session did not close: " + e.getMessage(), e);
        }
        options.close();
    }
}

package org.evoke.bench;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.blas.BlasCore;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds the engines of a side-by-side run with the same weights and the same seeded batch, and checks each
 * against ours before anything is timed.
 */
public final class Engines {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    /** Seed of the models' weights in every benchmark. */
    public static final long WEIGHT_SEED = 42;
    /** Seed of the inputs and labels. */
    public static final long DATA_SEED = 7;
    /** ONNX Runtime's intra-op threads: 2, as every engine of the benchmarks (docs/design.md, section 6). */
    public static final int ORT_THREADS = 2;
    /** Largest relative error (Frobenius norm) allowed between a peer's logits and ours: ONNX Runtime. */
    public static final double ORT_TOL = 1e-5;
    /** The same for DL4J, whose logits are recovered from its sigmoid output. */
    public static final double DL4J_TOL = 1e-4;
    /** The same for PyTorch (oneDNN and its gemms sum in another order). */
    public static final double PYTORCH_TOL = 1e-4;

    private Engines() {
    }

    /** The transformers of Table I's rows, by the names the benchmarks take. */
    public static final java.util.List<String> TRANSFORMERS = java.util.List.of("arjunvit", "vit", "vitb16");

    /**
     * Model {@code name} with the benchmarks' weights: {@code student}, {@code ccnn}, {@code arjunvit} (raw windows
     * (32, 128), torcheeg's defaults), {@code vit} (torcheeg's small ViT on the (4, 9, 9) grid) or {@code vitb16}
     * (ImageNet ViT-B/16 at 3 x 224 x 224, Table I's ViT row); 3 outputs.
     */
    public static Model model(String name) {
        return name.equals("vitb16") ? Models.vitB16(WEIGHT_SEED, 3) : Models.byName(name, WEIGHT_SEED);
    }

    /**
     * The engine {@code engine} for model {@code model} ({@link #model}) at batch {@code batch}. Besides evoke,
     * onnxruntime, pytorch (libtorch through DJL, {@link PyTorchEngine}) and dl4j, evoke's own kernels pinned to one path or width, so that one JMH run compares them (each
     * parameter runs in its own JVM): {@code evoke-blas} (im2col + OpenBLAS, the fallback), {@code evoke-256} and
     * {@code evoke-128} (the Vector API kernels at that width).
     */
    public static Engine create(String engine, String model, int batch) {
        if (engine.startsWith("evoke-")) {
            pin(engine.substring("evoke-".length()));
        }
        Model m = model(model);
        long[] sample = m.inputShape();
        INDArray x = Inputs.xArray(sample, batch, DATA_SEED);
        INDArray labels = Inputs.labelArray(batch, DATA_SEED);
        return switch (engine) {
            case "evoke", "evoke-blas", "evoke-256", "evoke-128" -> new EvokeEngine(m, x, labels);
            case "pytorch" -> new PyTorchEngine(m, x, labels);
            case "onnxruntime" -> new OnnxRuntimeEngine(m, Inputs.x(sample, batch, DATA_SEED), Inputs.shape(sample, batch), ORT_THREADS);
            case "dl4j" -> {
                if (TRANSFORMERS.contains(model)) {
                    throw new IllegalArgumentException("the dl4j engine rebuilds the CNNs from DL4J's own layers; it has no " + model);
                }
                yield new Dl4jEngine(m, x, labels);
            }
            default -> throw new IllegalArgumentException("unknown engine '" + engine
                    + "'; expected evoke, evoke-blas, evoke-256, evoke-128, onnxruntime, pytorch or dl4j");
        };
    }

    /** Sets the kernel properties for {@code variant} before {@link Kernels} loads, and checks that they took. */
    private static void pin(String variant) {
        switch (variant) {
            case "blas" -> System.setProperty("evoke.kernels", "blas");
            case "256", "128" -> System.setProperty("evoke.vector.bits", variant);
            default -> throw new IllegalArgumentException("unknown evoke variant '" + variant + "'; expected blas, 256 or 128");
        }
        boolean took = variant.equals("blas") ? Kernels.path() == Kernels.Path.BLAS : Kernels.vectorBits() == Integer.parseInt(variant);
        if (!took) {
            throw new IllegalStateException("evoke-" + variant + " asked for, but this JVM runs " + Kernels.describe()
                    + " (Kernels was loaded before the engine was built)");
        }
    }

    /**
     * Throws unless {@code engine}'s logits equal ours (same weights, same batch) within its tolerance; returns
     * the relative error. Call before timing, and before any training step changes the weights.
     */
    public static double check(Engine engine, String model, int batch) {
        if (engine instanceof EvokeEngine) {
            return 0;
        }
        Model m = model(model);
        INDArray ours = m.predict(Inputs.xArray(m.inputShape(), batch, DATA_SEED));
        INDArray theirs = engine.logits();
        double rel = relativeError(ours, theirs);
        double tol = engine instanceof Dl4jEngine ? DL4J_TOL : engine instanceof PyTorchEngine ? PYTORCH_TOL : ORT_TOL;
        if (!(rel <= tol)) {
            throw new IllegalStateException(String.format("%s's logits for %s at batch %d differ from ours: relative error %.3e > %.0e",
                    engine.name(), model, batch, rel, tol));
        }
        return rel;
    }

    /** ||a - b|| / ||a|| in double (Frobenius norms). */
    public static double relativeError(INDArray expected, INDArray actual) {
        if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
            throw new IllegalStateException("shapes differ: " + java.util.Arrays.toString(actual.shape()) + ", expected "
                    + java.util.Arrays.toString(expected.shape()));
        }
        INDArray e = expected.castTo(DataType.DOUBLE), a = actual.castTo(DataType.DOUBLE);
        double den = e.norm2Number().doubleValue();
        double num = a.sub(e).norm2Number().doubleValue();
        return den == 0 ? num : num / den;
    }
}

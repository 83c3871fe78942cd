package org.evoke.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * The engines a report compares us with, named with the versions that ran: ONNX Runtime and PyTorch (through DJL)
 * in the same JMH run as ours, and Deeplearning4j where a benchmark asks for it. The versions come from the pom
 * (resource {@code peers.properties}, filled in at build time), so a report always names what its jar ran.
 */
public final class Peers {
    /** The peers of the inference rows, in the reports' column order. */
    public static final List<String> INFERENCE = List.of("onnxruntime", "pytorch");
    /** Every engine name a report knows, ours first. */
    public static final List<String> ALL = List.of("evoke", "onnxruntime", "pytorch", "dl4j");

    private static final Properties VERSIONS = load();

    private Peers() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Peers.class.getResourceAsStream("peers.properties")) {
            if (in == null) {
                throw new IllegalStateException("peers.properties is missing from the benchmarks jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read peers.properties: " + e.getMessage(), e);
        }
        return p;
    }

    /** ONNX Runtime's version in this jar, e.g. 1.24.2. */
    public static String onnxRuntimeVersion() {
        return VERSIONS.getProperty("onnxruntime");
    }

    /** libtorch's version in DJL's native jar, e.g. 2.7.1. */
    public static String libtorchVersion() {
        return VERSIONS.getProperty("libtorch");
    }

    /** DJL's version, e.g. 0.36.0. */
    public static String djlVersion() {
        return VERSIONS.getProperty("djl");
    }

    /** A column header: "evoke", "ONNX Runtime 1.24.2", "PyTorch 2.7.1 (DJL 0.36.0)", "DL4J 1.0.0-M2.1". */
    public static String label(String engine) {
        return switch (engine) {
            case "onnxruntime" -> "ONNX Runtime " + onnxRuntimeVersion();
            case "pytorch" -> "PyTorch " + libtorchVersion() + " (DJL " + djlVersion() + ")";
            case "dl4j" -> "DL4J " + VERSIONS.getProperty("dl4j");
            default -> engine;
        };
    }

    /** One sentence on how each peer runs, for the reports' notes. */
    public static String describe() {
        return label("onnxruntime") + " (Java API, " + Engines.ORT_THREADS + " intra-op threads) runs our ONNX export of the same weights; "
                + label("pytorch") + " runs the same weights eagerly in libtorch's operators (" + PyTorchEngine.THREADS
                + " intra-op threads, oneDNN), called from Java; both in the same JMH run as ours, their logits checked against ours first";
    }
}

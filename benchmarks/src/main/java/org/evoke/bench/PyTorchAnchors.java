package org.evoke.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * PyTorch's numbers for the side-by-side reports, kept as the resource {@code pytorch-anchors.json}: the anchors of
 * issue 11 (PyTorch 1.13's CPU wheel on two threads, the same two models and six measurements as the JMH
 * benchmarks). They are anchors, not part of the JMH run beside them, and the reports say when and where they were
 * measured: PyTorch runs in Python, so JMH cannot time it in the same JVM, and the wheel cannot be installed on our
 * machines (no PyPI). {@code tools/bench/pytorch_bench.py} measures the same six numbers with any PyTorch; the file
 * also keeps its measurement of Debian's slower build, for reference.
 */
public record PyTorchAnchors(String engine, String measured, String machine, String command, JsonNode models) {
    /** The anchors shipped with this jar. */
    public static PyTorchAnchors load() {
        try (InputStream in = PyTorchAnchors.class.getResourceAsStream("pytorch-anchors.json")) {
            if (in == null) {
                throw new IllegalStateException("pytorch-anchors.json is missing from the benchmarks jar");
            }
            JsonNode n = new ObjectMapper().readTree(in);
            return new PyTorchAnchors(n.get("engine").asText(), n.get("measured").asText(), n.get("machine").asText(),
                    n.get("command").asText(), n.get("models"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pytorch-anchors.json: " + e.getMessage(), e);
        }
    }

    /** True when the file has anchors for {@code model}. */
    public boolean has(String model) {
        return models.get(model) != null;
    }

    /** Latency of one inference at batch 1, ms. */
    public double latencyMs(String model) {
        return value(model, "latency_b1_ms");
    }

    /** Inference throughput at batch 128, samples/s. */
    public double throughput(String model) {
        return value(model, "throughput_b128");
    }

    /** Training steps at batch 128, samples/s. */
    public double training(String model) {
        return value(model, "train_b128");
    }

    private double value(String model, String key) {
        JsonNode m = models.get(model);
        if (m == null || m.get(key) == null) {
            throw new IllegalArgumentException("pytorch-anchors.json has no " + key + " for model " + model);
        }
        return m.get(key).asDouble();
    }

    /** One line of provenance for the reports. */
    public String describe() {
        return engine + ", measured " + measured + " on " + machine + " (source: " + command + ")";
    }
}

package org.evoke.distill.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.nn.Layer;
import org.evoke.nn.Model;
import org.evoke.nn.layers.Dropout;
import org.evoke.nn.optim.Adam;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.io.SafeTensorsException;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resumable training checkpoint: one safetensors file (written atomically, temp file + rename) holding
 * <pre>
 * tensors   &lt;param name&gt;          the model's parameters under their canonical names (conv1.weight, ...)
 *           adam.m.&lt;name&gt;, adam.v.&lt;name&gt;  Adam's moments
 * metadata  format evoke-checkpoint/1, model, seed (the model's), train_seed, epoch (completed), adam_steps,
 *           dropout.&lt;layer&gt; (training forwards so far), objective, temperature, alpha, lr, batch, epochs,
 *           validation_fraction, patience, data_hash, best_epoch, best_validation_loss, bad_epochs,
 *           history (JSON list of epoch records), and the caller's provenance (split, fold, ...)
 * </pre>
 * The shuffling needs no saved state: each epoch's permutation is a function of (train_seed, epoch)
 * ({@link Shuffle}). With the moments, the step count and the dropout counters restored, the next epoch computes
 * exactly what it would have computed without the interruption.
 */
public final class Checkpoint {
    /** The format tag in the metadata. */
    public static final String FORMAT = "evoke-checkpoint/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADAM = "adam.";

    private Checkpoint() {
    }

    /**
     * The progress a checkpoint records besides the tensors.
     *
     * @param epoch              epochs completed
     * @param bestEpoch          epoch of the lowest validation loss so far (0 when none)
     * @param bestValidationLoss that loss (+infinity when none)
     * @param badEpochs          epochs since the best one
     * @param history            the records of the completed epochs
     */
    public record Progress(int epoch, int bestEpoch, double bestValidationLoss, int badEpochs, List<EpochRecord> history) {
    }

    /** Writes a checkpoint of {@code model} and {@code adam} at {@code file}. */
    public static void write(Path file, Model model, Adam adam, Map<String, String> metadata, Progress progress) {
        Map<String, INDArray> tensors = new LinkedHashMap<>(model.state());
        for (Map.Entry<String, INDArray> e : adam.state().entrySet()) {
            tensors.put(ADAM + e.getKey(), e.getValue());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("model", model.name());
        meta.put("seed", Long.toString(model.seed()));
        meta.putAll(metadata);
        meta.put("epoch", Integer.toString(progress.epoch()));
        meta.put("adam_steps", Long.toString(adam.steps()));
        for (Dropout d : dropouts(model)) {
            meta.put("dropout." + d.name(), Long.toString(d.step()));
        }
        meta.put("best_epoch", Integer.toString(progress.bestEpoch()));
        meta.put("best_validation_loss", Double.toString(progress.bestValidationLoss()));
        meta.put("bad_epochs", Integer.toString(progress.badEpochs()));
        try {
            meta.put("history", JSON.writeValueAsString(progress.history()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the training history", e);
        }
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Restores {@code model}, {@code adam} and the dropout counters from {@code file}, after checking that the file
     * is a checkpoint of this model; returns the recorded progress and leaves the metadata in {@code metadataOut}.
     */
    public static Progress restore(Path file, Model model, Adam adam, Map<String, String> metadataOut) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new SafeTensorsException(file + ": not an evoke checkpoint (metadata format is " + meta.get("format")
                    + ", expected " + FORMAT + ")");
        }
        if (!model.name().equals(meta.get("model"))) {
            throw new IllegalArgumentException(file + ": checkpoint of model " + meta.get("model") + ", expected " + model.name());
        }
        Map<String, INDArray> params = new LinkedHashMap<>();
        Map<String, INDArray> moments = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : c.tensors().entrySet()) {
            if (e.getKey().startsWith(ADAM)) {
                moments.put(e.getKey().substring(ADAM.length()), e.getValue());
            } else {
                params.put(e.getKey(), e.getValue());
            }
        }
        model.load(params, file.toString());
        adam.loadState(moments, parseLong(meta, "adam_steps", file));
        for (Dropout d : dropouts(model)) {
            d.setStep(parseLong(meta, "dropout." + d.name(), file));
        }
        List<EpochRecord> history;
        try {
            history = JSON.readValue(meta.getOrDefault("history", "[]"), new TypeReference<List<EpochRecord>>() {
            });
        } catch (JsonProcessingException e) {
            throw new SafeTensorsException(file + ": unreadable training history in the metadata: "
                    + e.getOriginalMessage(), e);
        }
        metadataOut.putAll(meta);
        return new Progress((int) parseLong(meta, "epoch", file), (int) parseLong(meta, "best_epoch", file),
                Double.parseDouble(meta.getOrDefault("best_validation_loss", "Infinity")),
                (int) parseLong(meta, "bad_epochs", file), history);
    }

    /** The dropout layers of a model, in order (their counters are part of the checkpoint). */
    public static List<Dropout> dropouts(Model model) {
        List<Dropout> out = new ArrayList<>();
        for (Layer l : model.network().layers()) {
            if (l instanceof Dropout d) {
                out.add(d);
            }
        }
        return out;
    }

    private static long parseLong(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) {
            throw new SafeTensorsException(file + ": checkpoint metadata lacks '" + key + "'");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new SafeTensorsException(file + ": checkpoint metadata '" + key + "' = '" + v + "' is not an integer");
        }
    }
}

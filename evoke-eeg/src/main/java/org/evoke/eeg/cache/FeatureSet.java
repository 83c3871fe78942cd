package org.evoke.eeg.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.io.SafeTensorsException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The features of a dataset, window by window, ready for training: the content of the file
 * {@code ./evoke features} writes.
 *
 * <pre>
 * safetensors tensors                       metadata
 *   features (N, 4, 9, 9) F32 (B bands: 4)    format   evoke-features/1
 *            (N, 32, L) raw windows           preset, preset_fingerprint, kind (de | psd | raw)
 *   labels   (N, 3)       F32, 0 or 1
 *   subject  (N)          I32, into subjects  subjects  JSON list of subject ids, in index order
 *   trial    (N)          I32, within subject data_hash SHA-256 over the subjects' ids and file hashes
 * </pre>
 * N = windows (2400 per DEAP subject with the default preset). Windows are ordered subject by subject, then trial by
 * trial, then in time.
 */
public final class FeatureSet {
    /** The format tag written into the metadata. */
    public static final String FORMAT = "evoke-features/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final INDArray features;    // (N, 4, 9, 9) float32, raw windows (N, 32, L)
    private final INDArray labels;      // (N, 3) float32
    private final int[] subject;        // (N) index into subjectIds
    private final int[] trial;          // (N) trial within its subject
    private final List<String> subjectIds;
    private final String preset;
    private final String presetFingerprint;
    private final FeatureKind kind;
    private final String dataHash;

    /**
     * @param features          (N, B, 9, 9) float32, B = 4 bands for every built-in preset; (N, 32, L) for
     *                          {@link FeatureKind#RAW}
     * @param labels            (N, 3) float32
     * @param subject           (N) subject index of each window, 0..subjectIds.size()-1
     * @param trial             (N) trial index of each window
     * @param subjectIds        ids of the subjects, by index
     * @param preset            the preset's name
     * @param presetFingerprint every setting of the preset, as {@code Preset.fingerprint()} gives it
     * @param kind              DE or PSD
     * @param dataHash          SHA-256 of the inputs (see {@link FeaturePipeline})
     */
    public FeatureSet(INDArray features, INDArray labels, int[] subject, int[] trial, List<String> subjectIds,
                      String preset, String presetFingerprint, FeatureKind kind, String dataHash) {
        long n = features.size(0);
        boolean grid = features.rank() == 4 && features.size(1) >= 1 && features.size(2) == 9 && features.size(3) == 9;
        boolean raw = features.rank() == 3 && features.size(1) == 32 && features.size(2) >= 1;
        if (features.dataType() != DataType.FLOAT || (kind == FeatureKind.RAW ? !raw : !grid)) {
            throw new IllegalArgumentException("features of kind " + kind + " must be "
                    + (kind == FeatureKind.RAW ? "(windows, 32, samples)" : "(windows, bands, 9, 9)") + " float32, got "
                    + features.dataType() + " " + Arrays.toString(features.shape()));
        }
        if (labels.rank() != 2 || labels.size(0) != n || labels.size(1) != 3 || labels.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("labels must be (" + n + ", 3) float32, got " + labels.dataType() + " "
                    + Arrays.toString(labels.shape()));
        }
        if (subject.length != n || trial.length != n) {
            throw new IllegalArgumentException("subject and trial need one entry per window (" + n + "), got "
                    + subject.length + " and " + trial.length);
        }
        for (int i = 0; i < n; i++) {
            if (subject[i] < 0 || subject[i] >= subjectIds.size() || trial[i] < 0) {
                throw new IllegalArgumentException("window " + i + " has subject " + subject[i] + " and trial "
                        + trial[i] + "; expected subject in 0.." + (subjectIds.size() - 1) + " and trial >= 0");
            }
        }
        this.features = features;
        this.labels = labels;
        this.subject = subject;
        this.trial = trial;
        this.subjectIds = List.copyOf(subjectIds);
        this.preset = preset;
        this.presetFingerprint = presetFingerprint;
        this.kind = kind;
        this.dataHash = dataHash;
    }

    /** (N, 4, 9, 9) float32: bands x grid rows x grid columns; raw windows (N, 32, L). */
    public INDArray features() {
        return features;
    }

    /** (N, 3) float32: valence, arousal, dominance, 0 or 1. */
    public INDArray labels() {
        return labels;
    }

    /** (N) subject index of each window (into {@link #subjectIds()}). */
    public int[] subject() {
        return subject;
    }

    /** (N) trial index of each window, within its subject. */
    public int[] trial() {
        return trial;
    }

    public List<String> subjectIds() {
        return subjectIds;
    }

    public String preset() {
        return preset;
    }

    public String presetFingerprint() {
        return presetFingerprint;
    }

    public FeatureKind kind() {
        return kind;
    }

    public String dataHash() {
        return dataHash;
    }

    /** Number of windows N. */
    public int size() {
        return subject.length;
    }

    /** The windows at {@code rows} (for a fold's train or test part), with the same metadata. */
    public FeatureSet subset(int[] rows) {
        int[] s = new int[rows.length];
        int[] t = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            s[i] = subject[rows[i]];
            t[i] = trial[rows[i]];
        }
        long[] shape = features.shape().clone();
        long row = features.length() / Math.max(1, shape[0]);
        shape[0] = rows.length;
        INDArray f = rows.length == 0 ? Nd4j.create(DataType.FLOAT, shape)
                : features.reshape(features.size(0), row).getRows(rows).reshape(shape);
        INDArray l = rows.length == 0 ? Nd4j.create(DataType.FLOAT, 0, 3) : labels.getRows(rows);
        return new FeatureSet(f, l, s, t, subjectIds, preset, presetFingerprint, kind, dataHash);
    }

    /** The metadata map written to the file. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("preset", preset);
        m.put("preset_fingerprint", presetFingerprint);
        m.put("kind", kind.name().toLowerCase(Locale.ROOT));
        try {
            m.put("subjects", JSON.writeValueAsString(subjectIds));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        m.put("data_hash", dataHash);
        m.put("windows", Integer.toString(size()));
        return m;
    }

    /** Writes the set as safetensors at {@code file}, atomically. */
    public void save(Path file) {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("features", features);
        t.put("labels", labels);
        t.put("subject", Nd4j.createFromArray(subject));
        t.put("trial", Nd4j.createFromArray(trial));
        SafeTensors.write(file, t, metadata());
    }

    /** Reads a set written by {@link #save}; a one-line error naming the file when it is not one. */
    public static FeatureSet load(Path file) {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        if (!FORMAT.equals(m.get("format"))) {
            throw new SafeTensorsException(file + ": not an evoke feature set (metadata format is " + m.get("format")
                    + ", expected " + FORMAT + ")");
        }
        for (String name : List.of("features", "labels", "subject", "trial")) {
            if (!c.has(name)) {
                throw new SafeTensorsException(file + ": feature set has no tensor '" + name + "'");
            }
        }
        try {
            List<String> ids = JSON.readValue(m.getOrDefault("subjects", "[]"), new TypeReference<List<String>>() {
            });
            FeatureKind kind = FeatureKind.valueOf(m.getOrDefault("kind", "").toUpperCase(Locale.ROOT));
            return new FeatureSet(c.get("features"), c.get("labels"), c.get("subject").toIntVector(),
                    c.get("trial").toIntVector(), ids, m.get("preset"), m.get("preset_fingerprint"), kind,
                    m.get("data_hash"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SafeTensorsException(file + ": invalid feature set: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    @Override
    public String toString() {
        return "FeatureSet[" + size() + " windows, " + subjectIds.size() + " subjects, preset " + preset + ", "
                + kind + ", data " + (dataHash.length() > 12 ? dataHash.substring(0, 12) : dataHash) + "]";
    }
}

package org.evoke.eeg.cache;

import org.evoke.tensor.OrderedMap;
import org.evoke.eeg.deap.DeapDataset;
import org.evoke.eeg.deap.DeapReader;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.features.SubjectFeatures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a directory of DEAP subjects into a {@link FeatureSet}: read, filter and featurise each subject, through the
 * {@link FeatureCache}.
 *
 * <p>Per subject (one task): content hash of the file (memoised, see {@link FeatureCache}) -> cache key -> the cached
 * entry if there is one, else {@link DeapReader#read} + {@link FeatureExtractor#extract} and the entry is written
 * (atomically) before the task ends. A fixed pool of {@code threads} workers runs the tasks, so at most
 * {@code threads} raw subjects (103 MB each for real DEAP) are in memory at once; finished subjects keep only their
 * features (6 MB per DEAP subject as float64, half that once stored as float32). A crash mid-dataset keeps every
 * subject already cached. The first failure stops the run and is rethrown with the file it came from.
 *
 * <p>The result's {@code dataHash} is SHA-256 over the lines {@code id:contentHash} of the subjects in order, so it
 * names exactly the input bytes (and, with the preset fingerprint, reproduces the features).
 */
public final class FeaturePipeline {
    private final Preset preset;
    private final FeatureKind kind;
    private final FeatureCache cache; // null: no caching
    private final int threads;
    private final FeatureExtractor extractor;

    /** Progress: called once per subject, from the worker that finished it. */
    @FunctionalInterface
    public interface Listener {
        /** Ignores progress. */
        Listener NONE = (done, total, subjectId, fromCache) -> { };

        void subjectDone(int done, int total, String subjectId, boolean fromCache);
    }

    /**
     * @param preset  feature settings ({@link Preset#TORCHEEG} is the default)
     * @param kind    DE, PSD or raw windows
     * @param cache   where features are cached, or null for none
     * @param threads subjects processed at once (>= 1)
     */
    public FeaturePipeline(Preset preset, FeatureKind kind, FeatureCache cache, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.preset = preset;
        this.kind = kind;
        this.cache = cache;
        this.threads = threads;
        this.extractor = new FeatureExtractor(preset, kind);
    }

    /** Features of every subject in {@code dir} (see {@link DeapDataset#open}). */
    public FeatureSet run(Path dir) {
        return run(DeapDataset.open(dir), Listener.NONE);
    }

    /** Features of every subject of {@code dataset}, in its order, without progress reports. */
    public FeatureSet run(DeapDataset dataset) {
        return run(dataset, Listener.NONE);
    }

    /** Features of every subject of {@code dataset}, in its order. */
    public FeatureSet run(DeapDataset dataset, Listener listener) {
        int n = dataset.size();
        List<Path> files = dataset.files();
        List<String> ids = dataset.subjectIds();
        Result[] results = OrderedMap.map(n, threads, "evoke-features", index -> subject(index, files.get(index), ids.get(index)),
                (count, index, r) -> listener.subjectDone(count, n, ids.get(index), r.fromCache)).toArray(new Result[0]);
        return assemble(results, ids);
    }

    private record Result(int index, String contentHash, FeatureCache.Entry entry, boolean fromCache) {
    }

    private Result subject(int index, Path file, String id) {
        String hash = cache != null ? cache.contentHash(file) : FeatureCache.hashFile(file);
        String key = FeatureCache.key(hash, preset.fingerprint(), kind);
        if (cache != null) {
            var hit = cache.get(key);
            if (hit.isPresent()) {
                return new Result(index, hash, hit.get(), true);
            }
        }
        DeapSubject s = DeapReader.read(file, id);
        SubjectFeatures f;
        try {
            f = extractor.extract(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        requireFinite(file, f);
        FeatureCache.Entry entry = new FeatureCache.Entry(f.features().castTo(DataType.FLOAT),
                f.labels().castTo(DataType.FLOAT), f.trial());
        if (cache != null) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("subject", id);
            meta.put("source", file.toAbsolutePath().toString());
            meta.put("content_sha256", hash);
            meta.put("preset", preset.name());
            meta.put("preset_fingerprint", preset.fingerprint());
            meta.put("kind", kind.name().toLowerCase(Locale.ROOT));
            cache.put(key, entry, meta);
        }
        return new Result(index, hash, entry, false);
    }

    /** Nothing non-finite is cached or written: the first such window is named by its subject file and trial. */
    static void requireFinite(java.nio.file.Path file, SubjectFeatures f) {
        INDArray x = f.features();
        long per = x.length() / Math.max(1, x.size(0));
        double[] flat = x.ravel().toDoubleVector();
        for (int i = 0; i < flat.length; i++) {
            double v = flat[i];
            if (!Double.isFinite(v)) {
                int w = (int) (i / per);
                throw new IllegalArgumentException(file + ": the features of trial " + (f.trial()[w] + 1) + " are not finite ("
                        + v + "): its EEG is out of any physical range; nothing was cached");
            }
        }
    }

    /** Concatenates the subjects' windows: features (N, ...per window), labels (N, 3), subject (N), trial (N). */
    private FeatureSet assemble(Result[] results, List<String> ids) {
        int total = 0;
        for (Result r : results) {
            total += r.entry.windows();
        }
        long[] shape = results[0].entry.features().shape().clone(); // (W, B, 9, 9) or (W, 32, L)
        long row = results[0].entry.features().length() / Math.max(1, shape[0]);
        shape[0] = total;
        INDArray features = Nd4j.create(DataType.FLOAT, shape);
        INDArray rows = features.reshape('c', total, row); // a view of features, one window per row
        INDArray labels = Nd4j.create(DataType.FLOAT, total, 3);
        int[] subject = new int[total];
        int[] trial = new int[total];
        int at = 0;
        StringBuilder hashes = new StringBuilder();
        for (Result r : results) {
            int w = r.entry.windows();
            if (w > 0) {
                rows.get(NDArrayIndex.interval(at, at + w), NDArrayIndex.all()).assign(r.entry.features().reshape('c', w, row));
                labels.get(NDArrayIndex.interval(at, at + w), NDArrayIndex.all()).assign(r.entry.labels());
            }
            System.arraycopy(r.entry.trial(), 0, trial, at, w);
            java.util.Arrays.fill(subject, at, at + w, r.index);
            at += w;
            hashes.append(ids.get(r.index)).append(':').append(r.contentHash).append('\n');
        }
        return new FeatureSet(features, labels, subject, trial, ids, preset.name(), preset.fingerprint(), kind,
                sha256(hashes.toString()));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}

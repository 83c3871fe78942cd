package org.evoke.cli;

import org.evoke.eeg.cache.FeatureCache;
import org.evoke.eeg.cache.FeaturePipeline;
import org.evoke.eeg.cache.FeatureSet;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code evoke features}: DEAP (either format) to a safetensors file of features on the 9x9 grid. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Preprocess a directory of DEAP subjects (sXX.dat or sXX.mat) into one safetensors file with "
                + "features (windows, 4, 9, 9), labels (windows, 3), subject and trial. Cached per subject. An EDF/BDF "
                + "recording instead (--data rec.edf): its windows' features, one trial per segment, labels NaN (unknown).")
final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE", description = "Directory of DEAP subjects, or an EDF/BDF recording.")
    Path data;

    @picocli.CommandLine.Mixin
    RecordingInput recordingInput = new RecordingInput();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .safetensors file.")
    Path out;

    @Option(names = "--preset", defaultValue = "torcheeg", paramLabel = "P",
            description = "Feature preset: torcheeg, torcheeg-1.1.0 or decnn (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--feature", defaultValue = "de", paramLabel = "de|psd|raw",
            description = "Differential entropy or band PSD on the grid, or raw windows z-scored per channel (Arjun ViT's"
                    + " input, (windows, 32, 128)) (default: ${DEFAULT-VALUE}).")
    String feature;

    @Option(names = "--cache", defaultValue = ".evoke-cache", paramLabel = "DIR",
            description = "Feature cache directory (default: ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--no-cache", description = "Do not read or write the feature cache.")
    boolean noCache;

    @Option(names = "--threads", defaultValue = "2", description = "Subjects processed in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        if (Files.isRegularFile(data) && RecordingInput.isRecording(data)) {
            FeatureSet set = recording();
            set.save(out);
            spec.commandLine().getOut().printf("wrote %s: %s%n", out, set);
            return 0;
        }
        FeatureSet set = extract(data, preset, feature, noCache ? null : cache, threads, spec.commandLine().getOut());
        set.save(out);
        spec.commandLine().getOut().printf("wrote %s: %s%n", out, set);
        return 0;
    }

    /** The features of an EDF/BDF recording: one trial per segment, labels NaN (a recording has no self-assessment). */
    private FeatureSet recording() {
        Preset p = Preset.byName(preset);
        FeatureKind kind = kind(feature);
        java.io.PrintWriter o = spec.commandLine().getOut();
        try (org.evoke.eeg.montage.RecordingEeg rec = recordingInput.open(data)) {
            o.println(RecordingInput.reportWithWarning(rec.montage(), rec.report(), ""));
            java.util.List<float[]> rows = new java.util.ArrayList<>();
            java.util.List<Integer> trials = new java.util.ArrayList<>();
            RecordingInput.features(rec, p, kind, 1024, b -> {
                rows.addAll(java.util.Arrays.asList(b.features()));
                for (int s : b.segment()) {
                    trials.add(s);
                }
            });
            int n = rows.size();
            if (n == 0) {
                throw new UserException("--data " + data + ": " + RunCommand.num(rec.duration()) + " s of signal gives no"
                        + " window (the preset needs " + p.baselineSeconds() + " s of baseline first)");
            }
            int bands = rows.get(0).length / 81;
            org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.create(rows.toArray(float[][]::new))
                    .reshape(n, bands, 9, 9);
            org.nd4j.linalg.api.ndarray.INDArray labels = org.nd4j.linalg.factory.Nd4j.valueArrayOf(new long[] {n, 3},
                    Float.NaN, org.nd4j.linalg.api.buffer.DataType.FLOAT);
            String id = data.getFileName().toString();
            return new FeatureSet(x, labels, new int[n], trials.stream().mapToInt(Integer::intValue).toArray(),
                    java.util.List.of(id), p.name(), p.fingerprint(), kind, sha256(data));
        } catch (java.io.IOException e) {
            throw new UserException(data + ": " + e.getMessage());
        }
    }

    private static String sha256(Path file) throws java.io.IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) > 0; ) {
                d.update(buf, 0, k);
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shared with {@code run} and {@code predict}: validates the options and runs the cached pipeline with progress. */
    static FeatureSet extract(Path data, String presetName, String feature, Path cacheDir, int threads, java.io.PrintWriter out) {
        if (!Files.isDirectory(data)) {
            throw new UserException("--data " + data + " is not a directory; give the folder holding sXX.dat or sXX.mat files");
        }
        if (threads < 1) {
            throw new UserException("--threads must be at least 1, got " + threads);
        }
        return extract(org.evoke.eeg.deap.DeapDataset.open(data), Preset.byName(presetName), kind(feature), cacheDir, threads, out);
    }

    /** The cached pipeline over {@code dataset} with a progress bar and a one-line summary. */
    static FeatureSet extract(org.evoke.eeg.deap.DeapDataset dataset, Preset preset, FeatureKind kind, Path cacheDir, int threads,
                              java.io.PrintWriter out) {
        FeatureCache cache = cacheDir == null ? null : new FeatureCache(cacheDir);
        FeaturePipeline pipeline = new FeaturePipeline(preset, kind, cache, threads);
        try (Progress p = Progress.start("features", dataset.size(), out)) {
            int[] cached = {0};
            FeatureSet set = pipeline.run(dataset, (done, total, id, fromCache) -> {
                if (fromCache) {
                    cached[0]++;
                }
                p.step(done, id);
            });
            p.done(set.size() + " windows from " + dataset.size() + " subjects (" + cached[0] + " from cache), preset "
                    + preset.name() + ", " + kind);
            return set;
        }
    }

    static FeatureKind kind(String feature) {
        return switch (feature.toLowerCase(java.util.Locale.ROOT)) {
            case "de" -> FeatureKind.DE;
            case "psd" -> FeatureKind.PSD;
            case "raw" -> FeatureKind.RAW;
            default -> throw new UserException("--feature must be de, psd or raw, got '" + feature + "'");
        };
    }
}

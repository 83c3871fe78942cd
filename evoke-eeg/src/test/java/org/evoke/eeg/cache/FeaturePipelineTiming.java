package org.evoke.eeg.cache;

import org.evoke.eeg.deap.DeapDataset;
import org.evoke.eeg.deap.DeapReader;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.deap.DeapWriter;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.synth.SyntheticDeap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Timed main (not a unit test) for the speed goal of issue 3: one full-size DEAP subject (40 trials x 40 channels x
 * 8064 samples, 103 MB) from file to cached features. Writes a synthetic subject as {@code s01.dat} (or {@code .mat}
 * with argument {@code mat}) into a temporary directory, then runs the pipeline {@code reps} times, each with an
 * empty cache (cold: hash + read + filter + DE + cache write), and once more on the last cache (warm).
 *
 * <pre>
 *   mvn -B -q -o -pl evoke-eeg -am test-compile
 *   java -cp evoke-eeg/target/test-classes:evoke-eeg/target/classes:evoke-tensor/target/classes:$(cat cp.txt) \
 *        org.evoke.eeg.cache.FeaturePipelineTiming [dat|mat] [reps]
 * </pre>
 */
public final class FeaturePipelineTiming {
    private FeaturePipelineTiming() {
    }

    public static void main(String[] args) throws Exception {
        String format = args.length > 0 ? args[0] : "dat";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long i0 = System.nanoTime();
        org.nd4j.linalg.factory.Nd4j.zeros(1); // ND4J backend start-up, once per JVM, timed on its own
        System.out.printf("ND4J start-up: %.3f s%n", (System.nanoTime() - i0) / 1e9);
        Path dir = Files.createTempDirectory("evoke-timing");
        try {
            DeapSubject s = new SyntheticDeap(1).subject(0);
            Path file = dir.resolve("data").resolve("s01." + format);
            if (format.equals("mat")) {
                DeapWriter.writeMat(s, file);
            } else {
                DeapWriter.writeDat(s, file);
            }
            System.out.printf("subject file %s, %.1f MB, %d processors%n", file.getFileName(), Files.size(file) / 1e6,
                    Runtime.getRuntime().availableProcessors());
            Path cacheDir = null;
            for (int r = 0; r < reps; r++) {
                cacheDir = dir.resolve("cache" + r);
                FeaturePipeline p = new FeaturePipeline(Preset.TORCHEEG, FeatureKind.DE, new FeatureCache(cacheDir), 2);
                long t0 = System.nanoTime();
                FeatureSet set = p.run(DeapDataset.open(file.getParent()), (d, n, id, c) -> { });
                long t1 = System.nanoTime();
                System.out.printf("cold run %d: %.3f s (%d windows)%n", r + 1, (t1 - t0) / 1e9, set.size());
            }
            FeaturePipeline p = new FeaturePipeline(Preset.TORCHEEG, FeatureKind.DE, new FeatureCache(cacheDir), 2);
            long t0 = System.nanoTime();
            p.run(DeapDataset.open(file.getParent()), (d, n, id, c) -> { });
            System.out.printf("warm run (from cache): %.3f s%n", (System.nanoTime() - t0) / 1e9);

            // the parts, once more, each on its own
            long a = System.nanoTime();
            FeatureCache.hashFile(file);
            long b = System.nanoTime();
            DeapSubject read = DeapReader.read(file);
            long c = System.nanoTime();
            new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE).extract(read);
            long d = System.nanoTime();
            System.out.printf("parts: sha256 %.3f s, read %.3f s, features %.3f s%n", (b - a) / 1e9, (c - b) / 1e9,
                    (d - c) / 1e9);
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}

package org.evoke.eeg.features;

import org.evoke.eeg.deap.DeapSubject;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A timed main, not a unit test: one DEAP-shaped subject (40 trials x 40 channels x 8064 samples, seeded random
 * data) through {@link FeatureExtractor}, per preset and feature kind; prints min and median wall time.
 * Run: {@code java -cp <test classpath> org.evoke.eeg.features.FeatureExtractorTiming [runs]}.
 */
public final class FeatureExtractorTiming {
    private FeatureExtractorTiming() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        SplittableRandom rnd = new SplittableRandom(2024);
        double[] d = new double[40 * 40 * 8064];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextDouble(-50, 50);
        }
        double[] l = new double[40 * 4];
        for (int i = 0; i < l.length; i++) {
            l[i] = rnd.nextDouble(1, 9);
        }
        DeapSubject s = new DeapSubject("timing", Nd4j.create(d, new long[] {40, 40, 8064}, DataType.DOUBLE),
                Nd4j.create(l, new long[] {40, 4}, DataType.DOUBLE));
        System.out.printf("cores %d, subject 40 x 40 x 8064, %d timed runs after 2 warm-ups%n",
                Runtime.getRuntime().availableProcessors(), runs);
        for (Preset p : Preset.NAMED) {
            for (FeatureKind k : FeatureKind.values()) {
                if (k == FeatureKind.PSD && p != Preset.TORCHEEG) {
                    continue; // PSD ignores the filter settings; one preset suffices
                }
                FeatureExtractor fx = new FeatureExtractor(p, k);
                fx.extract(s);
                fx.extract(s);
                double[] ms = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    SubjectFeatures f = fx.extract(s);
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                    if (f.features().size(0) != 2400) {
                        throw new IllegalStateException("expected 2400 windows");
                    }
                }
                Arrays.sort(ms);
                System.out.printf("%-15s %-3s  min %7.1f ms  median %7.1f ms%n", p.name(), k, ms[0], ms[runs / 2]);
            }
        }
    }
}

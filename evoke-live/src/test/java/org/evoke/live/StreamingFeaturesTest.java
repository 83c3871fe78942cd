package org.evoke.live;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.synth.SyntheticDeap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingFeaturesTest {
    @org.junit.jupiter.api.Test
    void samplesBeyondOneVoltAreRefused() {
        StreamingFeatures f = new StreamingFeatures(org.evoke.eeg.features.Preset.TORCHEEG, org.evoke.eeg.features.FeatureKind.DE);
        float[][] x = new float[32][16];
        x[5][3] = 1e30f;
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> f.push(x));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("channel 5, sample 3 is 1.0E30 uV, beyond +-1000000 uV (1 V)"),
                e.getMessage());
    }

    static DeapSubject subject;   // one synthetic trial, its samples rounded to float32 (what a stream carries)
    static float[][] trial;       // (40, 8064)

    @BeforeAll
    static void synthesise() {
        DeapSubject s = new SyntheticDeap(17, 1).subject(0);
        INDArray rounded = s.data().castTo(DataType.FLOAT).castTo(DataType.DOUBLE); // (1, 40, 8064)
        subject = new DeapSubject(s.id(), rounded, s.labels());
        trial = trialOf(subject);
    }

    /** Trial 0 of a subject as channels x samples floats. */
    static float[][] trialOf(DeapSubject s) {
        int c = s.channels(), n = s.samples();
        double[] all = s.data().dup('c').data().asDouble();
        float[][] t = new float[c][n];
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < n; j++) {
                t[ch][j] = (float) all[ch * n + j];
            }
        }
        return t;
    }

    /** Streams {@code x} from sample {@code from} in random chunk sizes (0 included), collecting the windows. */
    static List<float[]> stream(StreamingFeatures f, float[][] x, int from, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        int n = x[0].length;
        for (int i = from; i < n; ) {
            int k = Math.min(n - i, r.nextInt(0, 300));
            float[][] chunk = new float[x.length][];
            for (int c = 0; c < x.length; c++) {
                chunk[c] = Arrays.copyOfRange(x[c], i, i + k);
            }
            out.addAll(f.push(chunk));
            i += k;
        }
        return out;
    }

    static void assertSameAsOffline(Preset preset, FeatureKind kind, List<float[]> streamed) {
        INDArray offline = new FeatureExtractor(preset, kind).extract(subject).features(); // (W, 4, 9, 9) float64
        float[] expected = offline.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int per = 4 * 81;
        assertEquals(offline.size(0), streamed.size(), "windows");
        for (int w = 0; w < streamed.size(); w++) {
            float[] got = streamed.get(w);
            for (int k = 0; k < per; k++) {
                assertEquals(expected[w * per + k], got[k], 0.0f, preset.name() + " " + kind + " window " + w + " element " + k);
            }
        }
    }

    @Test
    void torcheegDifferentialEntropyEqualsTheOfflineExtractor() {
        StreamingFeatures f = new StreamingFeatures(Preset.TORCHEEG, FeatureKind.DE);
        assertSameAsOffline(Preset.TORCHEEG, FeatureKind.DE, stream(f, trial, 0, 1));
        assertEquals(60, f.windows());
    }

    @Test
    void decnnWholeSegmentFilteringEqualsTheOfflineExtractor() {
        StreamingFeatures f = new StreamingFeatures(Preset.DECNN, FeatureKind.DE);
        assertSameAsOffline(Preset.DECNN, FeatureKind.DE, stream(f, trial, 0, 2));
    }

    @Test
    void bandPowerAndOverlappingWindowsEqualTheOfflineExtractor() {
        StreamingFeatures f = new StreamingFeatures(Preset.TORCHEEG, FeatureKind.PSD);
        assertSameAsOffline(Preset.TORCHEEG, FeatureKind.PSD, stream(f, trial, 0, 3));
        Preset overlap = Preset.TORCHEEG.withWindow(256, 192);
        StreamingFeatures g = new StreamingFeatures(overlap, FeatureKind.DE);
        assertSameAsOffline(overlap, FeatureKind.DE, stream(g, trial, 0, 4));
    }

    @Test
    void aSuppliedBaselineGivesTheSameWindowsAsOneAtTheStreamsStart() {
        StreamingFeatures f = new StreamingFeatures(Preset.TORCHEEG, FeatureKind.DE);
        float[][] baseline = new float[40][];
        for (int c = 0; c < 40; c++) {
            baseline[c] = Arrays.copyOf(trial[c], 384);
        }
        f.supplyBaseline(baseline);
        assertTrue(f.baselineReady());
        assertSameAsOffline(Preset.TORCHEEG, FeatureKind.DE, stream(f, trial, 384, 5));
        assertThrows(IllegalStateException.class, () -> f.supplyBaseline(baseline));
    }

    @Test
    void badChunksAreRejectedWithTheReason() {
        StreamingFeatures f = new StreamingFeatures(Preset.TORCHEEG, FeatureKind.DE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.push(new float[31][10]));
        assertEquals("samples: expected at least 32 channels (EEG in DEAP's order) x samples, got 31 channels", e.getMessage());
        float[][] ragged = new float[32][10];
        ragged[5] = new float[9];
        e = assertThrows(IllegalArgumentException.class, () -> f.push(ragged));
        assertTrue(e.getMessage().startsWith("samples: channel 5 has 9 samples, channel 0 has 10"), e.getMessage());
        float[][] nan = new float[32][10];
        nan[3][7] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> f.push(nan));
        assertEquals("samples: channel 3, sample 7 is NaN; expected finite EEG values", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StreamingFeatures(Preset.TORCHEEG, FeatureKind.DE)
                .supplyBaseline(new float[32][100]));
        assertTrue(e.getMessage().contains("expects 384"), e.getMessage());
    }
}

package org.evoke.bench;

import org.evoke.tensor.blas.BlasCore;
import org.evoke.live.EmotionRecognizer;
import org.evoke.live.Recognition;
import org.evoke.live.StreamingFeatures;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the live recogniser per 1 s window (docs/design.md, section 11: it must run a window in well under the
 * window's own length, 1 s): one {@code push} of 128 new samples x 40 channels, which completes exactly one window
 * (DE features of 4 bands x 32 channels, student forward at batch 1, emotion, smoothed expression). The baseline
 * benchmark {@code featuresOnly} is the same push into the feature stage alone. Run:
 * <pre>java -jar benchmarks/target/benchmarks.jar RecognizerBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class RecognizerBenchmark {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    private static final int SECOND = 128, BASELINE = 384, WINDOWS = 60;

    private EmotionRecognizer recognizer;
    private StreamingFeatures features;
    private float[][][] chunks; // (60, 40, 128): the stimulus seconds of one synthetic trial
    private int next, nextFeatures;

    @Setup
    public void setup() {
        DeapSubject s = new SyntheticDeap(42, 1).subject(0);
        DeapSubject rounded = new DeapSubject(s.id(), s.data().castTo(DataType.FLOAT).castTo(DataType.DOUBLE), s.labels());
        double[] all = rounded.data().dup('c').data().asDouble(); // (1, 40, 8064)
        int c = rounded.channels(), n = rounded.samples();
        float[][] baseline = new float[c][BASELINE];
        chunks = new float[WINDOWS][c][SECOND];
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < n; j++) {
                float v = (float) all[ch * n + j];
                if (j < BASELINE) {
                    baseline[ch][j] = v;
                } else {
                    chunks[(j - BASELINE) / SECOND][ch][(j - BASELINE) % SECOND] = v;
                }
            }
        }
        recognizer = new EmotionRecognizer(Models.evokeStudent(42), Preset.TORCHEEG);
        recognizer.supplyBaseline(baseline);
        features = new StreamingFeatures(Preset.TORCHEEG, FeatureKind.DE);
        features.supplyBaseline(baseline);
        // the streamed features must equal the offline extractor's before anything is timed
        float[] offline = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE).extract(rounded).features()
                .castTo(DataType.FLOAT).dup('c').data().asFloat();
        StreamingFeatures check = new StreamingFeatures(Preset.TORCHEEG, FeatureKind.DE);
        check.supplyBaseline(baseline);
        for (int w = 0; w < WINDOWS; w++) {
            float[] f = check.push(chunks[w]).get(0);
            for (int k = 0; k < f.length; k++) {
                if (f[k] != offline[w * f.length + k]) {
                    throw new IllegalStateException("streamed features differ from the offline extractor at window " + w);
                }
            }
        }
    }

    @Benchmark
    public List<Recognition> window() {
        List<Recognition> r = recognizer.push(chunks[next]);
        next = (next + 1) % WINDOWS;
        return r;
    }

    @Benchmark
    public List<float[]> featuresOnly() {
        List<float[]> r = features.push(chunks[nextFeatures]);
        nextFeatures = (nextFeatures + 1) % WINDOWS;
        return r;
    }
}

package org.evoke.live;

import org.evoke.distill.TemperatureSigmoid;
import org.evoke.tensor.blas.BlasCore;
import org.evoke.eeg.avatar.ExpressionLibrary;
import org.evoke.eeg.avatar.ExpressionSmoother;
import org.evoke.eeg.emotion.Emotion;
import org.evoke.eeg.emotion.EmotionTable;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real-time emotion recognition from a raw EEG stream (docs/design.md, section 11): a trained student, the feature preset
 * it was trained with, the emotion table and the avatar expressions.
 *
 * <pre>
 * EmotionRecognizer r = EmotionRecognizer.open(Path.of("student.safetensors"));  // model, preset, feature: its metadata
 * while (streaming) {
 *     for (Recognition x : r.push(chunk)) {          // chunk: float[channels][samples], channels &gt;= 32
 *         avatar.apply(x.expression().blendshapeMap());
 *     }
 * }
 * </pre>
 *
 * <p><b>Input.</b> Raw EEG in microvolts at the preset's sampling rate (DEAP: 128 Hz), channels x samples, the first
 * 32 channels in DEAP's Geneva order (further channels are ignored), in chunks of any size. <b>Baseline.</b> By
 * default the first {@code baselineSeconds} of the stream (DEAP: 3 s, 384 samples) are the resting baseline, as in
 * DEAP's trials: nothing is emitted until it is complete. A baseline recorded beforehand can be given with
 * {@link #supplyBaseline} before the first push; the stream then starts with the first window. <b>Output.</b> Each
 * push returns the windows its samples completed (possibly none, possibly several), each with the student's label
 * probabilities, the labels, the emotion, and the smoothed avatar expression. The features of every window are
 * exactly those the offline {@code FeatureExtractor} computes for a trial with the same samples.
 *
 * <p>Per window: the features (4 bands x 32 channels filtered and reduced), one student forward at batch 1 into a
 * reused input buffer, the emotion lookup and one smoother step. Not thread-safe: one recogniser per stream.
 */
public final class EmotionRecognizer {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    private final Model student;
    private final StreamingFeatures features;
    private final EmotionTable emotions;
    private final ExpressionLibrary expressions;
    private final ExpressionSmoother smoother;
    private final double stepSeconds;
    private final double windowSeconds;
    private final INDArray input; // (1, B, 9, 9) reused model input

    /**
     * From trained weights, everything else from their metadata: the model ({@code Models.load}), the feature preset
     * ({@code preset}, torcheeg's when absent) and the feature kind ({@code feature}: DE when absent, or PSD), as
     * {@code evoke run} writes them.
     *
     * @throws IllegalArgumentException with one line when the file cannot be used for live recognition
     */
    public static EmotionRecognizer open(Path weights) {
        if (!java.nio.file.Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(weights + " is not a file; expected model weights (.safetensors) written by"
                    + " evoke or PyTorch");
        }
        org.evoke.tensor.io.SafeTensors.Contents c = org.evoke.tensor.io.SafeTensors.read(weights);
        Preset preset;
        FeatureKind kind;
        try {
            preset = Preset.byName(c.metadata().getOrDefault("preset", Preset.TORCHEEG.name()));
            kind = FeatureKind.valueOf(c.metadata().getOrDefault("feature", "DE").trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(weights + ": " + e.getMessage());
        }
        if (!kind.onGrid()) {
            throw new IllegalArgumentException(weights + " was trained on " + kind + " windows; live recognition computes"
                    + " band features on the grid (DE or PSD)");
        }
        Model m = Models.load(c.metadata(), c.tensors(), weights.toString());
        return new EmotionRecognizer(m, preset, kind, EmotionTable.defaultTable(), ExpressionLibrary.defaultLibrary(),
                new ExpressionSmoother());
    }

    /**
     * From trained weights (the architecture their metadata names, {@code Models.load}) and the preset they were
     * trained with, on DE features; {@link #open(Path)} reads the preset and the feature from the file as well.
     */
    public EmotionRecognizer(Path studentWeights, Preset preset) {
        this(Models.load(studentWeights), preset);
    }

    /** From a trained model and its feature preset: DE features, the default emotion table and expressions. */
    public EmotionRecognizer(Model student, Preset preset) {
        this(student, preset, FeatureKind.DE, EmotionTable.defaultTable(), ExpressionLibrary.defaultLibrary(),
                new ExpressionSmoother());
    }

    /** Every part chosen by the caller. */
    public EmotionRecognizer(Model student, Preset preset, FeatureKind kind, EmotionTable emotions,
                             ExpressionLibrary expressions, ExpressionSmoother smoother) {
        long[] shape = student.inputShape();
        if (shape.length != 3 || shape[0] != preset.bands().size() || shape[1] != 9 || shape[2] != 9) {
            throw new IllegalArgumentException("model " + student.name() + " takes " + java.util.Arrays.toString(shape)
                    + " per sample; preset " + preset.name() + " gives (" + preset.bands().size() + ", 9, 9)");
        }
        if (student.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("model " + student.name() + " is " + student.dataType() + "; the recogniser runs float32");
        }
        expressions.requireCovers(emotions);
        this.student = student;
        this.features = new StreamingFeatures(preset, kind);
        this.emotions = emotions;
        this.expressions = expressions;
        this.smoother = smoother;
        this.stepSeconds = (double) preset.stepSamples() / preset.samplingRate();
        this.windowSeconds = (double) preset.windowSamples() / preset.samplingRate();
        this.input = Nd4j.create(student.dataType(), 1, shape[0], 9, 9);
    }

    /**
     * Supplies the resting baseline ({@code channels x baselineSamples}, DEAP: 32+ x 384) instead of taking it from
     * the start of the stream; only before the first push.
     */
    public void supplyBaseline(float[][] baseline) {
        features.supplyBaseline(baseline);
    }

    /** Whether the baseline is complete, so that windows are being recognised. */
    public boolean baselineReady() {
        return features.baselineReady();
    }

    /**
     * Appends raw EEG ({@code channels x samples}, channels &gt;= 32, any number of samples) and returns a result for
     * every window these samples completed, in order.
     *
     * @throws IllegalArgumentException for fewer than 32 channels, ragged channels, or non-finite samples
     */
    public List<Recognition> push(float[][] samples) {
        long first = features.windows();
        List<float[]> windows = features.push(samples);
        List<Recognition> out = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            out.add(recognise(first + i, windows.get(i)));
        }
        return out;
    }

    /** The model's probabilities for one window's features (B * 81 floats), through the reused input buffer. */
    private Recognition recognise(long w, float[] f) {
        FloatBuffer in = input.data().asNioFloat();
        in.put(0, f);
        INDArray v = student.forward(input); // (1, 3), the model's buffer
        double[] p = new double[3];
        boolean[] labels = new boolean[3];
        for (int j = 0; j < 3; j++) {
            if (!Double.isFinite(v.getDouble(0, j))) {
                throw new IllegalArgumentException("window " + w + ": the model's output is " + v.getDouble(0, j)
                        + ": its weights overflow float32 on this EEG (weights of another scale, or a damaged file)");
            }
            p[j] = TemperatureSigmoid.sigmoid(v.getDouble(0, j));
            labels[j] = p[j] >= 0.5;
        }
        Emotion e = emotions.of(labels[0], labels[1], labels[2]);
        double start = features.windowStartSeconds(w);
        return new Recognition(w, start, start + windowSeconds, p, labels, e,
                smoother.update(expressions.get(e), w == 0 ? 0.0 : stepSeconds));
    }

    /** Windows recognised so far. */
    public long windows() {
        return features.windows();
    }

    public Model model() {
        return student;
    }
}

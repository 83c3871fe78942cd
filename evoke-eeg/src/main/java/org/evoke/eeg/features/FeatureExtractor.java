package org.evoke.eeg.features;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.labels.LabelBinarizer;
import org.evoke.eeg.signal.Butterworth;
import org.evoke.eeg.signal.LinearFilter;
import org.jtransforms.fft.DoubleFFT_1D;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Turns a DEAP subject into windows of band features on the 9x9 grid, as the {@link Preset} says
 * (docs/design.md, section 8). For every trial, for each of the 32 EEG channels (the first 32 of DEAP's 40):
 * <ol>
 *   <li>the baseline: the first {@code baselineSeconds} seconds; with the torcheeg rule averaged sample by sample
 *       over the seconds into one 1 s signal, with the decnn rule cut into 1 s windows;</li>
 *   <li>the windows: from the end of the baseline, {@code windowSamples} long, every {@code step} samples;</li>
 *   <li>per band, DE of the Butterworth-filtered window ({@link DifferentialEntropy}) or the band power
 *       ({@link BandPowerSpectralDensity}, no filter);</li>
 *   <li>window features minus baseline features, scattered on the grid ({@link ElectrodeGrid}).</li>
 * </ol>
 * With {@link FeatureKind#RAW} each window is kept as it is, per channel z-scored ({@link RawWindows}): (32, L).
 * Legend: T trials, C channels in the file (>= 32), S samples per trial, W windows per trial, B bands, L window
 * length.
 * <p>
 * Thread-safe: the filters and the PSD plan are immutable; each trial is processed by one task with its own
 * scratch, and trials run in parallel on the common fork-join pool. One instance serves many subjects at once.
 */
public final class FeatureExtractor {
    private static final int EEG_CHANNELS = ElectrodeGrid.CHANNELS;
    private static final int CELLS = ElectrodeGrid.SIZE * ElectrodeGrid.SIZE;

    private final Preset preset;
    private final FeatureKind kind;
    private final LinearFilter[] filters; // (B,), DE only
    private final BandPowerSpectralDensity windowPsd; // PSD of an L-sample window, PSD only
    private final BandPowerSpectralDensity secondPsd; // PSD of a 1 s baseline signal, PSD only
    private final LabelBinarizer labels;

    public FeatureExtractor(Preset preset, FeatureKind kind) {
        this.preset = preset;
        this.kind = kind;
        this.labels = preset.labelBinarizer();
        int nb = preset.bands().size();
        if (kind == FeatureKind.DE) {
            filters = new LinearFilter[nb];
            for (int b = 0; b < nb; b++) {
                Band band = preset.bands().get(b);
                filters[b] = new LinearFilter(Butterworth.bandpass(preset.filterOrder(), band.lowHz(), band.highHz(),
                        preset.samplingRate()));
            }
            windowPsd = null;
            secondPsd = null;
        } else if (kind == FeatureKind.RAW) {
            filters = null;
            windowPsd = null;
            secondPsd = null;
        } else {
            filters = null;
            windowPsd = new BandPowerSpectralDensity(preset.windowSamples(), preset.fftSize(), preset.samplingRate(), preset.bands());
            secondPsd = new BandPowerSpectralDensity(preset.samplingRate(), preset.fftSize(), preset.samplingRate(), preset.bands());
        }
    }

    public Preset preset() {
        return preset;
    }

    public FeatureKind kind() {
        return kind;
    }

    /**
     * The features of every window of every trial, trial-major.
     *
     * @return features (T*W, B, 9, 9) (raw windows: (T*W, 32, L)), labels (T*W, 3), the trial of each window
     */
    public SubjectFeatures extract(DeapSubject subject) {
        int trials = subject.trials(), channels = subject.channels(), samples = subject.samples();
        if (channels < EEG_CHANNELS) {
            throw new IllegalArgumentException("subject " + subject.id() + ": has " + channels
                    + " channels; DEAP features need the 32 EEG channels first (40 in DEAP's files)");
        }
        int windows = preset.windowsPerTrial(samples);
        if (windows < 1) {
            throw new IllegalArgumentException("subject " + subject.id() + ": trials of " + samples
                    + " samples are too short for preset " + preset.name() + ": it needs at least "
                    + (preset.baselineSamples() + preset.windowSamples()) + " (" + preset.baselineSeconds()
                    + " s baseline + one " + preset.windowSamples() + "-sample window); DEAP has 8064");
        }
        INDArray data = subject.data();
        if (data.ordering() != 'c' || data.offset() != 0 || !Shape.hasDefaultStridesForShape(data)
                || data.data().length() < data.length()) {
            data = data.dup('c');
        }
        DoubleBuffer raw = data.data().asNioDouble(); // (T, C, S) c-order, read with absolute gets only
        INDArray trialLabels = labels.binarize(subject.labels()); // (T, 3)
        double[] labelRows = trialLabels.dup('c').data().asDouble();

        int nb = preset.bands().size();
        int len = preset.windowSamples();
        int windowSize = kind == FeatureKind.RAW ? EEG_CHANNELS * len : nb * CELLS;
        double[] out = new double[trials * windows * windowSize]; // (T*W, B, 9, 9) or (T*W, 32, L)
        String id = subject.id();
        if (kind == FeatureKind.RAW) {
            IntStream.range(0, trials).parallel().forEach(t -> rawTrial(id, raw, t, channels, samples, windows, out));
        } else {
            IntStream.range(0, trials).parallel().forEach(t -> new TrialWork(samples, windows).run(id, raw, t, channels, out));
        }

        double[] lab = new double[trials * windows * LabelBinarizer.LABELS]; // (T*W, 3)
        int[] trialOf = new int[trials * windows];
        for (int t = 0; t < trials; t++) {
            for (int w = 0; w < windows; w++) {
                int row = t * windows + w;
                trialOf[row] = t;
                System.arraycopy(labelRows, t * LabelBinarizer.LABELS, lab, row * LabelBinarizer.LABELS, LabelBinarizer.LABELS);
            }
        }
        long[] shape = kind == FeatureKind.RAW ? new long[] {(long) trials * windows, EEG_CHANNELS, len}
                : new long[] {(long) trials * windows, nb, ElectrodeGrid.SIZE, ElectrodeGrid.SIZE};
        INDArray features = Nd4j.create(out, shape, DataType.DOUBLE);
        INDArray labelArray = Nd4j.create(lab, new long[] {(long) trials * windows, LabelBinarizer.LABELS}, DataType.DOUBLE);
        return new SubjectFeatures(features, labelArray, trialOf);
    }

    /** Trial t's windows, each channel z-scored ({@link RawWindows}), into out (T*W, 32, L). */
    private void rawTrial(String id, DoubleBuffer raw, int t, int channels, int samples, int windows, double[] out) {
        int base = preset.baselineSamples(), len = preset.windowSamples(), step = preset.stepSamples();
        double[] signal = new double[samples];
        for (int c = 0; c < EEG_CHANNELS; c++) {
            raw.get((t * channels + c) * samples, signal, 0, samples);
            requireFinite(id, t, c, signal);
            for (int w = 0; w < windows; w++) {
                RawWindows.zscore(signal, base + w * step, len, out, ((t * windows + w) * EEG_CHANNELS + c) * len);
            }
        }
    }

    private static void requireFinite(String id, int t, int c, double[] signal) {
        for (int i = 0; i < signal.length; i++) {
            if (!Double.isFinite(signal[i])) {
                throw new IllegalArgumentException("subject " + id + ": trial " + t + ", channel " + c + ", sample "
                        + i + " is " + signal[i] + "; expected finite EEG values");
            }
        }
    }

    /** The scratch of one trial's task. */
    private final class TrialWork {
        private final int samples, windows, nb;
        private final double[] signal; // (S,) one channel's raw trial
        private final double[] filtered; // (max(S, L),) filter output
        private final double[] state; // (filter order * 2,) filter state
        private final double[] averaged; // (fs,) the averaged baseline second
        private final double[] windowFeatures; // (W, 32, B)
        private final double[] baselineFeatures; // (32, B)
        private final double[] fftScratch;
        private final DoubleFFT_1D fft;

        TrialWork(int samples, int windows) {
            this.samples = samples;
            this.windows = windows;
            this.nb = preset.bands().size();
            this.signal = new double[samples];
            this.filtered = new double[Math.max(samples, preset.windowSamples())];
            this.state = new double[kind == FeatureKind.DE ? filters[0].length() : 1];
            this.averaged = new double[preset.samplingRate()];
            this.windowFeatures = new double[windows * EEG_CHANNELS * nb];
            this.baselineFeatures = new double[EEG_CHANNELS * nb];
            this.fftScratch = kind == FeatureKind.PSD ? new double[Math.max(windowPsd.scratchSize(), secondPsd.scratchSize())] : null;
            this.fft = kind == FeatureKind.PSD ? windowPsd.newFft() : null;
        }

        void run(String id, DoubleBuffer raw, int t, int channels, double[] out) {
            int base = preset.baselineSamples(), len = preset.windowSamples(), step = preset.stepSamples();
            boolean removeBaseline = preset.baseline() != Preset.Baseline.NONE
                    && (kind == FeatureKind.DE || preset.psdBaseline());
            for (int c = 0; c < EEG_CHANNELS; c++) {
                raw.get((t * channels + c) * samples, signal, 0, samples);
                requireFinite(id, t, c, signal);
                if (kind == FeatureKind.DE) {
                    for (int b = 0; b < nb; b++) {
                        deWindows(c, b, base, len, step);
                        if (removeBaseline) {
                            baselineFeatures[c * nb + b] = deBaseline(b, base);
                        }
                    }
                } else {
                    for (int w = 0; w < windows; w++) {
                        windowPsd.compute(signal, base + w * step, windowFeatures, (w * EEG_CHANNELS + c) * nb, 1, fftScratch, fft);
                    }
                    if (removeBaseline) {
                        psdBaseline(c);
                    }
                }
            }
            double[] cell = new double[EEG_CHANNELS * nb];
            for (int w = 0; w < windows; w++) {
                int from = w * EEG_CHANNELS * nb;
                for (int i = 0; i < cell.length; i++) {
                    cell[i] = windowFeatures[from + i] - (removeBaseline ? baselineFeatures[i] : 0.0);
                }
                ElectrodeGrid.toGrid(cell, nb, out, (t * windows + w) * nb * CELLS);
            }
        }

        /** DE of every window of band b into windowFeatures (W, 32, B). */
        private void deWindows(int c, int b, int base, int len, int step) {
            LinearFilter f = filters[b];
            if (preset.filtering() == Preset.Filtering.WHOLE_SEGMENT) {
                f.apply(signal, base, filtered, 0, samples - base, state);
                for (int w = 0; w < windows; w++) {
                    windowFeatures[(w * EEG_CHANNELS + c) * nb + b] = de(filtered, w * step, len);
                }
            } else {
                for (int w = 0; w < windows; w++) {
                    f.apply(signal, base + w * step, filtered, 0, len, state);
                    windowFeatures[(w * EEG_CHANNELS + c) * nb + b] = de(filtered, 0, len);
                }
            }
        }

        /** DE of the baseline for band b, as the baseline rule says. */
        private double deBaseline(int b, int base) {
            LinearFilter f = filters[b];
            int second = preset.samplingRate(), seconds = preset.baselineSeconds();
            if (preset.baseline() == Preset.Baseline.AVERAGED_SIGNAL) {
                averageBaseline();
                f.apply(averaged, 0, filtered, 0, second, state);
                return de(filtered, 0, second);
            }
            // MEAN_OF_WINDOW_FEATURES
            double sum = 0;
            if (preset.filtering() == Preset.Filtering.WHOLE_SEGMENT) {
                f.apply(signal, 0, filtered, 0, base, state);
                for (int s = 0; s < seconds; s++) {
                    sum += de(filtered, s * second, second);
                }
            } else {
                for (int s = 0; s < seconds; s++) {
                    f.apply(signal, s * second, filtered, 0, second, state);
                    sum += de(filtered, 0, second);
                }
            }
            return sum / seconds;
        }

        private void psdBaseline(int c) {
            int second = preset.samplingRate(), seconds = preset.baselineSeconds();
            if (preset.baseline() == Preset.Baseline.AVERAGED_SIGNAL) {
                averageBaseline();
                secondPsd.compute(averaged, 0, baselineFeatures, c * nb, 1, fftScratch, fft); // both PSD plans share the FFT size
                return;
            }
            double[] one = new double[nb];
            Arrays.fill(baselineFeatures, c * nb, c * nb + nb, 0.0);
            for (int s = 0; s < seconds; s++) {
                secondPsd.compute(signal, s * second, one, 0, 1, fftScratch, fft); // both PSD plans share the FFT size
                for (int b = 0; b < nb; b++) {
                    baselineFeatures[c * nb + b] += one[b];
                }
            }
            for (int b = 0; b < nb; b++) {
                baselineFeatures[c * nb + b] /= seconds;
            }
        }

        /** averaged[i] = mean over the baseline seconds s of signal[s*fs + i] (torcheeg: reshape (3, 128), mean). */
        private void averageBaseline() {
            int second = preset.samplingRate(), seconds = preset.baselineSeconds();
            for (int i = 0; i < second; i++) {
                double sum = 0;
                for (int s = 0; s < seconds; s++) {
                    sum += signal[s * second + i];
                }
                averaged[i] = sum / seconds;
            }
        }

        private double de(double[] x, int off, int n) {
            return DifferentialEntropy.of(x, off, n, preset.varianceDdof(), preset.logBase(), preset.deWithStd());
        }
    }
}

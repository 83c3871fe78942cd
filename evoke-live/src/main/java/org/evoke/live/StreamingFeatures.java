package org.evoke.live;

import org.evoke.eeg.features.BandPowerSpectralDensity;
import org.evoke.eeg.features.DifferentialEntropy;
import org.evoke.eeg.features.ElectrodeGrid;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.signal.Butterworth;
import org.evoke.eeg.signal.LinearFilter;
import org.jtransforms.fft.DoubleFFT_1D;

import java.util.ArrayList;
import java.util.List;

/**
 * Band features of a raw EEG stream, window by window, equal to what {@code FeatureExtractor} computes offline for a
 * trial with the same samples (same preset, same feature kind, same arithmetic in the same order).
 *
 * <p>The stream: channels x samples at the preset's sampling rate, the first 32 channels EEG in DEAP's order (more
 * channels are accepted and ignored). Its first {@code baselineSeconds} seconds (DEAP: 3 s) are the baseline,
 * unless a baseline was supplied with {@link #supplyBaseline} before the first push, in which case the stream starts
 * directly with the stimulus. Windows follow the preset: {@code windowSamples} long, every {@code step} samples,
 * counted from the end of the baseline. The baseline is removed as the preset says.
 *
 * <p>Legend: C = 32 EEG channels, B bands, L window length, S step. Memory is bounded: samples before the next
 * window's start are dropped. Not thread-safe: one instance per stream.
 */
public final class StreamingFeatures {
    private static final int CH = ElectrodeGrid.CHANNELS;
    private static final int CELLS = ElectrodeGrid.SIZE * ElectrodeGrid.SIZE;

    private final Preset preset;
    private final FeatureKind kind;
    private final int nb, fs, len, step, base, seconds;
    private final boolean removeBaseline;
    private final LinearFilter[] filters;         // (B,) DE
    private final BandPowerSpectralDensity windowPsd, secondPsd;
    private final DoubleFFT_1D fft;
    private final double[] fftScratch;

    private final double[][] baselineSignal;      // (C, base) the baseline as received
    private int baselineFill;
    private double[] baselineFeatures;            // (C * B), null until the baseline is complete
    private double[][] raw;                       // (C, capacity) stimulus samples from index rawStart
    private double[][][] filtered;                // (C, B, capacity) whole-segment filter output, decnn only
    private final double[][][] zi;                // (C, B, M-1) whole-segment filter states
    private long rawStart;                        // stimulus index of raw[.][0]
    private long received;                        // stimulus samples received
    private long nextWindow;                      // the next window's number

    private final double[] scratch;               // (max(L, base, fs),) filter output
    private final double[] state;                 // (M-1,) per-window filter state
    private final double[] averaged;              // (fs,) the averaged baseline second
    private final double[] windowFeatures;        // (C * B)
    private final double[] cell;                  // (C * B)
    private final double[] grid;                  // (B, 9, 9)

    public StreamingFeatures(Preset preset, FeatureKind kind) {
        if (!kind.onGrid()) {
            throw new IllegalArgumentException("live recognition computes DE or PSD features on the grid, got " + kind
                    + "; raw windows (Arjun ViT's input) are offline only");
        }
        this.preset = preset;
        this.kind = kind;
        this.nb = preset.bands().size();
        this.fs = preset.samplingRate();
        this.len = preset.windowSamples();
        this.step = preset.stepSamples();
        this.base = preset.baselineSamples();
        this.seconds = preset.baselineSeconds();
        this.removeBaseline = preset.baseline() != Preset.Baseline.NONE && (kind == FeatureKind.DE || preset.psdBaseline());
        int m = 1;
        if (kind == FeatureKind.DE) {
            filters = new LinearFilter[nb];
            for (int b = 0; b < nb; b++) {
                Butterworth.Coefficients c = Butterworth.bandpass(preset.filterOrder(), preset.bands().get(b).lowHz(),
                        preset.bands().get(b).highHz(), fs);
                filters[b] = new LinearFilter(c);
                m = filters[b].length();
            }
            windowPsd = secondPsd = null;
            fft = null;
            fftScratch = null;
        } else {
            filters = null;
            windowPsd = new BandPowerSpectralDensity(len, preset.fftSize(), fs, preset.bands());
            secondPsd = new BandPowerSpectralDensity(fs, preset.fftSize(), fs, preset.bands());
            fft = windowPsd.newFft();
            fftScratch = new double[Math.max(windowPsd.scratchSize(), secondPsd.scratchSize())];
        }
        this.baselineSignal = new double[CH][base];
        this.zi = new double[CH][nb][Math.max(1, m - 1)];
        this.scratch = new double[Math.max(Math.max(len, base), fs)];
        this.state = new double[Math.max(1, m - 1)];
        this.averaged = new double[fs];
        this.windowFeatures = new double[CH * nb];
        this.cell = new double[CH * nb];
        this.grid = new double[nb * CELLS];
        int cap = 2 * len + step;
        this.raw = new double[CH][cap];
        this.filtered = wholeSegment() ? new double[CH][nb][cap] : null;
        if (base == 0) {
            completeBaseline();
        }
    }

    public Preset preset() {
        return preset;
    }

    public FeatureKind kind() {
        return kind;
    }

    /** Number of bands B (the feature planes of a window). */
    public int bands() {
        return nb;
    }

    /** Whether the baseline is complete (windows are produced from then on). */
    public boolean baselineReady() {
        return baselineFeatures != null;
    }

    /** Windows produced so far. */
    public long windows() {
        return nextWindow;
    }

    /** Seconds from the start of the stimulus part of the stream to the start of window {@code w}. */
    public double windowStartSeconds(long w) {
        return (double) w * step / fs;
    }

    /**
     * Supplies the baseline instead of taking it from the start of the stream: {@code channels x baselineSamples}
     * (the preset's baseline, DEAP: 3 s = 384 samples), before the first push.
     */
    public void supplyBaseline(float[][] baseline) {
        if (baselineFill > 0 || received > 0 || (baselineFeatures != null && base > 0)) {
            throw new IllegalStateException("supplyBaseline must come before the first push");
        }
        checkChunk(baseline, "baseline");
        if (baseline[0].length != base) {
            throw new IllegalArgumentException("baseline has " + baseline[0].length + " samples per channel; preset "
                    + preset.name() + " expects " + base + " (" + seconds + " s at " + fs + " Hz)");
        }
        append(baseline);
    }

    /**
     * Appends {@code samples} (channels x n, any n &gt;= 0) and returns the features of every window completed by
     * them, in order, each (B, 9, 9) row-major as float32, as the offline extractor would give them.
     */
    public List<float[]> push(float[][] samples) {
        checkChunk(samples, "samples");
        return append(samples);
    }

    private List<float[]> append(float[][] x) {
        int n = x[0].length;
        int i = 0;
        if (baselineFeatures == null) {
            int k = Math.min(n, base - baselineFill);
            for (int c = 0; c < CH; c++) {
                for (int j = 0; j < k; j++) {
                    baselineSignal[c][baselineFill + j] = x[c][j];
                }
            }
            baselineFill += k;
            i = k;
            if (baselineFill == base) {
                completeBaseline();
            }
        }
        List<float[]> out = new ArrayList<>();
        if (i == n) {
            return out;
        }
        int add = n - i;
        ensureCapacity(add);
        int at = (int) (received - rawStart);
        for (int c = 0; c < CH; c++) {
            double[] r = raw[c];
            for (int j = 0; j < add; j++) {
                r[at + j] = x[c][i + j];
            }
            if (filtered != null) {
                for (int b = 0; b < nb; b++) {
                    filters[b].resume(r, at, filtered[c][b], at, add, zi[c][b]); // the state carries over between pushes
                }
            }
        }
        received += add;
        while (nextWindow * step + len <= received) {
            out.add(window((int) (nextWindow * step - rawStart)));
            nextWindow++;
        }
        return out;
    }

    /** The features of the window starting at buffer offset {@code off}. */
    private float[] window(int off) {
        for (int c = 0; c < CH; c++) {
            if (kind == FeatureKind.DE) {
                for (int b = 0; b < nb; b++) {
                    if (filtered != null) {
                        windowFeatures[c * nb + b] = de(filtered[c][b], off, len);
                    } else {
                        filters[b].apply(raw[c], off, scratch, 0, len, state);
                        windowFeatures[c * nb + b] = de(scratch, 0, len);
                    }
                }
            } else {
                windowPsd.compute(raw[c], off, windowFeatures, c * nb, 1, fftScratch, fft);
            }
        }
        for (int k = 0; k < cell.length; k++) {
            cell[k] = windowFeatures[k] - (removeBaseline ? baselineFeatures[k] : 0.0);
        }
        ElectrodeGrid.toGrid(cell, nb, grid, 0);
        float[] f = new float[grid.length];
        for (int k = 0; k < grid.length; k++) {
            f[k] = (float) grid[k];
        }
        return f;
    }

    /** The baseline's features, per channel and band, by the preset's rule (as the offline extractor). */
    private void completeBaseline() {
        double[] bf = new double[CH * nb];
        if (removeBaseline) {
            for (int c = 0; c < CH; c++) {
                double[] signal = baselineSignal[c];
                if (kind == FeatureKind.DE) {
                    for (int b = 0; b < nb; b++) {
                        bf[c * nb + b] = deBaseline(signal, b);
                    }
                } else {
                    psdBaseline(signal, bf, c);
                }
            }
        }
        baselineFeatures = bf;
    }

    private double deBaseline(double[] signal, int b) {
        LinearFilter f = filters[b];
        if (preset.baseline() == Preset.Baseline.AVERAGED_SIGNAL) {
            average(signal);
            f.apply(averaged, 0, scratch, 0, fs, state);
            return de(scratch, 0, fs);
        }
        double sum = 0;
        if (wholeSegment()) {
            f.apply(signal, 0, scratch, 0, base, state);
            for (int s = 0; s < seconds; s++) {
                sum += de(scratch, s * fs, fs);
            }
        } else {
            for (int s = 0; s < seconds; s++) {
                f.apply(signal, s * fs, scratch, 0, fs, state);
                sum += de(scratch, 0, fs);
            }
        }
        return sum / seconds;
    }

    private void psdBaseline(double[] signal, double[] bf, int c) {
        if (preset.baseline() == Preset.Baseline.AVERAGED_SIGNAL) {
            average(signal);
            secondPsd.compute(averaged, 0, bf, c * nb, 1, fftScratch, fft);
            return;
        }
        double[] one = new double[nb];
        for (int s = 0; s < seconds; s++) {
            secondPsd.compute(signal, s * fs, one, 0, 1, fftScratch, fft);
            for (int b = 0; b < nb; b++) {
                bf[c * nb + b] += one[b];
            }
        }
        for (int b = 0; b < nb; b++) {
            bf[c * nb + b] /= seconds;
        }
    }

    private void average(double[] signal) {
        for (int i = 0; i < fs; i++) {
            double sum = 0;
            for (int s = 0; s < seconds; s++) {
                sum += signal[s * fs + i];
            }
            averaged[i] = sum / seconds;
        }
    }

    /** Drops samples before the next window and grows the buffers so {@code add} more fit. */
    private void ensureCapacity(int add) {
        long keepFrom = Math.min(nextWindow * step, received);
        int drop = (int) (keepFrom - rawStart);
        int kept = (int) (received - keepFrom);
        int cap = raw[0].length;
        int need = kept + add;
        int newCap = need > cap ? Math.max(need, 2 * cap) : cap;
        for (int c = 0; c < CH; c++) {
            raw[c] = shift(raw[c], drop, kept, newCap);
            if (filtered != null) {
                for (int b = 0; b < nb; b++) {
                    filtered[c][b] = shift(filtered[c][b], drop, kept, newCap);
                }
            }
        }
        rawStart = keepFrom;
    }

    private static double[] shift(double[] a, int drop, int kept, int cap) {
        double[] to = cap == a.length ? a : new double[cap];
        if (drop > 0 || to != a) {
            System.arraycopy(a, drop, to, 0, kept);
        }
        return to;
    }

    private boolean wholeSegment() {
        return kind == FeatureKind.DE && preset.filtering() == Preset.Filtering.WHOLE_SEGMENT;
    }

    private double de(double[] x, int off, int n) {
        return DifferentialEntropy.of(x, off, n, preset.varianceDdof(), preset.logBase(), preset.deWithStd());
    }

    /**
     * The largest magnitude a sample may have, in microvolts: 1 V. Raw recordings carry DC offsets of up to a few
     * hundred millivolts (BioSemi's range is +-262 mV); anything beyond 1 V is not EEG in microvolts.
     */
    public static final double MAX_MICROVOLTS = 1e6;

    private static void checkChunk(float[][] x, String what) {
        if (x == null || x.length < CH) {
            throw new IllegalArgumentException(what + ": expected at least " + CH + " channels (EEG in DEAP's order) x samples, got "
                    + (x == null ? "null" : x.length + " channels"));
        }
        int n = x[0] == null ? -1 : x[0].length;
        for (int c = 0; c < CH; c++) {
            if (x[c] == null || x[c].length != n) {
                throw new IllegalArgumentException(what + ": channel " + c + " has " + (x[c] == null ? "no array" : x[c].length + " samples")
                        + ", channel 0 has " + n + "; every channel needs the same number of samples");
            }
            for (int j = 0; j < n; j++) {
                if (!Float.isFinite(x[c][j])) {
                    throw new IllegalArgumentException(what + ": channel " + c + ", sample " + j + " is " + x[c][j]
                            + "; expected finite EEG values");
                }
                if (Math.abs(x[c][j]) > MAX_MICROVOLTS) {
                    throw new IllegalArgumentException(what + ": channel " + c + ", sample " + j + " is " + x[c][j]
                            + " uV, beyond +-" + (long) MAX_MICROVOLTS + " uV (1 V): not EEG in microvolts (wrong units,"
                            + " or a broken amplifier)");
                }
            }
        }
    }
}

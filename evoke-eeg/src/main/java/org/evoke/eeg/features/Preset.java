package org.evoke.eeg.features;

import org.evoke.eeg.labels.Comparison;
import org.evoke.eeg.labels.LabelBinarizer;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every setting of the feature pipeline, as one value (docs/design.md, section 8). The named presets are settings of
 * the same code, never forks of it:
 * <ul>
 *   <li>{@link #TORCHEEG} ({@code torcheeg}, the default): torcheeg 1.1.1's DEAP pipeline, which the EVOKE paper
 *       most likely ran (its teacher is torcheeg's CCNN): Butterworth order 5 per 1 s window, DE with log2 and
 *       ddof 0, baseline = features of the 3 s baseline averaged into one second, labels {@code >= 5.0}.</li>
 *   <li>{@link #TORCHEEG_1_1_0} ({@code torcheeg-1.1.0}): as torcheeg but DE computed with the standard deviation
 *       in place of the variance, the bug fixed in torcheeg 1.1.1.</li>
 *   <li>{@link #DECNN} ({@code decnn}): the CCNN authors' own code: order 3, natural log, ddof 1, gamma 31-45 Hz,
 *       the whole 60 s trial filtered before windowing, baseline = mean DE of the three 1 s baseline windows.</li>
 * </ul>
 * Derive a variant with the {@code with...} methods; a derived preset is named after its origin with a
 * {@code *} appended (rename it with {@link #withName}). {@link #fingerprint()} covers every setting but the name.
 *
 * @param name             the preset's name
 * @param samplingRate     Hz (DEAP: 128)
 * @param bands            the frequency bands, one feature plane each
 * @param filterOrder      Butterworth order of the band-pass (DE only)
 * @param filtering        whether each window is filtered on its own or the whole segment before windowing
 * @param logBase          base of the DE logarithm (2 or e)
 * @param varianceDdof     delta degrees of freedom of the variance in DE
 * @param deWithStd        torcheeg 1.1.0's bug: DE of the standard deviation instead of the variance
 * @param baseline         how the pre-trial baseline is removed from the window features
 * @param baselineSeconds  the pre-trial baseline at the start of each trial, whole seconds (DEAP: 3); windows start
 *                         after it whatever the baseline rule
 * @param psdBaseline      whether the baseline rule applies to PSD features too (torcheeg's
 *                         BandPowerSpectralDensity defaults to {@code apply_to_baseline=False}: no)
 * @param windowSamples    window length in samples
 * @param overlapSamples   overlap of consecutive windows in samples (step = window - overlap)
 * @param fftSize          FFT points of the PSD (torcheeg: the sampling rate)
 * @param labelThreshold   rating threshold of the binary labels
 * @param labelComparison  {@code >=} (torcheeg) or {@code >} (the paper's text)
 */
public record Preset(String name, int samplingRate, List<Band> bands, int filterOrder, Filtering filtering,
                     double logBase, int varianceDdof, boolean deWithStd, Baseline baseline, int baselineSeconds,
                     boolean psdBaseline, int windowSamples, int overlapSamples, int fftSize, double labelThreshold,
                     Comparison labelComparison) {

    /** How the band-pass filter meets the windows. */
    public enum Filtering {
        /** Each window (and each baseline second) is filtered on its own from zero state (torcheeg). */
        PER_WINDOW,
        /** The stimulus segment and the baseline segment are each filtered whole, then cut into windows (decnn). */
        WHOLE_SEGMENT
    }

    /** How the pre-trial baseline is removed. */
    public enum Baseline {
        /** No baseline removal. */
        NONE,
        /** The baseline seconds averaged sample by sample into one 1 s signal, whose features are subtracted (torcheeg). */
        AVERAGED_SIGNAL,
        /** The mean of the features of each baseline second is subtracted (decnn). */
        MEAN_OF_WINDOW_FEATURES
    }

    /** The four bands of the paper and torcheeg: theta 4-8, alpha 8-14, beta 14-31, gamma 31-49 Hz. */
    public static final List<Band> TORCHEEG_BANDS = List.of(new Band("theta", 4, 8), new Band("alpha", 8, 14),
            new Band("beta", 14, 31), new Band("gamma", 31, 49));

    /** torcheeg 1.1.1's DEAP pipeline, the default. */
    public static final Preset TORCHEEG = new Preset("torcheeg", 128, TORCHEEG_BANDS, 5, Filtering.PER_WINDOW, 2.0, 0,
            false, Baseline.AVERAGED_SIGNAL, 3, false, 128, 0, 128, 5.0, Comparison.GREATER_OR_EQUAL);

    /** torcheeg up to 1.1.0: DE with the standard deviation in place of the variance. */
    public static final Preset TORCHEEG_1_1_0 = TORCHEEG.withDeWithStd(true).withName("torcheeg-1.1.0");

    /** The CCNN authors' code (Yang et al. 2018). */
    public static final Preset DECNN = new Preset("decnn", 128, List.of(new Band("theta", 4, 8), new Band("alpha", 8, 14),
            new Band("beta", 14, 31), new Band("gamma", 31, 45)), 3, Filtering.WHOLE_SEGMENT, Math.E, 1, false,
            Baseline.MEAN_OF_WINDOW_FEATURES, 3, false, 128, 0, 128, 5.0, Comparison.GREATER_OR_EQUAL);

    /** The named presets, default first. */
    public static final List<Preset> NAMED = List.of(TORCHEEG, TORCHEEG_1_1_0, DECNN);

    public Preset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("preset needs a name");
        }
        if (samplingRate <= 0) {
            throw new IllegalArgumentException("preset " + name + ": sampling rate must be > 0 Hz, got " + samplingRate);
        }
        if (bands == null || bands.isEmpty()) {
            throw new IllegalArgumentException("preset " + name + ": needs at least one band");
        }
        bands = List.copyOf(bands);
        for (Band b : bands) {
            if (b.highHz() >= samplingRate / 2.0) {
                throw new IllegalArgumentException("preset " + name + ": band " + b + " reaches the Nyquist frequency "
                        + samplingRate / 2.0 + " Hz");
            }
        }
        if (filterOrder < 1) {
            throw new IllegalArgumentException("preset " + name + ": filter order must be >= 1, got " + filterOrder);
        }
        if (!(logBase > 0 && logBase != 1 && Double.isFinite(logBase))) {
            throw new IllegalArgumentException("preset " + name + ": log base must be > 0 and != 1, got " + logBase);
        }
        if (windowSamples < 2) {
            throw new IllegalArgumentException("preset " + name + ": window must be >= 2 samples, got " + windowSamples);
        }
        if (varianceDdof < 0 || varianceDdof >= Math.min(windowSamples, samplingRate)) {
            throw new IllegalArgumentException("preset " + name + ": variance ddof must be in [0, window), got " + varianceDdof);
        }
        if (overlapSamples < 0 || overlapSamples >= windowSamples) {
            throw new IllegalArgumentException("preset " + name + ": overlap must be in [0, window " + windowSamples
                    + "), got " + overlapSamples);
        }
        if (baselineSeconds < 0 || (baseline != Baseline.NONE && baselineSeconds < 1)) {
            throw new IllegalArgumentException("preset " + name + ": baseline rule " + baseline + " needs >= 1 baseline second, got "
                    + baselineSeconds);
        }
        if (fftSize < 2) {
            throw new IllegalArgumentException("preset " + name + ": FFT size must be >= 2, got " + fftSize);
        }
        if (!Double.isFinite(labelThreshold)) {
            throw new IllegalArgumentException("preset " + name + ": label threshold must be finite, got " + labelThreshold);
        }
        if (filtering == null || baseline == null || labelComparison == null) {
            throw new IllegalArgumentException("preset " + name + ": filtering, baseline and label comparison must be set");
        }
    }

    /** A named preset: {@code torcheeg}, {@code torcheeg-1.1.0} or {@code decnn} (case-insensitive). */
    public static Preset byName(String name) {
        for (Preset p : NAMED) {
            if (p.name.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown feature preset '" + name + "'; known presets: "
                + NAMED.stream().map(Preset::name).collect(Collectors.joining(", ")));
    }

    /** The pre-trial baseline in samples. */
    public int baselineSamples() {
        return baselineSeconds * samplingRate;
    }

    /** Samples between the starts of consecutive windows. */
    public int stepSamples() {
        return windowSamples - overlapSamples;
    }

    /** How many windows a trial of {@code samples} samples gives (0 when it is too short for one). */
    public int windowsPerTrial(int samples) {
        int usable = samples - baselineSamples() - windowSamples;
        return usable < 0 ? 0 : usable / stepSamples() + 1;
    }

    /** The label rule of this preset. */
    public LabelBinarizer labelBinarizer() {
        return new LabelBinarizer(labelThreshold, labelComparison);
    }

    /**
     * A stable string of every setting except the name, for cache keys: two presets with the same fingerprint
     * produce the same features. Starts with a version tag that changes whenever the feature code changes its
     * numbers.
     */
    public String fingerprint() {
        String b = bands.stream().map(x -> x.name() + ":" + x.lowHz() + "-" + x.highHz()).collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "evoke-features-v1;fs=%d;bands=%s;order=%d;filtering=%s;log=%s;ddof=%d;"
                        + "std=%b;baseline=%s;baselineSeconds=%d;psdBaseline=%b;window=%d;overlap=%d;fft=%d;label%s%s",
                samplingRate, b, filterOrder, filtering, Double.toString(logBase), varianceDdof, deWithStd, baseline,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fftSize, labelComparison.symbol(),
                Double.toString(labelThreshold));
    }

    private String derived() {
        return name.endsWith("*") ? name : name + "*";
    }

    public Preset withName(String newName) {
        return new Preset(newName, samplingRate, bands, filterOrder, filtering, logBase, varianceDdof, deWithStd, baseline,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fftSize, labelThreshold, labelComparison);
    }

    /** Windows of {@code samples} samples overlapping by {@code overlap} samples. */
    public Preset withWindow(int samples, int overlap) {
        return new Preset(derived(), samplingRate, bands, filterOrder, filtering, logBase, varianceDdof, deWithStd, baseline,
                baselineSeconds, psdBaseline, samples, overlap, fftSize, labelThreshold, labelComparison);
    }

    public Preset withLabelThreshold(double threshold, Comparison comparison) {
        return new Preset(derived(), samplingRate, bands, filterOrder, filtering, logBase, varianceDdof, deWithStd, baseline,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fftSize, threshold, comparison);
    }

    public Preset withLabelThreshold(double threshold) {
        return withLabelThreshold(threshold, labelComparison);
    }

    public Preset withBaseline(Baseline rule) {
        return new Preset(derived(), samplingRate, bands, filterOrder, filtering, logBase, varianceDdof, deWithStd, rule,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fftSize, labelThreshold, labelComparison);
    }

    /** Baseline rule and pre-trial length in seconds. */
    public Preset withBaseline(Baseline rule, int seconds, boolean alsoForPsd) {
        return new Preset(derived(), samplingRate, bands, filterOrder, filtering, logBase, varianceDdof, deWithStd, rule,
                seconds, alsoForPsd, windowSamples, overlapSamples, fftSize, labelThreshold, labelComparison);
    }

    public Preset withBands(List<Band> newBands) {
        return new Preset(derived(), samplingRate, newBands, filterOrder, filtering, logBase, varianceDdof, deWithStd, baseline,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fftSize, labelThreshold, labelComparison);
    }

    public Preset withFilter(int order, Filtering mode) {
        return new Preset(derived(), samplingRate, bands, order, mode, logBase, varianceDdof, deWithStd, baseline,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fftSize, labelThreshold, labelComparison);
    }

    /** The DE formula: log base, variance ddof, and the standard-deviation bug. */
    public Preset withEntropy(double base, int ddof, boolean withStd) {
        return new Preset(derived(), samplingRate, bands, filterOrder, filtering, base, ddof, withStd, baseline,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fftSize, labelThreshold, labelComparison);
    }

    public Preset withDeWithStd(boolean withStd) {
        return withEntropy(logBase, varianceDdof, withStd);
    }

    /** Sampling rate in Hz and PSD FFT size. */
    public Preset withSampling(int rate, int fft) {
        return new Preset(derived(), rate, bands, filterOrder, filtering, logBase, varianceDdof, deWithStd, baseline,
                baselineSeconds, psdBaseline, windowSamples, overlapSamples, fft, labelThreshold, labelComparison);
    }

    @Override
    public String toString() {
        return name + " [" + fingerprint() + "]";
    }
}

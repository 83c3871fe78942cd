package org.evoke.eeg.features;

/** What a window is turned into (docs/design.md, section 8; docs/eeg-pipeline.md). */
public enum FeatureKind {
    /** Differential entropy of the band-filtered window, per band, on the 9x9 grid: (B, 9, 9). */
    DE,
    /** Band power spectral density (torcheeg's BandPowerSpectralDensity), per band, on the 9x9 grid: (B, 9, 9). */
    PSD,
    /**
     * The window itself, per channel z-scored ({@link RawWindows}): (32, L), Arjun ViT's input (torcheeg feeds it
     * {@code MeanStdNormalize} then {@code To2d}). No baseline removal: the z-score takes out each window's offset
     * and scale.
     */
    RAW;

    /**
     * No feature of EEG in microvolts reaches this magnitude, and a value beyond it means the wrong file or the
     * wrong units. DEAP input is refused beyond 10 mV (1e4 uV), and from such a signal the largest PSD value is the
     * squared magnitude of a Hann-windowed 128-point FFT, at most (1e4 x 63.5)^2, about 4e11 uV^2; differential
     * entropy stays within +-40 (bits of a variance between 1e-24 and 1e24 uV^2); z-scored raw windows within +-12.
     */
    public static final double MAX_ABS = 1e12;

    /** True for the kinds that put band features on the grid (DE, PSD). */
    public boolean onGrid() {
        return this != RAW;
    }
}

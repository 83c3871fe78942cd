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

    /** True for the kinds that put band features on the grid (DE, PSD). */
    public boolean onGrid() {
        return this != RAW;
    }
}

package org.evoke.eeg.features;

/** Which per-band feature a window is turned into (DESIGN.md section 8). */
public enum FeatureKind {
    /** Differential entropy of the band-filtered window. */
    DE,
    /** Band power spectral density (torcheeg's BandPowerSpectralDensity). */
    PSD
}

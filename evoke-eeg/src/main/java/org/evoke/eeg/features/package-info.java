/**
 * Features of EEG windows on the 9x9 electrode grid (docs/eeg-pipeline.md): the {@link
 * org.evoke.eeg.features.FeatureExtractor} that turns a DEAP subject into windows of shape (bands, 9, 9), the
 * {@link org.evoke.eeg.features.Preset}s that hold every setting ({@code torcheeg}, {@code torcheeg-1.1.0},
 * {@code decnn}), the per-window kernels ({@link org.evoke.eeg.features.DifferentialEntropy},
 * {@link org.evoke.eeg.features.BandPowerSpectralDensity}) and the grid ({@link org.evoke.eeg.features.ElectrodeGrid}).
 */
package org.evoke.eeg.features;

/**
 * Features of EEG windows on the 9x9 electrode grid: differential entropy and band PSD, the presets
 * ({@code torcheeg}, {@code torcheeg-1.1.0}, {@code decnn}) and the extractor that turns a DEAP subject into
 * windows of shape (4, 9, 9).
 */
package org.evoke.eeg.features;

/**
 * Features of a whole dataset and their cache: {@link org.evoke.eeg.cache.FeatureSet} (the file that
 * {@code ./evoke features} writes), {@link org.evoke.eeg.cache.FeatureCache} (per-subject safetensors keyed by a
 * hash of the input file, the preset's fingerprint and the feature kind) and
 * {@link org.evoke.eeg.cache.FeaturePipeline} (read, filter and featurise subjects in parallel, through the cache).
 */
package org.evoke.eeg.cache;

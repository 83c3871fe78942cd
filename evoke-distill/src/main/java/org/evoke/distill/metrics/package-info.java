/**
 * Metrics for multi-label binary classification (valence, arousal, dominance): per-label confusion counts,
 * accuracy and F1, their means (the mean per-label accuracy is the paper's "accuracy"), macro and micro F1 and
 * exact-match accuracy, with scikit-learn's zero_division=0 convention.
 */
package org.evoke.distill.metrics;

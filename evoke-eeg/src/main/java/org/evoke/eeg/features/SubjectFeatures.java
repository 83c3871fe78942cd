package org.evoke.eeg.features;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The features of one subject, window by window.
 *
 * @param features (windows, 4, 9, 9) float64: bands x grid rows x grid columns, baseline removed as the preset says
 * @param labels   (windows, 3) float64 in {0, 1}: valence, arousal, dominance, binarised as the preset says
 * @param trial    (windows) the trial index of each window
 */
public record SubjectFeatures(INDArray features, INDArray labels, int[] trial) {
}

package org.evoke.eeg.deap;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * One preprocessed DEAP recording, as DEAP's own files hold it.
 *
 * @param id     the subject's id (for example {@code s01}); used in splits and reports
 * @param data   (trials, channels, samples) float64: DEAP has 40 trials x 40 channels (32 EEG first, Geneva order)
 *               x 8064 samples at 128 Hz (3 s baseline then 60 s stimulus)
 * @param labels (trials, 4) float64: valence, arousal, dominance, liking ratings, 1..9
 */
public record DeapSubject(String id, INDArray data, INDArray labels) {
    public DeapSubject {
        if (data.rank() != 3 || data.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(id + ": data must be (trials, channels, samples) float64, got "
                    + data.dataType() + " " + Arrays.toString(data.shape()));
        }
        if (labels.rank() != 2 || labels.size(0) != data.size(0) || labels.size(1) < 3) {
            throw new IllegalArgumentException(id + ": labels must be (trials, 4) with one row per trial (" + data.size(0)
                    + "), got " + Arrays.toString(labels.shape()));
        }
    }

    public int trials() {
        return (int) data.size(0);
    }

    public int channels() {
        return (int) data.size(1);
    }

    public int samples() {
        return (int) data.size(2);
    }
}

package org.evoke.distill.study;

import org.evoke.distill.train.TrainingData;
import org.evoke.eeg.cache.FeatureSet;

/**
 * Windows with their subject and trial, which the split protocols need.
 *
 * @param data    features and labels
 * @param subject (N) subject index of each window
 * @param trial   (N) trial index of each window, within its subject
 */
public record StudyData(TrainingData data, int[] subject, int[] trial) {

    public StudyData {
        if (subject.length != data.size() || trial.length != data.size()) {
            throw new IllegalArgumentException("subject and trial need one entry per window (" + data.size() + "), got "
                    + subject.length + " and " + trial.length);
        }
    }

    /** The windows of a feature set. */
    public static StudyData of(FeatureSet set) {
        return new StudyData(TrainingData.of(set), set.subject(), set.trial());
    }
}

package org.evoke.study;

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

    /**
     * One id per trial (subject, trial), for each window: the groups of the trainer's validation split, which holds
     * out whole trials.
     */
    public int[] trialGroups() {
        int maxTrial = 0;
        for (int t : trial) {
            maxTrial = Math.max(maxTrial, t);
        }
        int[] g = new int[trial.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = subject[i] * (maxTrial + 1) + trial[i];
        }
        return g;
    }

    /** The windows of a feature set. */
    public static StudyData of(FeatureSet set) {
        return new StudyData(TrainingData.of(set), set.subject(), set.trial());
    }
}

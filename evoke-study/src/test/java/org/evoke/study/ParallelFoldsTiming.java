package org.evoke.study;

import org.evoke.distill.train.TrainingConfig;
import org.evoke.eeg.split.SplitProtocol;

import java.util.Locale;

/**
 * A timed main (not a test): the three-way comparison on a small synthetic study with 1 and with 2 folds in
 * parallel, to choose {@link StudyConfig#DEFAULT_PARALLEL_FOLDS}. Args: subjects trials epochs.
 */
public final class ParallelFoldsTiming {
    private ParallelFoldsTiming() {
    }

    public static void main(String[] args) {
        int subjects = Integer.parseInt(args[0]), trials = Integer.parseInt(args[1]), epochs = Integer.parseInt(args[2]);
        StudyData d = SyntheticStudyTiming.synthetic(2024, subjects, trials);
        TrainingConfig b = new TrainingConfig(epochs, 128, 1e-3, 1, 0, 0);
        for (int rep = 0; rep < 2; rep++) {
            for (int p : new int[] {1, 2}) {
                StudyConfig c = new StudyConfig(SplitProtocol.WINDOW, 4, 1, 1, b, b, 1.25, 0.25, p);
                long t0 = System.nanoTime();
                ComparisonResult r = new CrossValidation(d, c).compare();
                System.out.printf(Locale.ROOT, "%d windows, %d folds, parallel %d: %.1f s (teacher accuracy %.4f)%n",
                        d.data().size(), r.k(), p, (System.nanoTime() - t0) / 1e9,
                        r.summary().get("teacher").get("mean_accuracy").mean());
            }
        }
    }
}

package org.evoke.distill.train;

import java.util.List;

/**
 * What a run did. The trained model itself is the one passed to the trainer (trained in place).
 *
 * @param run          the run's name
 * @param model        the model's name ({@code ccnn}, {@code evoke-student})
 * @param objective    {@code bce} or {@code distill(T=..., alpha=...)}
 * @param config       the budget
 * @param trainRows    rows trained on (after the validation split)
 * @param validationRows rows held out for validation (0 without validation)
 * @param history      one record per completed epoch, from epoch 1 (also the epochs before a resume)
 * @param bestEpoch    the epoch whose weights the model holds at the end (the last epoch without validation)
 * @param stoppedEarly whether patience ran out before the configured epochs
 * @param interrupted  whether the listener stopped the run (the model then holds the last epoch's weights)
 */
public record TrainingResult(String run, String model, String objective, TrainingConfig config, int trainRows,
                             int validationRows, List<EpochRecord> history, int bestEpoch, boolean stoppedEarly,
                             boolean interrupted) implements java.io.Serializable {

    /** Epochs completed. */
    public int epochsRun() {
        return history.size();
    }

    /** Total wall time of the recorded epochs. */
    public double seconds() {
        return history.stream().mapToDouble(EpochRecord::seconds).sum();
    }
}

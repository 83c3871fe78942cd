package org.evoke.study;

import org.evoke.distill.train.Evaluation;
import org.evoke.distill.train.TrainingResult;

/**
 * One trained model on one fold.
 *
 * @param role      {@code teacher}, {@code distilled} or {@code scratch}
 * @param modelSeed the seed the model was initialised from
 * @param test      loss (BCE on hard labels) and metrics on the fold's held-out windows
 * @param training  the run's history
 * @param replicate which of the fold's student replicates (0-based, {@link StudyConfig#seeds()}); 0 for the teacher
 */
public record RunResult(String role, long modelSeed, Evaluation test, TrainingResult training, int replicate) implements java.io.Serializable {

    /** Replicate 0. */
    public RunResult(String role, long modelSeed, Evaluation test, TrainingResult training) {
        this(role, modelSeed, test, training, 0);
    }
}

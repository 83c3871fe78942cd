package org.evoke.study;

import org.evoke.distill.train.TrainingConfig;
import org.evoke.eeg.split.SplitProtocol;

/**
 * The settings of a cross-validated study.
 *
 * @param protocol      how windows are split into folds (every number reports it)
 * @param folds         k for window- and trial-level k-fold (ignored by leave-one-subject-out)
 * @param splitSeed     seeds the folds
 * @param modelSeed     seeds the models: fold f's teacher and students derive their seeds from (modelSeed, f); the
 *                      distilled and the scratch student of a fold start from the same initial weights
 * @param teacher       the teacher's budget
 * @param student       the students' budget (the same for the distilled and the scratch student)
 * @param temperature   T of the distillation loss
 * @param alpha         alpha of the distillation loss
 * @param parallelFolds how many folds may train at once (1 = one after the other); each fold holds its own models,
 *                      and {@link CrossValidation#foldsAtOnce()} lowers the number when their estimated memory
 *                      ({@link CrossValidation#foldBytes}: about 350 MB for the CCNN at batch 128) does not fit
 * @param seeds         how many times each fold's two students are trained, each time from other initial weights
 *                      (replicate r starts from seed (modelSeed, fold, 1 + r), the same for the distilled and the scratch
 *                      student); the fold's teacher is trained once and teaches every replicate. More seeds give the
 *                      paired comparisons ({@link Paired}) more pairs.
 */
public record StudyConfig(SplitProtocol protocol, int folds, long splitSeed, long modelSeed, TrainingConfig teacher,
                          TrainingConfig student, double temperature, double alpha, int parallelFolds, int seeds) implements java.io.Serializable {

    /** One replicate of the students per fold. */
    public StudyConfig(SplitProtocol protocol, int folds, long splitSeed, long modelSeed, TrainingConfig teacher,
                       TrainingConfig student, double temperature, double alpha, int parallelFolds) {
        this(protocol, folds, splitSeed, modelSeed, teacher, student, temperature, alpha, parallelFolds, 1);
    }

    /**
     * Folds trained at once by default: 1. Measured on the shared 2-core machine, where ND4J already runs each op on
     * 2 OpenMP threads ({@code ParallelFoldsTiming 1 4 1}: the three-way comparison over 4 window-level folds of 240
     * synthetic windows took 28.6 s one fold at a time and 28.9 s two at a time, with identical results), so running
     * folds in parallel buys nothing there and doubles the memory. On machines with more cores, raise it.
     */
    public static final int DEFAULT_PARALLEL_FOLDS = 1;

    public StudyConfig {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must be set (window, trial or subject)");
        }
        if (protocol != SplitProtocol.SUBJECT && folds < 2) {
            throw new IllegalArgumentException("folds = " + folds + ": k-fold needs k >= 2");
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds = " + seeds + ": expected >= 1");
        }
        if (parallelFolds < 1) {
            throw new IllegalArgumentException("parallelFolds = " + parallelFolds + ": expected >= 1");
        }
        new org.evoke.distill.DistillationLoss(temperature, alpha); // validates T and alpha
    }

    /** The paper's study: window-level 5-fold, 100 epochs, batch 128, lr 1e-3, T 1.25, alpha 0.25. */
    public static StudyConfig paper(long seed) {
        TrainingConfig t = TrainingConfig.paper(seed);
        return new StudyConfig(SplitProtocol.WINDOW, 5, seed, seed, t, t, 1.25, 0.25, DEFAULT_PARALLEL_FOLDS, 1);
    }

    public StudyConfig withProtocol(SplitProtocol p, int k) {
        return new StudyConfig(p, k, splitSeed, modelSeed, teacher, student, temperature, alpha, parallelFolds, seeds);
    }

    public StudyConfig withBudgets(TrainingConfig teacherBudget, TrainingConfig studentBudget) {
        return new StudyConfig(protocol, folds, splitSeed, modelSeed, teacherBudget, studentBudget, temperature, alpha, parallelFolds, seeds);
    }

    public StudyConfig withDistillation(double t, double a) {
        return new StudyConfig(protocol, folds, splitSeed, modelSeed, teacher, student, t, a, parallelFolds, seeds);
    }

    public StudyConfig withParallelFolds(int n) {
        return new StudyConfig(protocol, folds, splitSeed, modelSeed, teacher, student, temperature, alpha, n, seeds);
    }

    public StudyConfig withSeeds(int n) {
        return new StudyConfig(protocol, folds, splitSeed, modelSeed, teacher, student, temperature, alpha, parallelFolds, n);
    }
}

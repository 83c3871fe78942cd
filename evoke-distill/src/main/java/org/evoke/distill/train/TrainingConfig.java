package org.evoke.distill.train;

/**
 * The budget and schedule of one training run. The same configuration, data and seed give bit-identical weights.
 *
 * @param epochs             maximum number of passes over the training rows (&gt;= 1)
 * @param batchSize          samples per Adam step (&gt;= 1); the last batch of an epoch may be smaller
 * @param learningRate       Adam's learning rate (&gt; 0)
 * @param seed               seeds the per-epoch shuffles and the validation split (the model has its own seed)
 * @param validationFraction fraction of the training rows held out for validation and early stopping, in [0, 1);
 *                           0 turns validation off (every epoch runs, the final weights are kept)
 * @param patience           with validation: stop after this many epochs without a lower validation loss and restore
 *                           the best epoch's weights; 0 never stops early (the best weights are still restored)
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, long seed, double validationFraction,
                             int patience) implements java.io.Serializable {

    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs = " + epochs + ": expected >= 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + ": expected >= 1");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate = " + learningRate + ": expected a finite rate > 0");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction = " + validationFraction + ": expected a fraction in [0, 1)");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience = " + patience + ": expected >= 0 (0 = never stop early)");
        }
    }

    /** The paper's settings: 100 epochs, batch 128, Adam lr 1e-3, no validation split. */
    public static TrainingConfig paper(long seed) {
        return new TrainingConfig(100, 128, 1e-3, seed, 0.0, 0);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, learningRate, seed, validationFraction, patience);
    }

    public TrainingConfig withBatchSize(int b) {
        return new TrainingConfig(epochs, b, learningRate, seed, validationFraction, patience);
    }

    public TrainingConfig withLearningRate(double lr) {
        return new TrainingConfig(epochs, batchSize, lr, seed, validationFraction, patience);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batchSize, learningRate, s, validationFraction, patience);
    }

    /** Holds out {@code fraction} of the training rows for validation, stopping after {@code patience} bad epochs. */
    public TrainingConfig withValidation(double fraction, int p) {
        return new TrainingConfig(epochs, batchSize, learningRate, seed, fraction, p);
    }

    /** Whether a validation split is held out. */
    public boolean validates() {
        return validationFraction > 0;
    }
}

package org.evoke.distill.train;

/**
 * Progress of a training run, for progress bars and logs (the library never prints). Methods are called on the
 * training thread in this order: {@link #onStart}, then per epoch {@link #onBatch} for every batch and
 * {@link #onEpoch}; after each epoch but the last (and after its checkpoint) {@link #stopRequested} is asked; at the end
 * {@link #onEnd}, also after an early stop. When folds train in
 * parallel one listener may be called from several threads at once: implementations must then be thread-safe.
 */
public interface TrainingListener {
    /** A listener that does nothing. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * @param run        what is being trained (e.g. {@code fold 2 teacher})
     * @param firstEpoch the first epoch this call will run (greater than 1 when resuming)
     * @param epochs     the configured maximum
     * @param batches    batches per epoch
     */
    default void onStart(String run, int firstEpoch, int epochs, int batches) {
    }

    /** After batch {@code batch} (1-based) of {@code batches} in {@code epoch}, with its loss. */
    default void onBatch(String run, int epoch, int batch, int batches, double loss) {
    }

    /** After an epoch, with its record. */
    default void onEpoch(String run, EpochRecord record) {
    }

    /** When the run ends (all epochs, an early stop, or an interruption), with what it did. */
    default void onEnd(String run, TrainingResult result) {
    }

    /**
     * Asked after every epoch, once its checkpoint is written: true stops the run there as if interrupted (the model
     * keeps the last epoch's weights and the run can be resumed from its checkpoint).
     */
    default boolean stopRequested(String run) {
        return false;
    }
}

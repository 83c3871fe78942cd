package org.evoke.cli.live;

/**
 * Where live EEG comes from: chunks of channels x samples in microvolts at 128 Hz, the first 32 channels in DEAP's
 * order, the first 3 s the resting baseline. {@link #next} returns null when the stream has ended.
 */
public interface EegSource extends AutoCloseable {
    /** The next chunk (channels x samples), or null at the end of the stream. */
    float[][] next();

    /** One line saying what the stream is, for the page and /health. */
    String describe();

    @Override
    default void close() {
    }
}

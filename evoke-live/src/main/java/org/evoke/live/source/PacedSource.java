package org.evoke.live.source;

import org.evoke.live.EegSource;

/**
 * Plays another source at its real rate: a chunk of n samples is handed out n / (rate x speed) seconds after the one
 * before, so 128 Hz EEG arrives as it would from an amplifier ({@code speed} 1), or faster for tests and previews.
 */
public final class PacedSource implements EegSource {
    private final EegSource source;
    private final double samplesPerSecond;
    private long due = System.nanoTime();

    public PacedSource(EegSource source, int rate, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("the speed must be a finite number > 0, got " + speed);
        }
        this.source = source;
        this.samplesPerSecond = rate * speed;
    }

    @Override
    public float[][] next() {
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        float[][] chunk = source.next();
        if (chunk != null && chunk.length > 0) {
            due = Math.max(due, System.nanoTime() - 1_000_000_000L) + (long) (chunk[0].length * 1e9 / samplesPerSecond);
        }
        return chunk;
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public void close() {
        source.close();
    }
}

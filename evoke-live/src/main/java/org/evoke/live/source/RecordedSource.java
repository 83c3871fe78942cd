package org.evoke.live.source;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.live.EegSource;

import java.util.List;

/**
 * Recorded trials replayed as a stream, in chunks of {@code chunk} samples: the first trial whole (its 3 s baseline
 * starts the stream, as the recogniser expects), every further trial without its baseline, so that one stream
 * moves from trial to trial. Pacing is the {@link PacedSource}'s business; this one hands out chunks as fast as asked.
 */
public final class RecordedSource implements EegSource {
    private final DeapSubject subject;
    private final List<Integer> trials;
    private final int chunk, baseline, channels, samples;
    private final boolean loop;
    private final String description;
    private int index, at;

    /**
     * @param subject  the recording (trials x channels x samples)
     * @param trials   the trials to play, in order
     * @param chunk    samples per chunk
     * @param baseline samples of baseline at the start of each trial (DEAP: 384)
     * @param loop     start again from the first trial's end of baseline when the last trial ends
     */
    public RecordedSource(DeapSubject subject, List<Integer> trials, int chunk, int baseline, boolean loop, String description) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no trials to play");
        }
        for (int t : trials) {
            if (t < 0 || t >= subject.trials()) {
                throw new IllegalArgumentException("subject " + subject.id() + " has trials 1.." + subject.trials() + ", not " + (t + 1));
            }
        }
        if (subject.channels() < 32) {
            throw new IllegalArgumentException("subject " + subject.id() + " has " + subject.channels() + " channels; live recognition needs"
                    + " the 32 EEG channels first");
        }
        this.subject = subject;
        this.trials = List.copyOf(trials);
        this.chunk = chunk;
        this.baseline = baseline;
        this.channels = 32;
        this.samples = subject.samples();
        this.loop = loop;
        this.description = description;
    }

    @Override
    public float[][] next() {
        if (index >= trials.size()) {
            if (!loop) {
                return null;
            }
            index = 0;
            at = baseline;
        }
        int t = trials.get(index);
        int n = Math.min(chunk, samples - at);
        float[][] out = new float[channels][n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = (float) subject.data().getDouble(t, c, at + i);
            }
        }
        at += n;
        if (at >= samples) {
            index++;
            at = baseline; // later trials start after their own baseline
        }
        return out;
    }

    @Override
    public String describe() {
        return description;
    }
}

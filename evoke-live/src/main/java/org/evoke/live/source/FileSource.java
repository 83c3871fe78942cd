package org.evoke.live.source;

import org.evoke.eeg.montage.RecordingEeg;
import org.evoke.live.EegSource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An EDF/BDF recording replayed as a stream (through its montage, reference and resampling to 128 Hz), in chunks of
 * {@code chunk} samples; pacing to the recording's own time is the {@link PacedSource}'s business. The recording's
 * first 3 s are the recogniser's baseline; the segments of an EDF+D recording follow each other without their gaps.
 */
public final class FileSource implements EegSource {
    private final RecordingEeg recording;
    private final int chunk;
    private final double[][] buffer;
    private final String description;

    public FileSource(RecordingEeg recording, int chunk, String description) {
        this.recording = recording;
        this.chunk = chunk;
        this.buffer = new double[32][chunk];
        this.description = description;
    }

    @Override
    public float[][] next() {
        int n;
        try {
            n = recording.read(buffer, chunk);
        } catch (IOException e) { // a recording damaged after its header was checked: one line
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (n < 0) {
            return null;
        }
        return Chunks.of(buffer, n);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            recording.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

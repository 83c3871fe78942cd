package org.evoke.live;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.lsl.LslConfig;
import org.evoke.eeg.lsl.LslException;
import org.evoke.eeg.lsl.LslInlet;
import org.evoke.eeg.montage.Montage;
import org.evoke.eeg.montage.RecordingEeg;
import org.evoke.live.source.DemoSource;
import org.evoke.live.source.FileSource;
import org.evoke.live.source.LslSource;
import org.evoke.live.source.PacedSource;
import org.evoke.live.source.RecordedSource;
import org.evoke.live.source.StreamSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where live EEG comes from: chunks of channels x samples in microvolts at 128 Hz, the first 32 channels in DEAP's
 * order, the first 3 s the resting baseline. {@link #next} returns null when the stream has ended.
 *
 * <p>The factories give every source evoke reads, each already through its montage (labels to DEAP's 32
 * electrodes), reference and resampling, so that what comes out is what the recogniser takes:
 * <pre>
 * EegSource.lsl("type=EEG")                     // a headset's Lab Streaming Layer stream on this machine
 * EegSource.recording(Path.of("rec.edf"))       // an EDF/BDF recording, as fast as it is read
 *          .paced(1.0)                          //   ... or at its own rate
 * EegSource.deap(subject, 0, 1, 2)              // DEAP trials (0-based), one after the other
 * EegSource.rawStream(socket.getInputStream(), "tcp") // evoke's raw stream format (docs/live.md)
 * EegSource.synthetic(2024)                     // a synthetic subject moving through the eight emotions
 * </pre>
 * A source is used by one thread; {@link #close} releases its file, socket or inlet.
 */
public interface EegSource extends AutoCloseable {
    /** Samples per chunk of the factories' sources: 1/8 s at 128 Hz. */
    int CHUNK = 16;

    /** The next chunk (channels x samples), or null at the end of the stream. */
    float[][] next();

    /** One line saying what the stream is, for the page and /health. */
    String describe();

    @Override
    default void close() {
    }

    /** This source played at its real rate ({@code speed} 1) or faster, as an amplifier would deliver it. */
    default EegSource paced(double speed) {
        return new PacedSource(this, Preset.TORCHEEG.samplingRate(), speed);
    }

    /**
     * The first LSL stream on this machine that matches {@code query} (a stream name, or a predicate such as
     * {@code type=EEG} or {@code name='Muse'}), found within 10 s; the stream's channel labels are mapped onto DEAP's
     * electrodes (missing ones left at 0), re-referenced to their common average, and resampled to 128 Hz. Nothing
     * leaves this machine: the loopback-only configuration of {@link LslConfig#loopback()}.
     *
     * @throws IllegalArgumentException with one line when no stream is found or its channels cannot be used
     */
    static EegSource lsl(String query) {
        return lsl(query, LslConfig.loopback(), Duration.ofSeconds(10), Montage.Missing.ZERO, true, line -> { });
    }

    /**
     * An LSL stream with every choice made by the caller.
     *
     * @param config   where to look: {@link LslConfig#loopback()}, {@link LslConfig#lab(List)} or {@link LslConfig#network()}
     * @param wait     how long to look for the stream, and to wait for it after it is lost
     * @param missing  how electrodes the stream lacks are filled
     * @param average  re-reference to the common average of the EEG electrodes
     * @param status   status lines (resolution, reconnection, the end of the stream)
     */
    static EegSource lsl(String query, LslConfig config, Duration wait, Montage.Missing missing, boolean average,
                         Consumer<String> status) {
        LslInlet inlet;
        try {
            inlet = LslInlet.open(query, config, wait.toMillis(), wait.toMillis(), status::accept);
        } catch (LslException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            return new LslSource(inlet, null, missing, average, CHUNK, status);
        } catch (RuntimeException e) {
            inlet.close();
            throw e;
        }
    }

    /**
     * An EDF, EDF+, BDF or BDF+ recording, read as fast as it is asked for (use {@link #paced} for real time): its
     * labels through the montage (missing electrodes 0), the common average reference, resampled to 128 Hz.
     *
     * @throws IllegalArgumentException with one line when the file is not a recording evoke can read
     */
    static EegSource recording(Path file) {
        return recording(file, Montage.Missing.ZERO, RecordingEeg.Reference.AVERAGE);
    }

    /** A recording with the montage's and the reference's choices made by the caller. */
    static EegSource recording(Path file, Montage.Missing missing, RecordingEeg.Reference reference) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file; expected an EDF or BDF recording");
        }
        RecordingEeg rec;
        try {
            rec = RecordingEeg.open(file, missing, reference);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new FileSource(rec, CHUNK, rec.reader().header().format() + " recording " + file.getFileName() + " ("
                + rec.montage().found() + " of DEAP's 32 electrodes)");
    }

    /**
     * Trials of a DEAP subject, one after the other: the first whole (its 3 s baseline starts the stream), the
     * others without their baselines.
     *
     * @param trials 0-based trial indexes, in the order to play them
     */
    static EegSource deap(DeapSubject subject, int... trials) {
        return new RecordedSource(subject, Arrays.stream(trials).boxed().toList(), CHUNK,
                Preset.TORCHEEG.baselineSamples(), false, "DEAP subject " + subject.id() + ", trials "
                + Arrays.toString(Arrays.stream(trials).map(t -> t + 1).toArray()));
    }

    /**
     * evoke's raw stream (a 16-byte header, then float32 chunks; docs/live.md) from any byte stream: standard input,
     * a socket, a pipe.
     *
     * @param description what the stream is, for messages ("standard input", "tcp 127.0.0.1:5000")
     * @throws IllegalArgumentException with one line when the header is missing or not what recognition needs
     */
    static EegSource rawStream(InputStream in, String description) {
        return new StreamSource(in, Preset.TORCHEEG.samplingRate(), description);
    }

    /**
     * A synthetic subject (the synthetic DEAP of {@code seed}, a subject no default study trains on) whose trials are
     * ordered so that the stream moves through the eight emotions one trial each, then the rest; it loops forever.
     * For trying live recognition without a headset.
     */
    static EegSource synthetic(long seed) {
        return DemoSource.create(seed, Preset.TORCHEEG, CHUNK, true);
    }
}

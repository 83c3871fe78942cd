package org.evoke.live.source;

import org.evoke.eeg.lsl.LslException;
import org.evoke.eeg.lsl.LslInlet;
import org.evoke.eeg.lsl.StreamInfo;
import org.evoke.eeg.montage.ChannelMap;
import org.evoke.eeg.montage.ChannelMixer;
import org.evoke.eeg.montage.Montage;
import org.evoke.live.EegSource;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An LSL stream as the recogniser's input: the inlet's samples, converted to microvolts by the channels' units,
 * through the montage (the stream's channel labels), the common average reference (optional) and the resampler to
 * 128 Hz, in chunks of {@code chunk} samples. The stream's first 3 s are the baseline. When the stream is gone
 * for good (the inlet's reconnection gave up), the source ends with a status line.
 */
public final class LslSource implements EegSource {
    private final LslInlet inlet;
    private final ChannelMixer mixer;
    private final int chunk;
    private final double[] sample;
    private final double[] toMicrovolts;
    private final double[] one = new double[1];
    private final double[][] out;
    private final String description;
    private final String report;
    private final Consumer<String> status;
    private final Montage montage;
    private boolean ended;

    /**
     * Builds the source of an open inlet; a stream without usable channel labels is one line.
     *
     * @param channels the labels to use instead of the stream's (null: the stream's)
     */
    public LslSource(LslInlet inlet, List<String> channels, Montage.Missing missing, boolean average, int chunk,
                     Consumer<String> status) {
        this(inlet, channels, ChannelMap.none(), missing, average, chunk, status);
    }

    /**
     * As {@link #LslSource(LslInlet, List, Montage.Missing, boolean, int, Consumer)}, the labels renamed by {@code map}
     * first (a BioSemi cap's numbered positions, say).
     */
    public LslSource(LslInlet inlet, List<String> channels, ChannelMap map, Montage.Missing missing, boolean average,
                     int chunk, Consumer<String> status) {
        this.inlet = inlet;
        this.chunk = chunk;
        this.status = status;
        StreamInfo info = inlet.info();
        List<String> labels = channels != null ? channels : info.labels();
        if (channels != null && channels.size() != info.channelCount()) {
            throw new IllegalArgumentException(channels.size() + " channel labels given for LSL stream '" + info.name()
                    + "', which has " + info.channelCount() + " channels");
        }
        if (labels.size() != info.channelCount()) {
            throw new IllegalArgumentException("LSL stream '" + info.name() + "' has " + info.channelCount() + " channels but "
                    + (labels.isEmpty() ? "no channel labels" : labels.size() + " labels") + " in its description; evoke maps"
                    + " channels onto DEAP's grid by their 10-20 labels (desc/channels/channel/label)");
        }
        if (!(info.nominalRate() > 0)) {
            throw new IllegalArgumentException("LSL stream '" + info.name() + "' has an irregular rate; EEG needs a nominal rate");
        }
        Montage montage = Montage.of(labels, missing, map);
        this.montage = montage;
        boolean any = false;
        for (int c = 0; c < 32; c++) {
            any |= montage.sources(c).length > 0;
        }
        if (!any && montage.numberedWithoutMap()) {
            throw new IllegalArgumentException("LSL stream '" + info.name() + "': its channels are labelled in BioSemi's"
                    + " numbered layout, positions on the cap rather than 10-20 names; give a channel map (a CSV of"
                    + " 'recording label,10-20 name' lines, from the cap's layout) to place them");
        }
        if (!any) {
            throw new IllegalArgumentException("LSL stream '" + info.name() + "': none of DEAP's 32 EEG electrodes among its channels "
                    + labels + (missing == Montage.Missing.ZERO && montage.eegChannels().length > 0
                    ? " (interpolating the missing electrodes from their neighbours may help)" : ""));
        }
        double[] rates = new double[info.channelCount()];
        java.util.Arrays.fill(rates, info.nominalRate());
        this.mixer = new ChannelMixer(montage, rates, average);
        this.sample = new double[info.channelCount()];
        this.toMicrovolts = new double[info.channelCount()];
        StringBuilder notes = new StringBuilder();
        for (int k = 0; k < toMicrovolts.length; k++) {
            String u = k < info.units().size() ? info.units().get(k).strip().toLowerCase(Locale.ROOT) : "";
            toMicrovolts[k] = switch (u) {
                case "microvolts", "microvolt", "uv", "µv", "μv" -> 1;
                case "millivolts", "millivolt", "mv" -> 1e3;
                case "volts", "volt", "v" -> 1e6;
                case "nanovolts", "nv" -> 1e-3;
                default -> {
                    if (notes.indexOf("unit") < 0) {
                        notes.append("; unit '").append(u).append("' taken as microvolts");
                    }
                    yield 1;
                }
            };
        }
        this.out = new double[32][chunk];
        this.report = montage.report() + " Signal: " + fmt(info.nominalRate()) + " Hz"
                + (info.nominalRate() == ChannelMixer.RATE ? "" : " resampled to 128 Hz") + "; "
                + (mixer.averaged() >= 2 ? "common average reference over " + mixer.averaged() + " EEG electrodes"
                : "recorded reference kept") + notes + ".";
        this.description = "LSL stream '" + info.name() + "' (" + info.type() + ", " + fmt(info.nominalRate()) + " Hz, "
                + montage.found() + " of DEAP's 32 electrodes, clock offset " + String.format(Locale.ROOT, "%.3f", inlet.timeCorrection() * 1e3)
                + " ms)";
    }

    /** The stream's channels matched to DEAP's electrodes. */
    public Montage montage() {
        return montage;
    }

    /** The montage paragraph and the signal's handling. */
    public String report() {
        return report;
    }

    @Override
    public float[][] next() {
        if (ended && mixer.ready() == 0) {
            return null;
        }
        try {
            while (!ended && mixer.ready() < chunk) {
                inlet.pull(sample);
                for (int k = 0; k < sample.length; k++) {
                    one[0] = sample[k] * toMicrovolts[k];
                    mixer.push(k, one, 0, 1);
                }
            }
        } catch (LslException e) {
            status.accept("live       " + e.getMessage() + "; the stream has ended");
            ended = true;
            mixer.finish(); // the resamplers' last samples
            if (mixer.ready() == 0) {
                return null;
            }
        }
        int n = Math.min(chunk, mixer.ready());
        mixer.take(n, out);
        return Chunks.of(out, n);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        inlet.close();
    }

    private static String fmt(double hz) {
        return hz == Math.rint(hz) ? String.valueOf((long) hz) : String.format(Locale.ROOT, "%.3f", hz);
    }
}

package org.evoke.eeg.montage;

import org.evoke.eeg.features.ElectrodeGrid;
import org.evoke.eeg.signal.PolyphaseResampler;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A recording's or a stream's channels to DEAP's 32 at 128 Hz: each channel the montage needs is resampled from its
 * own rate ({@link PolyphaseResampler}, a copy at 128 Hz), queued, re-referenced to the common average of the
 * recorded EEG electrodes (optional) and mapped by the {@link Montage}. Channels are pushed one by one in any
 * amounts; {@link #ready} samples of all 32 can then be taken. Memory: the queues hold what was pushed and not taken.
 */
public final class ChannelMixer {
    /** The pipeline's sampling rate. */
    public static final int RATE = 128;

    private final Montage montage;
    private final int[] used;               // input channels read: sources of the montage and of the average
    private final int[] average;            // the channels of the common average (empty: none)
    private final PolyphaseResampler[] resamplers;
    private final PolyphaseResampler.Stream[] streams;
    private final double[][] fifo;          // (channels, capacity) resampled samples not yet taken
    private final int[] fill;
    private final double[][] rows;          // (channels, n) the samples being taken
    private double[] out = new double[0];

    /**
     * @param rates   each input channel's sampling rate in Hz
     * @param average re-reference to the common average of the montage's EEG channels (when there are two or more)
     */
    public ChannelMixer(Montage montage, double[] rates, boolean average) {
        this.montage = montage;
        this.average = average && montage.eegChannels().length >= 2 ? montage.eegChannels() : new int[0];
        Set<Integer> u = new LinkedHashSet<>();
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            for (int s : montage.sources(c)) {
                u.add(s);
            }
        }
        for (int s : this.average) {
            u.add(s);
        }
        used = u.stream().mapToInt(Integer::intValue).sorted().toArray();
        int n = rates.length;
        resamplers = new PolyphaseResampler[n];
        streams = new PolyphaseResampler.Stream[n];
        fifo = new double[n][];
        fill = new int[n];
        rows = new double[n][];
        for (int c : used) {
            resamplers[c] = PolyphaseResampler.to128(rates[c]); // IllegalArgumentException names the rate
            streams[c] = resamplers[c].stream();
        }
    }

    public Montage montage() {
        return montage;
    }

    /** The input channels this mixer reads (pushes to other channels are ignored). */
    public int[] used() {
        return used.clone();
    }

    /** How many channels the common average is taken over (0: no re-referencing). */
    public int averaged() {
        return average.length;
    }

    /** Appends n samples (microvolts, at the channel's rate) of input channel c. */
    public void push(int c, double[] x, int off, int n) {
        if (streams[c] == null) {
            return;
        }
        int room = streams[c].maxOutputs(n) + 1;
        if (out.length < room) {
            out = new double[room];
        }
        append(c, out, streams[c].push(x, off, n, out, 0));
    }

    /** The input has ended (or a segment of it): the resamplers' last samples are queued, the queues evened out. */
    public void finish() {
        for (int c : used) {
            int room = streams[c].pending() + 1;
            if (out.length < room) {
                out = new double[room];
            }
            append(c, out, streams[c].finish(out, 0));
        }
        int k = ready();
        for (int c : used) {
            fill[c] = Math.min(fill[c], k);
        }
    }

    /** Starts afresh (a new segment): queues emptied, resamplers reset. */
    public void reset() {
        for (int c : used) {
            streams[c] = resamplers[c].stream();
            fill[c] = 0;
        }
    }

    /** Samples of all 32 channels that can be taken. */
    public int ready() {
        int k = Integer.MAX_VALUE;
        for (int c : used) {
            k = Math.min(k, fill[c]);
        }
        return used.length == 0 ? 0 : k;
    }

    /** Removes n (at most {@link #ready}) samples: average reference, montage, into {@code eeg[c][0..n)}. */
    public void take(int n, double[][] eeg) {
        for (int c : used) {
            if (rows[c] == null || rows[c].length < n) {
                rows[c] = new double[Math.max(n, 256)];
            }
            System.arraycopy(fifo[c], 0, rows[c], 0, n);
            System.arraycopy(fifo[c], n, fifo[c], 0, fill[c] - n);
            fill[c] -= n;
        }
        if (average.length >= 2) {
            for (int i = 0; i < n; i++) {
                double m = 0;
                for (int c : average) {
                    m += rows[c][i];
                }
                m /= average.length;
                for (int c : average) {
                    rows[c][i] -= m;
                }
            }
        }
        montage.apply(rows, n, eeg);
    }

    private void append(int c, double[] x, int k) {
        if (fifo[c] == null || fifo[c].length < fill[c] + k) {
            fifo[c] = Arrays.copyOf(fifo[c] == null ? new double[0] : fifo[c], Math.max(2 * (fill[c] + k), 256));
        }
        System.arraycopy(x, 0, fifo[c], fill[c], k);
        fill[c] += k;
    }
}

package org.evoke.eeg.montage;

import org.evoke.eeg.edf.EdfFormatException;
import org.evoke.eeg.edf.EdfHeader;
import org.evoke.eeg.edf.EdfReader;
import org.evoke.eeg.edf.EdfSignal;
import org.evoke.eeg.features.ElectrodeGrid;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An EDF/BDF recording as the pipeline's input: DEAP's 32 electrodes in DEAP's order, in microvolts, at 128 Hz.
 * Per channel the samples are read in blocks of data records, converted to microvolts by the signal's unit,
 * resampled ({@link org.evoke.eeg.signal.PolyphaseResampler}, each channel from its own rate); then re-referenced to the common average
 * of the recorded EEG electrodes (as DEAP's preprocessing did; {@link Reference#NONE} keeps the recorded
 * reference) and mapped by the {@link Montage}. Memory stays bounded whatever the recording's length.
 * <p>
 * An EDF+D/BDF+D recording is read segment by segment (a segment is a run of data records without gaps): the
 * resamplers start afresh at each one, and one {@link #read} never returns samples of two segments.
 */
public final class RecordingEeg implements Closeable {
    /** The re-referencing applied before the montage. */
    public enum Reference { AVERAGE, NONE }

    /** The pipeline's sampling rate. */
    public static final int RATE = ChannelMixer.RATE;

    private final EdfReader reader;
    private final Montage montage;
    private final Reference reference;
    private final ChannelMixer mixer;
    private final int[] used;               // the recording's channels read: sources of the montage and the average
    private final EdfSignal[] signals;      // (channels,) data signals, in the montage's channel order
    private final double[] toMicrovolts;    // (channels,)
    private final long[] segmentFirst;      // first data record of each segment
    private final double[] segmentStart;    // its start in seconds
    private final int blockRecords;
    private final List<String> notes = new ArrayList<>();
    private double[] in = new double[0];
    private int segment = -1;               // the segment being read
    private long record;                    // the next data record to read in it
    private boolean segmentDone = true;

    private RecordingEeg(EdfReader reader, Montage.Missing missing, Reference reference, ChannelMap map) throws IOException {
        this.reader = reader;
        this.reference = reference;
        EdfHeader h = reader.header();
        List<EdfSignal> data = h.dataSignals();
        signals = data.toArray(EdfSignal[]::new);
        List<String> labels = data.stream().map(EdfSignal::label).toList();
        montage = Montage.of(labels, missing, map);
        boolean any = false;
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            any |= montage.sources(c).length > 0;
        }
        if (!any && montage.numberedWithoutMap()) {
            throw new EdfFormatException(reader.path().getFileName() + ": its channels are labelled in BioSemi's numbered"
                    + " layout (" + Montage.numberedLayout(labels) + "), positions on the cap rather than 10-20 names;"
                    + " give a channel map (a CSV of 'recording label,10-20 name' lines, from the cap's layout) to place them");
        }
        if (!any) {
            throw new EdfFormatException(reader.path().getFileName() + ": none of DEAP's 32 EEG electrodes among its "
                    + "channels " + (labels.size() > 12 ? labels.subList(0, 12) + " (of " + labels.size() + ")" : labels)
                    + (missing == Montage.Missing.ZERO && montage.eegChannels().length > 0
                    ? " (interpolating from the EEG electrodes it has may help)" : ""));
        }
        int n = signals.length;
        toMicrovolts = new double[n];
        double[] rates = new double[n];
        for (int s = 0; s < n; s++) {
            rates[s] = signals[s].sampleRate();
        }
        try {
            mixer = new ChannelMixer(montage, rates, reference == Reference.AVERAGE);
        } catch (IllegalArgumentException e) {
            throw new EdfFormatException(reader.path().getFileName() + ": " + e.getMessage());
        }
        used = mixer.used();
        Set<String> rateNames = new LinkedHashSet<>();
        for (int s : used) {
            EdfSignal sig = signals[s];
            double f = sig.toMicrovolts();
            if (Double.isNaN(f)) {
                notes.add("unit '" + sig.unit() + "' of '" + sig.label() + "' taken as uV");
                f = 1;
            }
            toMicrovolts[s] = f;
            rateNames.add(fmt(sig.sampleRate()));
            if (sig.sampleRate() < RATE) {
                notes.add("'" + sig.label() + "' upsampled from " + fmt(sig.sampleRate())
                        + " Hz: nothing above " + fmt(sig.sampleRate() / 2) + " Hz");
            }
        }
        notes.add(0, "resampled from " + String.join("/", rateNames) + " Hz to " + RATE + " Hz");
        notes.add(1, mixer.averaged() >= 2 ? "common average reference over " + mixer.averaged() + " EEG electrodes"
                : "recorded reference kept");
        // segments: runs of data records without a gap
        List<long[]> seg = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        seg.add(new long[] {0});
        starts.add(0.0);
        if (h.format().isDiscontinuous()) {
            for (long r = 1; r < h.records(); r++) {
                if (reader.recordStart(r) > reader.recordStart(r - 1) + h.recordDuration() + 1e-6) {
                    seg.add(new long[] {r});
                    starts.add(reader.recordStart(r));
                }
            }
            if (seg.size() > 1) {
                notes.add(seg.size() + " segments separated by gaps, read one after the other");
            }
        }
        segmentFirst = seg.stream().mapToLong(a -> a[0]).toArray();
        segmentStart = starts.stream().mapToDouble(Double::doubleValue).toArray();
        blockRecords = (int) Math.max(1, Math.min(h.records(), Math.ceil(1.0 / Math.max(h.recordDuration(), 1e-9))));
    }

    /** Opens a recording with the given handling of missing electrodes and reference. */
    public static RecordingEeg open(Path path, Montage.Missing missing, Reference reference) throws IOException {
        return open(path, missing, reference, ChannelMap.none());
    }

    /** As {@link #open(Path, Montage.Missing, Reference)}, the channel labels renamed by {@code map} first. */
    public static RecordingEeg open(Path path, Montage.Missing missing, Reference reference, ChannelMap map) throws IOException {
        EdfReader r = EdfReader.open(path);
        try {
            return new RecordingEeg(r, missing, reference, map);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    public Montage montage() {
        return montage;
    }

    public EdfReader reader() {
        return reader;
    }

    /** The montage's paragraph, then the resampling, the reference and the segments. */
    public String report() {
        return montage.report() + " Signal: " + String.join("; ", notes) + ".";
    }

    /** Segments (1 unless the recording is EDF+D/BDF+D with gaps). */
    public int segments() {
        return segmentFirst.length;
    }

    /** The segment of the samples the last {@link #read} returned. */
    public int segment() {
        return segment;
    }

    /** Start of segment s in seconds after the recording's start. */
    public double segmentStart(int s) {
        return segmentStart[s];
    }

    /** Seconds of signal in the recording. */
    public double duration() {
        return reader.header().duration();
    }

    /**
     * Up to {@code max} samples of DEAP's 32 channels into {@code eeg[c][0..)} (32 rows of at least max); returns
     * how many, or -1 after the last. Samples of one call come from one segment ({@link #segment}).
     */
    public int read(double[][] eeg, int max) throws IOException {
        while (true) {
            int ready = ready();
            if (ready > 0) {
                int n = Math.min(ready, max);
                take(n, eeg);
                return n;
            }
            if (segmentDone) {
                if (segment + 1 >= segmentFirst.length) {
                    return -1;
                }
                startSegment(segment + 1);
                continue;
            }
            readBlock();
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private int ready() {
        return mixer.ready();
    }

    private void startSegment(int s) {
        segment = s;
        record = segmentFirst[s];
        segmentDone = false;
        mixer.reset();
    }

    private long segmentEnd() {
        return segment + 1 < segmentFirst.length ? segmentFirst[segment + 1] : reader.header().records();
    }

    /** Reads the next block of data records of the segment into the mixer (and finishes the segment). */
    private void readBlock() throws IOException {
        long end = segmentEnd();
        int records = (int) Math.min(blockRecords, end - record);
        for (int c : used) {
            EdfSignal s = signals[c];
            int n = records * s.samplesPerRecord();
            if (in.length < n) {
                in = new double[n];
            }
            reader.readPhysical(s, record * s.samplesPerRecord(), in, 0, n);
            double f = toMicrovolts[c];
            if (f != 1) {
                for (int i = 0; i < n; i++) {
                    in[i] *= f;
                }
            }
            mixer.push(c, in, 0, n);
        }
        record += records;
        if (record == end) {
            segmentDone = true;
            mixer.finish();
        }
    }

    private void take(int n, double[][] eeg) {
        mixer.take(n, eeg);
    }

    private static String fmt(double hz) {
        return hz == Math.rint(hz) ? String.valueOf((long) hz) : String.format(Locale.ROOT, "%.3f", hz);
    }
}

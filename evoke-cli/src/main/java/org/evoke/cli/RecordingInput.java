package org.evoke.cli;

import org.evoke.live.StreamingFeatures;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.montage.Montage;
import org.evoke.eeg.montage.RecordingEeg;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * EDF/BDF recordings as the commands' input (a picocli mixin of {@code live}, {@code predict} and
 * {@code features}): how missing electrodes are filled and which reference is used, the recording opened through the
 * montage, and its windows' grid features, batch by batch, so that a recording of any length runs in bounded memory.
 */
final class RecordingInput {
    @Option(names = "--missing", defaultValue = "zero", paramLabel = "zero|interpolate",
            description = "EDF/BDF input: a DEAP electrode the recording lacks is 0 (as torcheeg's grid) or the mean of"
                    + " its recorded neighbours (default: ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--reference", defaultValue = "average", paramLabel = "average|none",
            description = "EDF/BDF input: re-reference to the common average of the recorded EEG electrodes, as DEAP's"
                    + " preprocessing did, or keep the recorded reference (default: ${DEFAULT-VALUE}).")
    String reference;

    @Option(names = "--channel-map", paramLabel = "FILE",
            description = "EDF/BDF and LSL input: a CSV of 'recording label,10-20 name' lines for channels whose labels"
                    + " are not 10-20/10-10 names (BioSemi's numbered caps: A1..D32).")
    Path channelMap;

    /** --channel-map, read (the empty map without the option); a bad file is one line. */
    org.evoke.eeg.montage.ChannelMap channelMap() {
        if (channelMap == null) {
            return org.evoke.eeg.montage.ChannelMap.none();
        }
        try {
            return org.evoke.eeg.montage.ChannelMap.read(channelMap);
        } catch (IllegalArgumentException e) {
            throw new UserException("--channel-map: " + e.getMessage());
        }
    }

    /** The montage's report, and its warning on a line of its own when too few electrodes were found. */
    static String reportWithWarning(org.evoke.eeg.montage.Montage montage, String report, String prefix) {
        String w = montage.warning();
        return w == null ? report : report + System.lineSeparator() + prefix + "WARNING: " + w;
    }

    /** Whether the file starts like an EDF ("0" and spaces) or a BDF (0xFF "BIOSEMI") recording. */
    static boolean isRecording(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(8);
            if (h.length < 8) {
                return false;
            }
            if ((h[0] & 0xff) == 0xff) {
                return new String(h, 1, 7, java.nio.charset.StandardCharsets.ISO_8859_1).equals("BIOSEMI");
            }
            return new String(h, java.nio.charset.StandardCharsets.ISO_8859_1).equals("0       ");
        } catch (IOException e) {
            return false;
        }
    }

    /** --missing as the montage's policy. */
    Montage.Missing missingPolicy() {
        return switch (missing.toLowerCase(Locale.ROOT)) {
            case "zero" -> Montage.Missing.ZERO;
            case "interpolate" -> Montage.Missing.INTERPOLATE;
            default -> throw new UserException("--missing must be zero or interpolate, got '" + missing + "'");
        };
    }

    /** --reference: whether to re-reference to the common average. */
    boolean averageReference() {
        return switch (reference.toLowerCase(Locale.ROOT)) {
            case "average" -> true;
            case "none" -> false;
            default -> throw new UserException("--reference must be average or none, got '" + reference + "'");
        };
    }

    /** Opens a recording with these options; any problem is one line. */
    RecordingEeg open(Path p) {
        Montage.Missing m = missingPolicy();
        RecordingEeg.Reference r = averageReference() ? RecordingEeg.Reference.AVERAGE : RecordingEeg.Reference.NONE;
        try {
            return RecordingEeg.open(p, m, r, channelMap());
        } catch (IOException e) {
            String msg = e.getMessage();
            throw new UserException(msg.contains("give a channel map") ? msg.replace("give a channel map", "give --channel-map FILE") : msg);
        }
    }

    /** A batch of windows: features (n, B, 9, 9) row-major, each window's segment and start in seconds. */
    record Batch(float[][] features, int[] segment, double[] start) {
    }

    /**
     * The grid features of every window of the recording, in batches of at most {@code batch} windows handed to
     * {@code sink}. Each segment is a trial: its first seconds are the preset's baseline, the windows follow.
     * Returns the number of windows.
     */
    static long features(RecordingEeg rec, Preset preset, FeatureKind kind, int batch,
                         java.util.function.Consumer<Batch> sink) {
        if (!kind.onGrid()) {
            throw new UserException("EDF/BDF input gives DE or PSD features on the grid; raw windows (Arjun ViT on raw "
                    + "EEG) are made from DEAP files only");
        }
        double[][] chunk = new double[32][preset.samplingRate()];
        float[][] part = new float[32][];
        StreamingFeatures f = null;
        int segment = -1;
        long total = 0;
        List<float[]> feats = new ArrayList<>();
        List<Integer> segs = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        try {
            int n;
            while ((n = rec.read(chunk, chunk[0].length)) >= 0) {
                if (rec.segment() != segment) {
                    segment = rec.segment();
                    f = new StreamingFeatures(preset, kind);
                }
                for (int c = 0; c < 32; c++) {
                    float[] row = part[c] != null && part[c].length == n ? part[c] : new float[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = (float) chunk[c][i];
                    }
                    part[c] = row;
                }
                long before = f.windows();
                List<float[]> out = f.push(part);
                for (int k = 0; k < out.size(); k++) {
                    feats.add(out.get(k));
                    segs.add(segment);
                    starts.add(rec.segmentStart(segment) + preset.baselineSeconds() + f.windowStartSeconds(before + k));
                    if (feats.size() == batch) {
                        total += flush(feats, segs, starts, sink);
                    }
                }
            }
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        }
        return total + flush(feats, segs, starts, sink);
    }

    private static int flush(List<float[]> feats, List<Integer> segs, List<Double> starts,
                             java.util.function.Consumer<Batch> sink) {
        int n = feats.size();
        if (n == 0) {
            return 0;
        }
        sink.accept(new Batch(feats.toArray(float[][]::new), segs.stream().mapToInt(Integer::intValue).toArray(),
                starts.stream().mapToDouble(Double::doubleValue).toArray()));
        feats.clear();
        segs.clear();
        starts.clear();
        return n;
    }
}

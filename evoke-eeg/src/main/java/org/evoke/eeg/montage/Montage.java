package org.evoke.eeg.montage;

import org.evoke.eeg.features.ElectrodeGrid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording's channels matched to DEAP's 32 electrodes, in DEAP's order ({@link ElectrodeGrid#NAMES}).
 * <p>
 * A label names an electrode after its decorations are removed: case, surrounding spaces, an "EEG" prefix and a
 * reference suffix ("EEG Fp1-REF", "Fp1-A1", "FP1-LE", "eeg fp1" are all FP1), old names replaced by new ones (T3
 * is T7, T4 T8, T5 P7, T6 P8). A bipolar derivation ("Fp1-F3") is not an electrode and is set aside, as are
 * reference electrodes (A1, M2, ...) and channels that are no electrode at all (ECG, EOG, Status, Resp, "EDF
 * Annotations"). 10-10 electrodes off DEAP's grid (Fpz, F1, AF7, TP9, ...) are not placed on it but can fill a
 * missing neighbour.
 * <p>
 * A DEAP electrode the recording lacks is 0 ({@link Missing#ZERO}, torcheeg's grid leaves empty cells 0 too) or the
 * inverse-distance weighted mean of the recorded electrodes within {@value #RADIUS} grid cells of it
 * ({@link Missing#INTERPOLATE}; 0 when there are none). {@link #report()} says all of this in one paragraph.
 */
public final class Montage {
    /** How a DEAP electrode the recording lacks is filled. */
    public enum Missing { ZERO, INTERPOLATE }

    /** What a recording's channel is to the montage. */
    public enum Role { GRID, OFF_GRID, DUPLICATE, BIPOLAR, REFERENCE, NUMBERED, OTHER }

    /** Fewer DEAP electrodes than this, and {@link #warning()} says so. */
    public static final int FEW = 8;

    /** A cap position of BioSemi's numbered layouts: a letter A..H (32 electrodes each) and a number 1..32. */
    private static final Pattern NUMBERED = Pattern.compile("^([A-H])([1-9]|[12][0-9]|3[0-2])$");

    /** Neighbours farther than this (in grid cells) do not fill a missing electrode. */
    public static final double RADIUS = 2.0;

    private static final Pattern PREFIX = Pattern.compile("^(?:EEG)[\\s:_-]*(.+)$");

    private final List<String> labels;
    private final Role[] roles;          // (channels,)
    private final String[] electrodes;   // (channels,) canonical electrode, or null
    private final int[][] from;          // (32, k) the channels DEAP electrode e is made of
    private final double[][] weights;    // (32, k) their weights
    private final boolean[] recorded;    // (32,) whether DEAP electrode c is one of the recording's channels
    private final Missing missing;
    private final ChannelMap map;
    private final String numbered;       // "128 channels, A1..D32" for BioSemi's numbered layout, or null

    private Montage(List<String> labels, Missing missing, ChannelMap map) {
        this.labels = List.copyOf(labels);
        this.missing = missing;
        this.map = map;
        this.numbered = numberedLayout(labels);
        int n = labels.size();
        roles = new Role[n];
        electrodes = new String[n];
        Map<String, Integer> found = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (numbered != null && map.apply(labels.get(i)).equals(labels.get(i))
                    && NUMBERED.matcher(labels.get(i).strip().toUpperCase(Locale.ROOT)).matches()) {
                roles[i] = Role.NUMBERED; // a cap position the map does not name, not the 10-20 electrode of that name
                continue;
            }
            String[] parsed = parse(map.apply(labels.get(i)));
            String e = parsed[0];
            if (e == null) {
                roles[i] = parsed[1] != null ? Role.valueOf(parsed[1]) : Role.OTHER;
                continue;
            }
            if (found.containsKey(e)) {
                roles[i] = Role.DUPLICATE;
                electrodes[i] = e;
                continue;
            }
            found.put(e, i);
            electrodes[i] = e;
            roles[i] = grid(e) >= 0 ? Role.GRID : Role.OFF_GRID;
        }
        from = new int[ElectrodeGrid.CHANNELS][];
        weights = new double[ElectrodeGrid.CHANNELS][];
        recorded = new boolean[ElectrodeGrid.CHANNELS];
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            String e = ElectrodeGrid.NAMES[c];
            Integer at = found.get(e);
            if (at != null) {
                recorded[c] = true;
                from[c] = new int[] {at};
                weights[c] = new double[] {1};
            } else if (missing == Missing.INTERPOLATE) {
                List<Integer> near = new ArrayList<>();
                List<Double> w = new ArrayList<>();
                double sum = 0;
                for (Map.Entry<String, Integer> f : found.entrySet()) {
                    double d = Electrodes.distance(e, f.getKey());
                    if (d <= RADIUS) {
                        near.add(f.getValue());
                        w.add(1 / d);
                        sum += 1 / d;
                    }
                }
                from[c] = near.stream().mapToInt(Integer::intValue).toArray();
                weights[c] = new double[near.size()];
                for (int k = 0; k < near.size(); k++) {
                    weights[c][k] = w.get(k) / sum;
                }
            } else {
                from[c] = new int[0];
                weights[c] = new double[0];
            }
        }
    }

    /** The montage of a recording whose channels carry {@code labels}, in order. */
    public static Montage of(List<String> labels, Missing missing) {
        return new Montage(labels, missing, ChannelMap.none());
    }

    /** The montage of {@code labels} renamed by {@code map} first (a label the map does not name keeps its own). */
    public static Montage of(List<String> labels, Missing missing, ChannelMap map) {
        return new Montage(labels, missing, map);
    }

    /**
     * Whether {@code labels} are BioSemi's numbered cap positions (A1..A32, B1..B32, ..., H1..H32, 16 to 256
     * electrodes) rather than 10-20 names: at least 16 labels of that form, more than half of the labels, and
     * either letters that no 10-20 name uses alone (B, D, E, G, H) or at least 16 A-positions (the 10-20 system has
     * only A1 and A2). Null when not; else "128 channels, A1..D32".
     */
    static String numberedLayout(List<String> labels) {
        int count = 0;
        boolean beyond1020 = false;
        int a = 0;
        char last = 'A';
        int lastNumber = 0;
        for (String l : labels) {
            Matcher m = NUMBERED.matcher(l.strip().toUpperCase(Locale.ROOT));
            if (m.matches()) {
                count++;
                char c = m.group(1).charAt(0);
                beyond1020 |= "BDEGH".indexOf(c) >= 0;
                a += c == 'A' ? 1 : 0;
                if (c > last || (c == last && Integer.parseInt(m.group(2)) > lastNumber)) {
                    last = c;
                    lastNumber = Integer.parseInt(m.group(2));
                }
            }
        }
        if (count < 16 || 2 * count <= labels.size() || !(beyond1020 || a >= 16)) {
            return null;
        }
        return count + " channels, A1.." + last + lastNumber;
    }

    /** Whether the labels are BioSemi's numbered layout and no channel map said what they are. */
    public boolean numberedWithoutMap() {
        return numbered != null && map.isEmpty();
    }

    /**
     * One line when too few of DEAP's electrodes were found for features worth having (fewer than {@value #FEW}),
     * else null.
     */
    public String warning() {
        int f = found();
        if (f >= FEW) {
            return null;
        }
        return "only " + f + " of DEAP's 32 electrodes found: the features come from few places of the head"
                + (numberedWithoutMap() ? "; the labels are BioSemi's numbered cap positions: give a channel map"
                : "; check the channel labels, or give a channel map (recording label -> 10-20 name)");
    }

    /**
     * {canonical electrode or null, role name when not an electrode}: the label's electrode with its decorations
     * removed, or why it is none.
     */
    static String[] parse(String label) {
        String s = label.strip().toUpperCase(Locale.ROOT);
        Matcher m = PREFIX.matcher(s);
        if (m.matches()) {
            s = m.group(1).strip();
        }
        String suffix = null;
        int dash = s.indexOf('-');
        if (dash > 0) {
            suffix = s.substring(dash + 1).strip();
            s = s.substring(0, dash).strip();
        }
        String e = Electrodes.canonical(s);
        if (e == null) {
            return new String[] {null, Electrodes.REFERENCES.contains(s) ? "REFERENCE" : "OTHER"};
        }
        if (suffix != null && !Electrodes.REFERENCES.contains(suffix) && !suffix.startsWith("REF")) {
            return new String[] {null, Electrodes.canonical(suffix) != null ? "BIPOLAR" : "OTHER"};
        }
        return new String[] {e, null};
    }

    private static int grid(String canonical) {
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            if (ElectrodeGrid.NAMES[c].equals(canonical)) {
                return c;
            }
        }
        return -1;
    }

    /** The role of channel i. */
    public Role role(int channel) {
        return roles[channel];
    }

    /** The recording's channels that are EEG electrodes (on the grid or off it, duplicates excluded). */
    public int[] eegChannels() {
        return java.util.stream.IntStream.range(0, roles.length)
                .filter(i -> roles[i] == Role.GRID || roles[i] == Role.OFF_GRID).toArray();
    }

    /** The channels DEAP electrode c is made of (one when recorded, its neighbours when interpolated, none when 0). */
    public int[] sources(int c) {
        return from[c].clone();
    }

    /** Their weights, in the order of {@link #sources}. */
    public double[] weights(int c) {
        return weights[c].clone();
    }

    /** Whether DEAP electrode c is one of the recording's channels. */
    public boolean recorded(int c) {
        return recorded[c];
    }

    /** DEAP electrodes the recording has. */
    public int found() {
        int k = 0;
        for (boolean r : recorded) {
            k += r ? 1 : 0;
        }
        return k;
    }

    /**
     * DEAP's 32 channels from the recording's: {@code out[c][0..n)} = the weighted sum of electrode c's sources
     * (0 when it has none). {@code in} holds the recording's channels, {@code in[i][0..n)}; rows of channels no
     * electrode uses may be null.
     */
    public void apply(double[][] in, int n, double[][] out) {
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            double[] o = out[c];
            Arrays.fill(o, 0, n, 0);
            for (int k = 0; k < from[c].length; k++) {
                double[] x = in[from[c][k]];
                double w = weights[c][k];
                for (int i = 0; i < n; i++) {
                    o[i] += w * x[i];
                }
            }
        }
    }

    /** One paragraph: which DEAP electrodes were found (and under which labels), filled or zero, and what was set aside. */
    public String report() {
        StringBuilder s = new StringBuilder();
        int found = found();
        if (numbered != null && !map.isEmpty()) {
            s.append("Montage (BioSemi's numbered layout, ").append(numbered).append(", through the ").append(map)
                    .append("; positions it does not name are not placed): ");
        } else if (numbered != null) {
            s.append("Montage: BioSemi's numbered layout (").append(numbered).append("): its labels are positions on the cap,"
                    + " not 10-20 names (its A1 is no ear reference, its C3 no central electrode), so none is placed on DEAP's"
                    + " grid without a channel map (recording label -> 10-20 name). ");
        } else if (!map.isEmpty()) {
            s.append("Montage (labels through the ").append(map).append("): ");
        } else {
            s.append("Montage: ");
        }
        s.append(found).append(" of DEAP's 32 electrodes found");
        List<String> renamed = new ArrayList<>();
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            if (recorded[c]) {
                String label = labels.get(from[c][0]).strip();
                if (!label.equalsIgnoreCase(ElectrodeGrid.NAMES[c])) {
                    renamed.add(pretty(ElectrodeGrid.NAMES[c]) + " from '" + label + "'");
                }
            }
        }
        if (!renamed.isEmpty()) {
            s.append(" (").append(String.join(", ", renamed)).append(")");
        }
        s.append('.');
        List<String> filled = new ArrayList<>(), zero = new ArrayList<>();
        for (int c = 0; c < ElectrodeGrid.CHANNELS; c++) {
            if (recorded[c]) {
                continue;
            }
            if (from[c].length == 0) {
                zero.add(pretty(ElectrodeGrid.NAMES[c]));
            } else {
                List<String> n = new ArrayList<>();
                for (int k : from[c]) {
                    n.add(pretty(electrodes[k]));
                }
                filled.add(pretty(ElectrodeGrid.NAMES[c]) + " from " + String.join("+", n));
            }
        }
        if (!filled.isEmpty()) {
            s.append(" Interpolated from recorded neighbours within ").append((int) RADIUS).append(" cells: ")
                    .append(String.join(", ", filled)).append('.');
        }
        if (!zero.isEmpty()) {
            s.append(" Missing, set to 0").append(missing == Missing.INTERPOLATE ? " (no recorded neighbour)" : "")
                    .append(": ").append(String.join(", ", zero)).append('.');
        }
        Map<Role, List<String>> aside = new LinkedHashMap<>();
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] != Role.GRID) {
                aside.computeIfAbsent(roles[i], r -> new ArrayList<>()).add("'" + labels.get(i).strip() + "'");
            }
        }
        for (Map.Entry<Role, List<String>> a : aside.entrySet()) {
            s.append(' ').append(switch (a.getKey()) {
                case OFF_GRID -> missing == Missing.INTERPOLATE
                        ? "EEG off DEAP's grid (used only to fill missing electrodes)" : "EEG off DEAP's grid, not used";
                case DUPLICATE -> "Ignored as duplicates of an electrode already found";
                case BIPOLAR -> "Ignored as bipolar derivations";
                case REFERENCE -> "Ignored as reference electrodes";
                case NUMBERED -> "Cap positions of the numbered layout, not placed";
                default -> "Ignored (not EEG electrodes)";
            }).append(": ").append(listed(a.getValue())).append('.');
        }
        return s.toString();
    }

    /** A list of labels, its middle left out when it is long: "'A1', 'A2', ..., 'D32' (128)". */
    private static String listed(List<String> items) {
        if (items.size() <= 12) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, 6)) + ", ..., " + String.join(", ", items.subList(items.size() - 2, items.size()))
                + " (" + items.size() + ")";
    }

    /** "FP1" as people write it: "Fp1", "AF3", "Cz", "POz". */
    public static String pretty(String canonical) {
        if (canonical == null) {
            return "?";
        }
        String s = canonical.replace("FP", "Fp").replace("Z", "z");
        return s;
    }
}

package org.evoke.eeg.montage;

import org.evoke.tensor.io.OneLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a recording's channels are, when their labels do not say it in 10-20/10-10 names: recording label -> electrode
 * name ("A1 -> Cz" for a BioSemi cap in its numbered layout). Read from a CSV of {@code label,electrode} lines (a
 * header line {@code label,electrode} and {@code #} comments allowed); labels are matched without regard to case or
 * surrounding spaces, and a label the map does not name keeps its own.
 */
public final class ChannelMap {
    private static final ChannelMap NONE = new ChannelMap(Map.of(), "no channel map");

    private final Map<String, String> names; // upper-case stripped label -> electrode as written in the map
    private final String source;

    private ChannelMap(Map<String, String> names, String source) {
        this.names = names;
        this.source = source;
    }

    /** The empty map: every label stands for itself. */
    public static ChannelMap none() {
        return NONE;
    }

    /**
     * A map given in code: recording label -> 10-20/10-10 electrode name.
     *
     * @throws IllegalArgumentException when a name is no electrode or a label is mapped twice
     */
    public static ChannelMap of(Map<String, String> labelToElectrode) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : labelToElectrode.entrySet()) {
            add(m, e.getKey(), e.getValue(), "channel map", "'" + e.getKey() + "'");
        }
        return new ChannelMap(Map.copyOf(m), "channel map of " + m.size() + " labels");
    }

    /**
     * Reads a CSV channel map.
     *
     * @throws IllegalArgumentException with one line naming the file and the line that is wrong
     */
    public static ChannelMap read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("channel map " + csv + " cannot be read: " + OneLine.of(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) { // not UTF-8
            throw new IllegalArgumentException("channel map " + csv + " is not a text file (UTF-8 CSV of label,electrode lines)");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[,;\\t]", -1);
            if (f.length != 2) {
                throw new IllegalArgumentException("channel map " + csv + ", line " + (i + 1) + ": expected 'label,electrode', got '"
                        + OneLine.of(line) + "'");
            }
            if (m.isEmpty() && f[0].strip().equalsIgnoreCase("label")) {
                continue; // header
            }
            add(m, f[0], f[1], "channel map " + csv, "line " + (i + 1));
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("channel map " + csv + " maps no label (expected 'label,electrode' lines)");
        }
        return new ChannelMap(Map.copyOf(m), "channel map " + csv.getFileName() + " (" + m.size() + " labels)");
    }

    private static void add(Map<String, String> m, String label, String electrode, String what, String where) {
        String key = label.strip().toUpperCase(Locale.ROOT);
        String name = electrode.strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(what + ", " + where + ": an empty recording label");
        }
        if (Electrodes.canonical(name.toUpperCase(Locale.ROOT)) == null) {
            throw new IllegalArgumentException(what + ", " + where + ": '" + OneLine.of(name) + "' is not a 10-20/10-10 electrode name");
        }
        if (m.put(key, name) != null) {
            throw new IllegalArgumentException(what + ", " + where + ": label '" + OneLine.of(label.strip()) + "' is mapped twice");
        }
    }

    /** The label this map gives {@code label} (the label itself when the map does not name it). */
    public String apply(String label) {
        String to = names.get(label.strip().toUpperCase(Locale.ROOT));
        return to == null ? label : to;
    }

    /** Whether the map names no label. */
    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** How many labels it maps. */
    public int size() {
        return names.size();
    }

    @Override
    public String toString() {
        return source;
    }
}

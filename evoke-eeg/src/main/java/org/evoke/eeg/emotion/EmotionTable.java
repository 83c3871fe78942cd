package org.evoke.eeg.emotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The mapping from the three binary labels (valence, arousal, dominance) to eight emotions. The paper's Fig. 3
 * maps the eight label codes to eight emotions but prints only one row (all low = neutral); the default table
 * (resource {@code emotions.json}, docs/design.md, section 9) places the others by their prototypes:
 * <pre>
 *   V A D  emotion
 *   0 0 0  neutral      (the paper)
 *   0 0 1  sad
 *   0 1 0  fearful
 *   0 1 1  angry
 *   1 0 0  disgusted    (forced: a negative emotion in a high-valence octant)
 *   1 0 1  happy
 *   1 1 0  surprised
 *   1 1 1  excited
 * </pre>
 * A user can supply another table as JSON of the same shape: {@code {"emotions": [{"code": "000", "name": ...,
 * "valence": ..., "arousal": ..., "dominance": ...}, ...]}} with every code 000..111 exactly once.
 * <p>
 * Codes are written V A D, so code = 4 V + 2 A + D.
 */
public final class EmotionTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_RESOURCE = "emotions.json";

    private final Emotion[] byCode; // (8,) indexed by 4V + 2A + D
    private final String description;

    private EmotionTable(Emotion[] byCode, String description) {
        this.byCode = byCode;
        this.description = description;
    }

    /** The default table of docs/design.md, section 9. */
    public static EmotionTable defaultTable() {
        try (InputStream in = EmotionTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " missing from the evoke-eeg jar");
            }
            return read(in, "resource " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + DEFAULT_RESOURCE, e);
        }
    }

    /** A user's table from a JSON file. */
    public static EmotionTable load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read emotion table " + file + ": " + e.getMessage(), e);
        }
    }

    /** A table from JSON; {@code source} names it in error messages. */
    public static EmotionTable read(InputStream in, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("emotion table " + source + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.path("emotions").isArray()) {
            throw new IllegalArgumentException("emotion table " + source + ": expected an object with an \"emotions\" array");
        }
        Emotion[] byCode = new Emotion[8];
        for (JsonNode row : root.get("emotions")) {
            String code = row.path("code").asText("");
            if (!code.matches("[01]{3}")) {
                throw new IllegalArgumentException("emotion table " + source + ": code '" + code
                        + "' is not three binary digits V A D (000..111)");
            }
            int c = Integer.parseInt(code, 2);
            if (byCode[c] != null) {
                throw new IllegalArgumentException("emotion table " + source + ": code " + code + " appears twice");
            }
            for (String f : new String[] {"name", "valence", "arousal", "dominance"}) {
                if (!row.hasNonNull(f)) {
                    throw new IllegalArgumentException("emotion table " + source + ": row " + code + " lacks \"" + f + "\"");
                }
            }
            try {
                byCode[c] = new Emotion(row.get("name").asText(), row.get("valence").asDouble(), row.get("arousal").asDouble(),
                        row.get("dominance").asDouble());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("emotion table " + source + ": " + e.getMessage());
            }
        }
        for (int c = 0; c < 8; c++) {
            if (byCode[c] == null) {
                throw new IllegalArgumentException("emotion table " + source + ": code " + code(c)
                        + " is missing; every code 000..111 needs an emotion");
            }
        }
        return new EmotionTable(byCode, root.path("description").asText(""));
    }

    /** The emotion of a label code, 4V + 2A + D in 0..7. */
    public Emotion of(int code) {
        if (code < 0 || code > 7) {
            throw new IllegalArgumentException("label code must be 0..7 (4V + 2A + D), got " + code);
        }
        return byCode[code];
    }

    public Emotion of(boolean valence, boolean arousal, boolean dominance) {
        return byCode[(valence ? 4 : 0) | (arousal ? 2 : 0) | (dominance ? 1 : 0)];
    }

    /**
     * The emotion of three labels or probabilities (valence, arousal, dominance), each high when {@code >= threshold}
     * (0.5 for probabilities; labels in {0, 1} work with any threshold in (0, 1]).
     */
    public Emotion of(double[] vad, double threshold) {
        if (vad.length != 3) {
            throw new IllegalArgumentException("expected 3 values (valence, arousal, dominance), got " + vad.length);
        }
        for (double v : vad) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("valence/arousal/dominance value is NaN");
            }
        }
        return of(vad[0] >= threshold, vad[1] >= threshold, vad[2] >= threshold);
    }

    /** {@link #of(double[], double)} with threshold 0.5, for sigmoid outputs or 0/1 labels. */
    public Emotion ofProbabilities(double[] vad) {
        return of(vad, 0.5);
    }

    /** The label code of an emotion in this table (its first occurrence), or -1. */
    public int codeOf(String name) {
        for (int c = 0; c < 8; c++) {
            if (byCode[c].name().equals(name)) {
                return c;
            }
        }
        return -1;
    }

    /** The eight rows in code order. */
    public List<Emotion> emotions() {
        List<Emotion> l = new ArrayList<>(8);
        Collections.addAll(l, byCode);
        return Collections.unmodifiableList(l);
    }

    /** The codes whose emotion's prototype lies in another octant (in the default table: sad, disgusted, happy). */
    public List<String> displacedCodes() {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            if (byCode[c].prototypeOctant() != c && !(c == 0 && isOrigin(byCode[c]))) {
                out.add(code(c));
            }
        }
        return out;
    }

    private static boolean isOrigin(Emotion e) {
        return e.valence() == 0 && e.arousal() == 0 && e.dominance() == 0;
    }

    /** The table as JSON in the format {@link #read} accepts. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", description);
        ArrayNode rows = root.putArray("emotions");
        for (int c = 0; c < 8; c++) {
            ObjectNode r = rows.addObject();
            r.put("code", code(c));
            r.put("name", byCode[c].name());
            r.put("valence", byCode[c].valence());
            r.put("arousal", byCode[c].arousal());
            r.put("dominance", byCode[c].dominance());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toJson()} to a temp file beside {@code file}, then renames it into place. */
    public void save(Path file) {
        writeAtomically(file, toJson());
    }

    static void writeAtomically(Path file, String text) {
        org.evoke.tensor.io.AtomicFiles.writeString(file, text);
    }

    /** "101" for 5. */
    public static String code(int c) {
        return "" + ((c >> 2) & 1) + ((c >> 1) & 1) + (c & 1);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("V A D  emotion\n");
        for (int c = 0; c < 8; c++) {
            String k = code(c);
            sb.append(k.charAt(0)).append(' ').append(k.charAt(1)).append(' ').append(k.charAt(2)).append("  ")
                    .append(byCode[c].name()).append('\n');
        }
        return sb.toString();
    }
}

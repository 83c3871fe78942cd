package org.evoke.eeg.avatar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.evoke.eeg.emotion.Emotion;
import org.evoke.eeg.emotion.EmotionTable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One expression preset per emotion, by emotion name. The default library (resource {@code expressions.json})
 * gives each of the eight default emotions its FACS action units; a user can load another file of the same
 * shape, {@code {"expressions": {"happy": {"AU6": 0.8, "AU12": 1.0}, ...}}}. {@link #toJson()} exports every
 * preset with its action units and all 52 ARKit blendshape weights, ready for a 3D engine.
 */
public final class ExpressionLibrary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_RESOURCE = "expressions.json";

    private final Map<String, Expression> byName; // insertion order

    private ExpressionLibrary(Map<String, Expression> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static ExpressionLibrary defaultLibrary() {
        try (InputStream in = ExpressionLibrary.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " missing from the evoke-eeg jar");
            }
            return read(in, "resource " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + DEFAULT_RESOURCE, e);
        }
    }

    public static ExpressionLibrary load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read expression library " + file + ": " + e.getMessage(), e);
        }
    }

    /** A library from JSON; {@code source} names it in error messages. */
    public static ExpressionLibrary read(InputStream in, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("expression library " + source + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.path("expressions").isObject()) {
            throw new IllegalArgumentException("expression library " + source + ": expected an object with an \"expressions\" object");
        }
        Map<String, Expression> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("expressions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map<ActionUnit, Double> aus = new EnumMap<>(ActionUnit.class);
            JsonNode spec = e.getValue().has("actionUnits") ? e.getValue().get("actionUnits") : e.getValue();
            for (Iterator<Map.Entry<String, JsonNode>> f = spec.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> au = f.next();
                if (!au.getValue().isNumber()) {
                    throw new IllegalArgumentException("expression library " + source + ": " + e.getKey() + "." + au.getKey()
                            + " must be a number in [0, 1]");
                }
                try {
                    aus.put(ActionUnit.parse(au.getKey()), au.getValue().asDouble());
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("expression library " + source + ", " + e.getKey() + ": " + ex.getMessage());
                }
            }
            try {
                m.put(e.getKey(), Expression.fromActionUnits(e.getKey(), aus));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("expression library " + source + ": " + ex.getMessage());
            }
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("expression library " + source + " has no expressions");
        }
        return new ExpressionLibrary(m);
    }

    /** The preset of an emotion name. */
    public Expression get(String emotion) {
        Expression e = byName.get(emotion);
        if (e == null) {
            throw new IllegalArgumentException("no avatar expression for emotion '" + emotion + "'; the library has "
                    + byName.keySet());
        }
        return e;
    }

    public Expression get(Emotion emotion) {
        return get(emotion.name());
    }

    /** Checks that every emotion of {@code table} has a preset; throws naming the first one missing. */
    public void requireCovers(EmotionTable table) {
        for (Emotion e : table.emotions()) {
            get(e);
        }
    }

    public Map<String, Expression> all() {
        return byName;
    }

    /**
     * Every preset as JSON: {@code {"expressions": {"happy": {"actionUnits": {"AU6": {"intensity": 0.8, "name":
     * "cheek raiser"}, ...}, "blendshapes": {"eyeBlinkLeft": 0.0, ...}}, ...}}}. {@link #read} reads it back.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode all = root.putObject("expressions");
        for (Expression e : byName.values()) {
            fill(all.putObject(e.name()), e);
        }
        return pretty(root);
    }

    /**
     * One preset as JSON, in the same form as one entry of {@link #toJson()} (and readable by {@link #read} when
     * wrapped in {@code {"expressions": {name: ...}}}): {@code {"name": "happy", "actionUnits": {...}, "facsNames":
     * {...}, "blendshapes": {... all 52 ...}}}.
     */
    public static String toJson(Expression e) {
        ObjectNode one = JSON.createObjectNode();
        one.put("name", e.name());
        fill(one, e);
        return pretty(one);
    }

    private static void fill(ObjectNode one, Expression e) {
        ObjectNode aus = one.putObject("actionUnits");
        for (Map.Entry<ActionUnit, Double> au : e.actionUnits().entrySet()) {
            aus.put(au.getKey().name(), au.getValue());
        }
        ObjectNode facs = one.putObject("facsNames");
        for (ActionUnit au : e.actionUnits().keySet()) {
            facs.put(au.name(), au.facsName());
        }
        ObjectNode bs = one.putObject("blendshapes");
        e.blendshapeMap().forEach(bs::put);
    }

    private static String pretty(ObjectNode root) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes {@link #toJson()} atomically (temp file, then rename). */
    public void save(Path file) {
        writeAtomically(file, toJson());
    }

    static void writeAtomically(Path file, String text) {
        org.evoke.tensor.io.AtomicFiles.writeString(file, text);
    }
}

package org.evoke.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * JSON for study results (Jackson, records as objects, pretty-printed). Files are written to a temporary file and
 * renamed, so a reader never sees half a file.
 */
public final class Results {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Results() {
    }

    /** The JSON text of a result record (or any record of this package). */
    public static String toJson(Object result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + result.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON written by {@link #toJson} back into {@code type}. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code result} as JSON at {@code file}, atomically. */
    public static void write(Path file, Object result) {
        writeText(file, toJson(result));
    }

    /** Reads a {@code type} from a JSON file. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return fromJson(Files.readString(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes text at {@code file} through a temporary file in the same directory and a rename. */
    static void writeText(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void writeBytes(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

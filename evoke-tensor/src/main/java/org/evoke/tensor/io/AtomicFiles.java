package org.evoke.tensor.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that a crash never leaves it half-written: the content goes to a temporary file in the same
 * directory, which is then renamed over the target (atomically where the file system can). On failure the
 * temporary file is removed and the target is untouched. Every file the project writes goes through here.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the content of a file, given its (temporary) path. */
    @FunctionalInterface
    public interface Body {
        void write(Path tmp) throws IOException;
    }

    /** Runs {@code body} on a temporary file beside {@code target}, then renames it over {@code target}. */
    public static Path write(Path target, Body body) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            body.write(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return abs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file never replaced the target
                }
            }
        }
    }

    /** Writes {@code text} as UTF-8. */
    public static Path writeString(Path target, String text) {
        return write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }
}

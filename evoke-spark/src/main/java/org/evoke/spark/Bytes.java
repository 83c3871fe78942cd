package org.evoke.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Files as bytes for shipping through Spark: our writers and readers (feature sets, model weights) take paths, so a
 * value crosses as the bytes of the file it would be saved to, through a temporary file that is always removed.
 */
final class Bytes {
    private Bytes() {
    }

    /** The bytes {@code write} puts into a file. */
    static byte[] of(Consumer<Path> write) {
        return withTemp(tmp -> {
            write.accept(tmp);
            try {
                return Files.readAllBytes(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** What {@code read} makes of a file holding {@code bytes}. */
    static <T> T read(byte[] bytes, Function<Path, T> read) {
        return withTemp(tmp -> {
            try {
                Files.write(tmp, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return read.apply(tmp);
        });
    }

    private static <T> T withTemp(Function<Path, T> body) {
        try {
            Path tmp = Files.createTempFile("evoke-spark", ".safetensors");
            try {
                return body.apply(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

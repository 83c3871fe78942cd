package org.evoke.eeg.cache;

import org.evoke.eeg.features.FeatureKind;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.io.SafeTensorsException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A directory of cached per-subject features, so that a second run over the same data starts at once.
 *
 * <p><b>Keys.</b> An entry's key is {@code SHA-256("evoke-feature-cache/1" \n contentHash \n presetFingerprint \n
 * kind)}, where {@code contentHash} is the SHA-256 of the subject file's bytes and {@code presetFingerprint} every
 * setting of the preset ({@code Preset.fingerprint()}). Renaming or moving a file keeps its entry; changing one byte
 * or one preset setting makes a new one.
 *
 * <p><b>Hashing cost.</b> Hashing a 103 MB DEAP file takes a few tenths of a second, so content hashes are memoised:
 * {@code hashes/<SHA-256 of the absolute path>} holds the file's size, modification time and content hash, and the
 * hash is reused while size and modification time are unchanged (the rule make and git use). A file rewritten in
 * place with the same size and the same timestamp would be missed; construct the cache with
 * {@code trustTimestamps = false} to hash every time.
 *
 * <p><b>Layout.</b> {@code <dir>/features/<key>.safetensors} with {@code features} (W, 4, 9, 9) F32, {@code labels}
 * (W, 3) F32, {@code trial} (W) I32 and metadata (subject id, source file, preset, kind, content hash), written
 * atomically (temporary file + rename), so a crash mid-dataset keeps every finished subject and never leaves a
 * half-written entry. A corrupt entry is ignored and rewritten. Safe for concurrent use by several threads.
 */
public final class FeatureCache {
    /** The default cache directory name, under the working directory. */
    public static final String DEFAULT_DIR = ".evoke-cache";
    static final String KEY_VERSION = "evoke-feature-cache/1";

    private final Path dir;
    private final boolean trustTimestamps;

    /** A cache in {@code dir}, memoising content hashes by size and modification time. */
    public FeatureCache(Path dir) {
        this(dir, true);
    }

    /** A cache in {@code dir}; {@code trustTimestamps} = false hashes every input file on every use. */
    public FeatureCache(Path dir, boolean trustTimestamps) {
        this.dir = dir.toAbsolutePath().normalize();
        this.trustTimestamps = trustTimestamps;
    }

    /** The cache in {@code .evoke-cache/} under the working directory. */
    public static FeatureCache inWorkingDirectory() {
        return new FeatureCache(Paths.get(System.getProperty("user.dir")).resolve(DEFAULT_DIR));
    }

    public Path directory() {
        return dir;
    }

    /** One subject's cached features. */
    public record Entry(INDArray features, INDArray labels, int[] trial) {
        /**
         * @param features (W, 4, 9, 9) float32 (raw windows: (W, 32, L))
         * @param labels   (W, 3) float32
         * @param trial    (W) trial index of each window
         */
        public Entry {
            if (features.rank() < 3 || labels.rank() != 2 || features.size(0) != labels.size(0)
                    || trial.length != features.size(0)) {
                throw new IllegalArgumentException("cache entry needs features (W, 4, 9, 9) or (W, 32, L), labels (W, 3) and trial"
                        + " (W), got " + Arrays.toString(features.shape()) + ", " + Arrays.toString(labels.shape())
                        + ", " + trial.length);
            }
        }

        public int windows() {
            return trial.length;
        }
    }

    /** The key of one subject's features under one preset and kind (64 hex digits). */
    public static String key(String contentHash, String presetFingerprint, FeatureKind kind) {
        return sha256(KEY_VERSION + "\n" + contentHash + "\n" + presetFingerprint + "\n"
                + kind.name().toLowerCase(Locale.ROOT));
    }

    /** The cached entry for {@code key}, or empty when there is none (or it is unreadable, then it is deleted). */
    public Optional<Entry> get(String key) {
        Path f = entryPath(key);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            SafeTensors.Contents c = SafeTensors.read(f);
            return Optional.of(new Entry(c.get("features"), c.get("labels"), c.get("trial").toIntVector()));
        } catch (SafeTensorsException | IllegalArgumentException e) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // an unreadable entry that cannot be deleted is simply overwritten by the next put
            }
            return Optional.empty();
        }
    }

    /** Stores {@code entry} under {@code key}, atomically, with {@code metadata} in the file header. */
    public void put(String key, Entry entry, Map<String, String> metadata) {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("features", entry.features().castTo(DataType.FLOAT));
        t.put("labels", entry.labels().castTo(DataType.FLOAT));
        t.put("trial", Nd4j.createFromArray(entry.trial()));
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put("key", key);
        SafeTensors.write(entryPath(key), t, m);
    }

    /** Where the entry of {@code key} lives. */
    public Path entryPath(String key) {
        if (!key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("cache key must be 64 hex digits, got '" + key + "'");
        }
        return dir.resolve("features").resolve(key + ".safetensors");
    }

    /** SHA-256 (hex) of the bytes of {@code file}, memoised by size and modification time (see class docs). */
    public String contentHash(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(abs, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read file attributes: " + e.getMessage(), e);
        }
        String stamp = attrs.size() + " " + attrs.lastModifiedTime().toMillis();
        Path memo = dir.resolve("hashes").resolve(sha256(abs.toString()));
        if (trustTimestamps && Files.isRegularFile(memo)) {
            try {
                String[] line = Files.readString(memo, StandardCharsets.UTF_8).trim().split(" ");
                if (line.length == 3 && (line[0] + " " + line[1]).equals(stamp) && line[2].matches("[0-9a-f]{64}")) {
                    return line[2];
                }
            } catch (IOException ignored) {
                // an unreadable memo is recomputed below
            }
        }
        String hash = hashFile(abs);
        if (trustTimestamps) {
            writeAtomically(memo, stamp + " " + hash + "\n");
        }
        return hash;
    }

    /** SHA-256 (hex) of a file's bytes, read through a memory map. */
    public static String hashFile(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long size = ch.size();
            long chunk = 1L << 28;
            for (long pos = 0; pos < size; pos += chunk) {
                md.update(ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(chunk, size - pos)));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read for hashing: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            org.evoke.tensor.io.AtomicFiles.writeString(file, text);
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalStateException(file + ": cannot write the feature cache: " + e.getCause().getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FeatureCache[" + dir + "]";
    }
}

package org.evoke.eeg.cache;

import org.evoke.eeg.features.FeatureKind;
import org.evoke.tensor.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureCacheTest {
    @TempDir
    Path tmp;

    @Test
    void contentHashIsTheSha256OfTheFileBytes() throws Exception {
        Path f = Golden.path("deap_s01.mat");
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        FeatureCache cache = new FeatureCache(tmp.resolve("c"));
        assertEquals(expected, cache.contentHash(f));
        assertEquals(expected, cache.contentHash(f)); // from the memo
        assertEquals(expected, FeatureCache.hashFile(f));
    }

    @Test
    void memoisedHashIsRecomputedWhenSizeOrTimestampChange() throws IOException {
        Path f = tmp.resolve("s01.dat");
        Files.writeString(f, "one");
        FeatureCache cache = new FeatureCache(tmp.resolve("c"));
        String h1 = cache.contentHash(f);
        FileTime t = Files.getLastModifiedTime(f);
        Files.writeString(f, "two");
        Files.setLastModifiedTime(f, t);
        assertEquals(h1, cache.contentHash(f), "same size and time: the memo is trusted (documented)");
        assertNotEquals(h1, new FeatureCache(tmp.resolve("c"), false).contentHash(f));
        Files.setLastModifiedTime(f, FileTime.fromMillis(t.toMillis() + 5000));
        assertEquals(FeatureCache.hashFile(f), cache.contentHash(f));
    }

    @Test
    void keyChangesWithContentPresetAndKind() {
        String k = FeatureCache.key("aa", "preset=torcheeg", FeatureKind.DE);
        assertEquals(64, k.length());
        assertEquals(k, FeatureCache.key("aa", "preset=torcheeg", FeatureKind.DE));
        assertNotEquals(k, FeatureCache.key("ab", "preset=torcheeg", FeatureKind.DE));
        assertNotEquals(k, FeatureCache.key("aa", "preset=decnn", FeatureKind.DE));
        assertNotEquals(k, FeatureCache.key("aa", "preset=torcheeg", FeatureKind.PSD));
    }

    @Test
    void putThenGetReturnsTheEntryAndLeavesNoTemporaryFiles() throws IOException {
        FeatureCache cache = new FeatureCache(tmp.resolve("c"));
        String key = FeatureCache.key("00", "p", FeatureKind.PSD);
        assertTrue(cache.get(key).isEmpty());
        INDArray f = Nd4j.rand(DataType.DOUBLE, 3, 4, 9, 9);
        INDArray l = Nd4j.createFromArray(new double[][]{{1, 0, 0}, {0, 1, 0}, {1, 1, 1}});
        cache.put(key, new FeatureCache.Entry(f, l, new int[]{0, 0, 1}), Map.of("subject", "s01"));
        Optional<FeatureCache.Entry> e = cache.get(key);
        assertTrue(e.isPresent());
        assertEquals(DataType.FLOAT, e.get().features().dataType());
        assertArrayEquals(f.castTo(DataType.FLOAT).data().asFloat(), e.get().features().data().asFloat(), 0f);
        assertArrayEquals(new int[]{0, 0, 1}, e.get().trial());
        try (Stream<Path> s = Files.list(cache.entryPath(key).getParent())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void corruptEntryIsAMissAndIsRemoved() throws IOException {
        FeatureCache cache = new FeatureCache(tmp.resolve("c"));
        String key = FeatureCache.key("01", "p", FeatureKind.DE);
        Files.createDirectories(cache.entryPath(key).getParent());
        Files.write(cache.entryPath(key), new byte[]{1, 2, 3});
        assertTrue(cache.get(key).isEmpty());
        assertFalse(Files.exists(cache.entryPath(key)));
    }
}

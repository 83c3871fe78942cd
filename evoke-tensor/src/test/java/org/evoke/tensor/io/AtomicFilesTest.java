package org.evoke.tensor.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path f = tmp.resolve("weights.safetensors");
        AtomicFiles.writeString(f, "old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, t -> {
            Files.writeString(t, "half of the new cont");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old", Files.readString(f));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void writesIntoNewDirectories() throws IOException {
        Path f = tmp.resolve("a/b/report.md");
        AtomicFiles.writeString(f, "# report");
        assertEquals("# report", Files.readString(f));
    }
}

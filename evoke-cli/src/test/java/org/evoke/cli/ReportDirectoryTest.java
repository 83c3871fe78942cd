package org.evoke.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ReportDirectoryTest {
    @TempDir
    Path tmp;

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName()).sorted().toList();
        }
    }

    @Test
    void filesAppearUnderTheFinalNameOnlyAfterTheCommit() throws Exception {
        Path target = tmp.resolve("run");
        try (ReportDirectory r = ReportDirectory.create(target)) {
            Files.writeString(r.file("plots/a.txt"), "a");
            assertFalse(Files.exists(target));
            assertEquals(List.of(Path.of(".run.partial")), listing());
            assertEquals(target.toAbsolutePath(), r.commit());
        }
        assertEquals("a", Files.readString(target.resolve("plots/a.txt")));
        assertEquals(List.of(Path.of("run")), listing());
    }

    @Test
    void aRunThatFailsBeforeTheCommitLeavesNothing() throws Exception {
        try (ReportDirectory r = ReportDirectory.create(tmp.resolve("run"))) {
            Files.writeString(r.file("weights/w.bin"), "w");
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void anExistingReportIsNeverOverwrittenButAnEmptyDirectoryIsUsed() throws Exception {
        Path full = tmp.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("report.md"), "old");
        UserException e = assertThrows(UserException.class, () -> ReportDirectory.create(full));
        assertTrue(e.getMessage().contains("already holds files"), e.getMessage());
        assertEquals("old", Files.readString(full.resolve("report.md")));

        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        try (ReportDirectory r = ReportDirectory.create(empty)) {
            Files.writeString(r.file("x"), "x");
            r.commit();
        }
        assertTrue(Files.isRegularFile(empty.resolve("x")));
    }

    @Test
    void aPartialDirectoryLeftByAKilledRunIsReplaced() throws Exception {
        Path stale = tmp.resolve(".run.partial");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("half.json"), "{");
        try (ReportDirectory r = ReportDirectory.create(tmp.resolve("run"))) {
            r.commit();
        }
        assertFalse(Files.exists(tmp.resolve("run").resolve("half.json")));
    }
}

package org.evoke.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest {

    @Test
    void aComparisonRoundTripsThroughJsonFiles(@TempDir Path dir) throws Exception {
        ComparisonResult r = TablesTest.twoFolds();
        Path file = dir.resolve("sub/results.json");
        Results.write(file, r);
        assertEquals(r, Results.read(file, ComparisonResult.class));
        String json = Files.readString(file);
        assertTrue(json.contains("\"mean_accuracy\" : {"), json);
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void malformedJsonNamesTheFile(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"k\": [}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Results.read(bad, ComparisonResult.class));
        assertTrue(e.getMessage().startsWith(bad + ": not a ComparisonResult JSON"), e.getMessage());
    }
}

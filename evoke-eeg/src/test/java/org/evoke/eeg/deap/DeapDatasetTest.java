package org.evoke.eeg.deap;

import org.evoke.tensor.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeapDatasetTest {
    @TempDir
    Path tmp;

    @Test
    void listsSubjectsSortedNumericallyWithIdsAndReadsThemLazily() throws IOException {
        Files.copy(Golden.path("deap_s01.dat"), tmp.resolve("s10.dat"));
        Files.copy(Golden.path("deap_s01.mat"), tmp.resolve("s2.mat"));
        Files.copy(Golden.path("deap_s01_py3.dat"), tmp.resolve("s01.dat"));
        Files.writeString(tmp.resolve("README.txt"), "not a subject");
        Files.createDirectory(tmp.resolve("sub.dat"));
        DeapDataset ds = DeapDataset.open(tmp);
        assertEquals(List.of("s01", "s2", "s10"), ds.subjectIds());
        assertEquals(3, ds.size());
        List<String> read = new ArrayList<>();
        for (DeapSubject s : ds) {
            read.add(s.id());
            assertEquals(40, s.channels());
        }
        assertEquals(ds.subjectIds(), read);
        assertArrayEquals(ds.read(0).data().data().asDouble(), ds.read(1).data().data().asDouble(), 0.0);
    }

    @Test
    void missingEmptyOrAmbiguousDirectoriesAreClearErrors() throws IOException {
        DeapFormatException missing = assertThrows(DeapFormatException.class,
                () -> DeapDataset.open(tmp.resolve("nope")));
        assertTrue(missing.getMessage().contains("no such directory"), missing.getMessage());
        DeapFormatException empty = assertThrows(DeapFormatException.class, () -> DeapDataset.open(tmp));
        assertTrue(empty.getMessage().contains("no DEAP subjects"), empty.getMessage());
        Path file = Files.writeString(tmp.resolve("x.txt"), "x");
        assertTrue(assertThrows(DeapFormatException.class, () -> DeapDataset.open(file)).getMessage()
                .contains("not a directory"));
        Files.copy(Golden.path("deap_s01.dat"), tmp.resolve("s01.dat"));
        Files.copy(Golden.path("deap_s01.mat"), tmp.resolve("s01.mat"));
        DeapFormatException twice = assertThrows(DeapFormatException.class, () -> DeapDataset.open(tmp));
        assertTrue(twice.getMessage().contains("appears twice"), twice.getMessage());
    }

    @Test
    void explicitFileListKeepsItsOrder() throws IOException {
        Path b = Files.copy(Golden.path("deap_s01.mat"), tmp.resolve("b.mat"));
        Path a = Files.copy(Golden.path("deap_s01.dat"), tmp.resolve("a.dat"));
        DeapDataset ds = DeapDataset.of(List.of(b, a));
        assertEquals(List.of("b", "a"), ds.subjectIds());
        assertEquals("b", ds.iterator().next().id());
        assertThrows(DeapFormatException.class, () -> DeapDataset.of(List.of()));
    }

    @Test
    void naturalOrderComparesDigitRunsByValue() {
        assertTrue(DeapDataset.natural("s2", "s10") < 0);
        assertTrue(DeapDataset.natural("s02", "s10") < 0);
        assertTrue(DeapDataset.natural("s10", "s9") > 0);
        assertTrue(DeapDataset.natural("a", "b") < 0);
        assertTrue(DeapDataset.natural("s1", "s01") != 0);
    }
}

package org.evoke.eeg.deap;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzing DEAP's readers (pickle and MAT, told apart by content): any input ends in a subject or in one
 * {@link DeapFormatException} line; anything else (a NullPointerException, a stack overflow, an out-of-memory, a
 * hang) is a finding. In the default test run only the seed corpus (DeapReaderFuzzTestInputs/) is replayed; the
 * build's "fuzz" executions fuzz for a bounded time (JAZZER_FUZZ=1).
 */
class DeapReaderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        Path f = Files.createTempFile("fuzz", data.length > 0 && data[0] == (byte) 0x80 ? ".dat" : ".mat");
        try {
            Files.write(f, data);
            DeapReader.read(f);
        } catch (DeapFormatException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + e.getMessage());
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}

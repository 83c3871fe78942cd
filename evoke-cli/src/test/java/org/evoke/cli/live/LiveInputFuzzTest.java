package org.evoke.cli.live;

import org.evoke.live.source.StreamSource;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzing what evoke live reads from outside: the raw EEG stream ("EVKE" header and chunks, first byte even) and
 * the --avatar VRM file (first byte odd). Either is read or refused with one IllegalArgumentException line.
 * Seeds: LiveInputFuzzTestInputs/.
 */
class LiveInputFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        try {
            if ((data[0] & 1) == 0) {
                StreamSource s = new StreamSource(new ByteArrayInputStream(data, 1, data.length - 1), 128, "fuzz");
                for (int i = 0; i < 1000 && s.next() != null; i++) {
                    // read every chunk
                }
            } else {
                Path f = Files.createTempFile("fuzz", ".vrm");
                try {
                    Files.write(f, java.util.Arrays.copyOfRange(data, 1, data.length));
                    VrmFile.check(f);
                } finally {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + e.getMessage());
            }
        }
    }
}

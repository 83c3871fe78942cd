package org.evoke.eeg.edf;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzing the EDF/BDF reader: header, every signal's samples, annotations, record starts and Status events; any
 * input is read or refused with one {@link EdfFormatException} line. Seeds: EdfReaderFuzzTestInputs/.
 */
class EdfReaderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        Path f = Files.createTempFile("fuzz", ".edf");
        try {
            Files.write(f, data);
            try (EdfReader r = EdfReader.open(f)) {
                for (EdfSignal s : r.header().dataSignals()) {
                    long n = Math.min(r.samples(s), 4096);
                    double[] v = new double[(int) n];
                    r.readPhysical(s, 0, v, 0, (int) n);
                }
                r.annotations();
                if (r.header().records() > 0) {
                    r.recordStart(r.header().records() - 1);
                }
                r.statusEvents();
            }
        } catch (EdfFormatException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + e.getMessage());
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}

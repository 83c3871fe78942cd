package org.evoke.eeg.deap;

import org.evoke.tensor.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeapWriterTest {
    @TempDir
    Path tmp;

    @Test
    void goldenSubjectRoundTripsThroughBothFormatsExactly() {
        DeapSubject golden = DeapReader.read(Golden.path("deap_s01.dat"));
        Path dat = DeapWriter.writeDat(golden, tmp.resolve("s01.dat"));
        Path mat = DeapWriter.writeMat(golden, tmp.resolve("s01.mat"));
        for (Path f : new Path[]{dat, mat}) {
            DeapSubject back = DeapReader.read(f);
            assertArrayEquals(golden.data().data().asDouble(), back.data().data().asDouble(), 0.0, f.toString());
            assertArrayEquals(golden.labels().data().asDouble(), back.labels().data().asDouble(), 0.0, f.toString());
        }
    }

    @Test
    void datIsAProtocol2PickleWithByteStringsLikePython2() throws IOException {
        DeapSubject golden = DeapReader.read(Golden.path("deap_s01.dat"));
        byte[] ours = Files.readAllBytes(DeapWriter.writeDat(golden, tmp.resolve("s01.dat")));
        assertEquals((byte) 0x80, ours[0]);
        assertEquals(2, ours[1]);
        String text = new String(ours, 0, 200, StandardCharsets.ISO_8859_1);
        // SHORT_BINSTRING 'data' (opcode U), never BINUNICODE (opcode X)
        assertTrue(text.contains("U\u0004data"), text);
        assertTrue(text.contains("cnumpy.core.multiarray\n_reconstruct\n"), text);
        assertTrue(text.contains("cnumpy\ndtype\nU\u0002f8"), text);
        // the raw array bytes are identical to those in the real Python 2 file
        byte[] theirs = Files.readAllBytes(Golden.path("deap_s01.dat"));
        assertTrue(indexOf(ours, Arrays.copyOfRange(theirs, 160, 160 + 4096)) > 0);
    }

    @Test
    void matHeaderIsUndatedAndNoTemporaryFileIsLeft() throws IOException {
        DeapSubject golden = DeapReader.read(Golden.path("deap_s01.dat"));
        Path mat = DeapWriter.writeMat(golden, tmp.resolve("s01.mat"));
        String header = new String(Files.readAllBytes(mat), 0, 116, StandardCharsets.ISO_8859_1).trim();
        assertEquals("MATLAB 5.0 MAT-file" + DeapWriter.MAT_DESCRIPTION, header);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

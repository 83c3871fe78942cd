package org.evoke.live.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The raw stream format of {@code evoke live --stdin / --tcp}: header, chunks, and every way it can be wrong. */
class StreamSourceTest {
    /** A header and {@code chunks} chunks of channels x n, sample i of channel c = 1000 c + i. */
    static byte[] stream(String magic, int channels, int rate, int n, int chunks, int cut) {
        ByteBuffer b = ByteBuffer.allocate(16 + 4 * channels * n * chunks).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(channels).putInt(rate).putInt(n);
        for (int k = 0; k < chunks; k++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < n; i++) {
                    b.putFloat(1000f * c + k * n + i);
                }
            }
        }
        return java.util.Arrays.copyOf(b.array(), b.capacity() - cut);
    }

    @Test
    void chunksArriveChannelMajorAndTheStreamEndsCleanly() {
        StreamSource s = new StreamSource(new ByteArrayInputStream(stream("EVKE", 40, 128, 4, 2, 0)), 128, "test");
        float[][] a = s.next(), b = s.next();
        assertEquals(32, a.length, "the first 32 channels; more are ignored");
        assertArrayEquals(new float[] {0, 1, 2, 3}, a[0]);
        assertArrayEquals(new float[] {31000, 31001, 31002, 31003}, a[31]);
        assertArrayEquals(new float[] {5004, 5005, 5006, 5007}, b[5]);
        assertNull(s.next());
        assertTrue(s.describe().contains("40 channels, 128 Hz, 4 samples per chunk"));
    }

    @Test
    void aWrongStreamIsOneLine() {
        String[][] cases = {{"NOPE", "32", "128", "not an evoke EEG stream"}, {"EVKE", "16", "128", "has 16 channels"},
                {"EVKE", "32", "256", "sampled at 256 Hz"}};
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StreamSource(
                    new ByteArrayInputStream(stream(c[0], Integer.parseInt(c[1]), Integer.parseInt(c[2]), 4, 1, 0)), 128, "test"));
            assertTrue(e.getMessage().contains(c[3]) && !e.getMessage().contains("\n"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new StreamSource(new ByteArrayInputStream(new byte[5]), 128, "test"));
        StreamSource cut = new StreamSource(new ByteArrayInputStream(stream("EVKE", 32, 128, 4, 2, 6)), 128, "test");
        cut.next();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, cut::next);
        assertTrue(e.getMessage().contains("ended inside a chunk"), e.getMessage());
    }
}

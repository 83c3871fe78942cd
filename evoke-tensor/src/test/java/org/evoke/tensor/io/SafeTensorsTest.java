package org.evoke.tensor.io;

import org.evoke.tensor.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SafeTensorsTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsF32F64I64AndMetadata() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("w", Nd4j.rand(DataType.FLOAT, 3, 4, 5));
        t.put("d", Nd4j.rand(DataType.DOUBLE, 7));
        t.put("i", Nd4j.createFromArray(1L, -2L, 3L << 40));
        t.put("scalar", Nd4j.scalar(2.5f));
        t.put("view", Nd4j.rand(DataType.FLOAT, 4, 6).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3)));
        Path p = tmp.resolve("x.safetensors");
        SafeTensors.write(p, t, Map.of("model", "student", "seed", "7"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(Map.of("model", "student", "seed", "7"), c.metadata());
        assertEquals(t.keySet(), c.tensors().keySet());
        for (String k : t.keySet()) {
            assertEquals(t.get(k).dataType(), c.get(k).dataType(), k);
            assertArrayEquals(t.get(k).shape(), c.get(k).shape(), k);
            assertEquals(t.get(k), c.get(k), k);
        }
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void readsPyTorchWrittenGoldenFile() {
        SafeTensors.Contents c = Golden.load("linear.safetensors");
        assertArrayEquals(new long[]{256, 1296}, c.get("weight").shape());
        assertEquals(DataType.FLOAT, c.get("weight").dataType());
        SafeTensors.Contents f = Golden.load("eeg_filters.safetensors");
        assertEquals(DataType.DOUBLE, f.get("signal").dataType());
    }

    @Test
    void truncatedFileNamesTheTensor() throws IOException {
        Path p = tmp.resolve("t.safetensors");
        SafeTensors.write(p, Map.of("weight", Nd4j.rand(DataType.FLOAT, 10, 10)), Map.of());
        byte[] all = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(all, all.length - 7));
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("'weight'") && e.getMessage().contains("truncated"), e.getMessage());

        Files.write(p, new byte[]{1, 2, 3});
        e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void headerThatLiesAboutOffsetsIsRefused() throws IOException {
        Path p = tmp.resolve("lie.safetensors");
        writeRaw(p, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", 16);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("span 12"), e.getMessage());

        writeRaw(p, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 16);
        e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    @Test
    void unknownDtypeAndForeignFilesAreRefused() throws IOException {
        Path p = tmp.resolve("u.safetensors");
        writeRaw(p, "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("unsupported dtype C64"), e.getMessage());

        Files.writeString(p, "hello, this is not a safetensors file at all");
        e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains("not safetensors") || e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void shapesWhoseSizeOverflowsAreOneLineBeforeAnyAllocation() throws IOException {
        Path p = tmp.resolve("big.safetensors");
        String[][] cases = {
                {"[1099511627776,1099511627776]", "[0,0]", "whose size overflows a long"},   // 2^40 x 2^40
                {"[4611686018427387904]", "[0,0]", "whose size overflows a long"},           // 2^62 x 4 bytes
                {"[1073741824,4]", "[0,0]", "more than one array holds"},
                {"[2.5]", "[0,8]", "a dimension that is not a size: 2.5"},
                {"[\"3\"]", "[0,12]", "a dimension that is not a size"},
                {"[2]", "[0,\"8\"]", "outside the data section"}};
        for (String[] c : cases) {
            writeRaw(p, "{\"x\":{\"dtype\":\"F32\",\"shape\":" + c[0] + ",\"data_offsets\":" + c[1] + "}}", 16);
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p), c[0]);
            assertTrue(e.getMessage().contains(c[2]) && !e.getMessage().contains("\n"), c[0] + " -> " + e.getMessage());
        }
    }

    private static void writeRaw(Path p, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(p, b.array());
    }
}

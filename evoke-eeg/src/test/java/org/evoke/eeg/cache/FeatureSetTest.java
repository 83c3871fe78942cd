package org.evoke.eeg.cache;

import org.evoke.eeg.features.FeatureKind;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.io.SafeTensorsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureSetTest {
    @TempDir
    Path tmp;

    static FeatureSet sample() {
        Nd4j.getRandom().setSeed(3);
        INDArray f = Nd4j.rand(DataType.FLOAT, 6, 4, 9, 9);
        INDArray l = Nd4j.createFromArray(new float[][]{{1, 0, 1}, {0, 0, 0}, {1, 1, 1}, {0, 1, 0}, {1, 1, 0}, {0, 0, 1}});
        return new FeatureSet(f, l, new int[]{0, 0, 0, 1, 1, 1}, new int[]{0, 0, 1, 0, 0, 1}, List.of("s01", "s,02"),
                "torcheeg", "preset=torcheeg;order=5", FeatureKind.DE, "ab12");
    }

    @Test
    void saveThenLoadGivesTheSameTensorsAndMetadata() {
        FeatureSet a = sample();
        Path f = tmp.resolve("features.safetensors");
        a.save(f);
        FeatureSet b = FeatureSet.load(f);
        assertArrayEquals(a.features().data().asFloat(), b.features().data().asFloat(), 0f);
        assertArrayEquals(a.labels().data().asFloat(), b.labels().data().asFloat(), 0f);
        assertArrayEquals(a.subject(), b.subject());
        assertArrayEquals(a.trial(), b.trial());
        assertEquals(List.of("s01", "s,02"), b.subjectIds());
        assertEquals("torcheeg", b.preset());
        assertEquals("preset=torcheeg;order=5", b.presetFingerprint());
        assertEquals(FeatureKind.DE, b.kind());
        assertEquals("ab12", b.dataHash());
        Map<String, String> meta = SafeTensors.read(f).metadata();
        assertEquals("de", meta.get("kind"));
        assertEquals("6", meta.get("windows"));
        assertEquals(DataType.INT, SafeTensors.read(f).get("subject").dataType());
    }

    @Test
    void rawWindowsSaveLoadAndSubsetLikeGridFeatures() {
        INDArray f = Nd4j.rand(DataType.FLOAT, 3, 32, 128);
        INDArray l = Nd4j.createFromArray(new float[][]{{1, 0, 1}, {0, 0, 0}, {1, 1, 1}});
        FeatureSet a = new FeatureSet(f, l, new int[]{0, 0, 1}, new int[]{0, 1, 0}, List.of("s01", "s02"), "torcheeg", "fp",
                FeatureKind.RAW, "cd34");
        Path file = tmp.resolve("raw.safetensors");
        a.save(file);
        FeatureSet b = FeatureSet.load(file);
        assertEquals(FeatureKind.RAW, b.kind());
        assertArrayEquals(new long[]{3, 32, 128}, b.features().shape());
        assertArrayEquals(a.features().data().asFloat(), b.features().data().asFloat(), 0f);
        FeatureSet s = b.subset(new int[]{2, 0});
        assertArrayEquals(new long[]{2, 32, 128}, s.features().shape());
        assertArrayEquals(f.slice(2).dup().data().asFloat(), s.features().slice(0).dup().data().asFloat(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FeatureSet(f, l, new int[]{0, 0, 1},
                new int[]{0, 1, 0}, List.of("s01", "s02"), "torcheeg", "fp", FeatureKind.DE, "x"));
        assertTrue(e.getMessage().contains("(windows, bands, 9, 9)"), e.getMessage());
    }

    @Test
    void subsetKeepsTheChosenWindowsInOrder() {
        FeatureSet a = sample();
        FeatureSet s = a.subset(new int[]{4, 1});
        assertEquals(2, s.size());
        assertArrayEquals(new int[]{1, 0}, s.subject());
        assertArrayEquals(a.features().slice(4).dup().data().asFloat(), s.features().slice(0).dup().data().asFloat(), 0f);
        assertArrayEquals(a.labels().getRow(1).dup().data().asFloat(), s.labels().getRow(1).dup().data().asFloat(), 0f);
    }

    @Test
    void wrongShapesAndForeignFilesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureSet(Nd4j.rand(DataType.DOUBLE, 2, 4, 9, 9),
                Nd4j.zeros(DataType.FLOAT, 2, 3), new int[2], new int[2], List.of("a"), "p", "p", FeatureKind.DE, "h"));
        assertThrows(IllegalArgumentException.class, () -> new FeatureSet(Nd4j.rand(DataType.FLOAT, 2, 4, 9, 9),
                Nd4j.zeros(DataType.FLOAT, 2, 3), new int[]{0, 1}, new int[2], List.of("a"), "p", "p", FeatureKind.DE, "h"));
        Path other = tmp.resolve("weights.safetensors");
        SafeTensors.write(other, Map.of("w", Nd4j.zeros(DataType.FLOAT, 2)));
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> FeatureSet.load(other));
        assertTrue(e.getMessage().contains("not an evoke feature set"), e.getMessage());
    }
}

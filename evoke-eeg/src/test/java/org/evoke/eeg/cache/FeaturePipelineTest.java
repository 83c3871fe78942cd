package org.evoke.eeg.cache;

import org.evoke.eeg.deap.DeapFormatException;
import org.evoke.eeg.deap.DeapReader;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.deap.DeapWriter;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.features.SubjectFeatures;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturePipelineTest {
    @TempDir
    Path tmp;

    @org.junit.jupiter.api.Test
    void nonFiniteFeaturesAreNamedByFileAndTrialAndNeverCached() {
        org.nd4j.linalg.api.ndarray.INDArray f = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 4, 9, 9);
        f.putScalar(new long[]{2, 1, 4, 4}, Double.NaN);
        var features = new org.evoke.eeg.features.SubjectFeatures(f,
                org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 3, 3), new int[]{0, 0, 6});
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FeaturePipeline.requireFinite(Path.of("s05.dat"), features));
        org.junit.jupiter.api.Assertions.assertEquals("s05.dat: the features of trial 7 are not finite (NaN): its EEG is out of"
                + " any physical range; nothing was cached", e.getMessage());
    }

    @Test
    void syntheticSubjectsThroughBothFormatsFeaturesCacheAndReloadAreEqual() throws IOException {
        SyntheticDeap gen = new SyntheticDeap(5, 3);
        Path datDir = Files.createDirectories(tmp.resolve("dat"));
        Path matDir = Files.createDirectories(tmp.resolve("mat"));
        List<DeapSubject> subjects = List.of(gen.subject(0), gen.subject(1));
        for (DeapSubject s : subjects) {
            DeapWriter.writeDat(s, datDir.resolve(s.id() + ".dat"));
            DeapWriter.writeMat(s, matDir.resolve(s.id() + ".mat"));
        }
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));
        FeaturePipeline pipeline = new FeaturePipeline(Preset.TORCHEEG, FeatureKind.DE, cache, 2);

        List<Boolean> first = Collections.synchronizedList(new ArrayList<>());
        FeatureSet fromDat = pipeline.run(org.evoke.eeg.deap.DeapDataset.open(datDir), (d, t, id, c) -> first.add(c));
        assertEquals(List.of(false, false), first);
        assertEquals(List.of("s01", "s02"), fromDat.subjectIds());
        assertEquals(2 * 3 * 60, fromDat.size());
        assertEquals(DataType.FLOAT, fromDat.features().dataType());

        // the same as the extractor on the generated subjects, window for window
        FeatureExtractor direct = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE);
        for (int s = 0; s < 2; s++) {
            SubjectFeatures f = direct.extract(subjects.get(s));
            int[] rows = new int[180];
            for (int i = 0; i < 180; i++) {
                rows[i] = s * 180 + i;
            }
            FeatureSet part = fromDat.subset(rows);
            assertArrayEquals(f.features().castTo(DataType.FLOAT).data().asFloat(), part.features().data().asFloat(), 0f);
            assertArrayEquals(f.labels().castTo(DataType.FLOAT).data().asFloat(), part.labels().data().asFloat(), 0f);
            assertArrayEquals(f.trial(), part.trial());
            for (int v : part.subject()) {
                assertEquals(s, v);
            }
        }

        // the MAT files hold the same numbers: same features, but other file bytes, so another data hash
        FeatureSet fromMat = new FeaturePipeline(Preset.TORCHEEG, FeatureKind.DE, cache, 1).run(matDir);
        assertArrayEquals(fromDat.features().data().asFloat(), fromMat.features().data().asFloat(), 0f);
        assertNotEquals(fromDat.dataHash(), fromMat.dataHash());

        // second run: every subject from the cache, identical result
        List<Boolean> second = Collections.synchronizedList(new ArrayList<>());
        FeatureSet again = pipeline.run(org.evoke.eeg.deap.DeapDataset.open(datDir), (d, t, id, c) -> second.add(c));
        assertEquals(List.of(true, true), second);
        assertSame(fromDat, again);

        // and through the file ./evoke features writes
        Path out = tmp.resolve("features.safetensors");
        fromDat.save(out);
        assertSame(fromDat, FeatureSet.load(out));
    }

    @Test
    void goldenRecordingGivesTorcheegsFeatures() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("golden"));
        Files.copy(Golden.path("deap_s01.dat"), dir.resolve("s01.dat"));
        FeatureSet set = new FeaturePipeline(Preset.TORCHEEG, FeatureKind.DE, null, 1).run(dir);
        SafeTensors.Contents golden = Golden.load("deap_s01_features.safetensors");
        TensorAssert.assertClose("de", golden.get("de"), set.features(), 1e-6);
        TensorAssert.assertClose("labels", golden.get("labels"), set.labels(), 0);
    }

    @Test
    void aBadSubjectStopsTheRunWithItsFileNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.copy(Golden.path("deap_s01.dat"), dir.resolve("s01.dat"));
        byte[] all = Files.readAllBytes(Golden.path("deap_s01.mat"));
        Files.write(dir.resolve("s02.mat"), java.util.Arrays.copyOf(all, all.length / 3));
        DeapFormatException e = assertThrows(DeapFormatException.class,
                () -> new FeaturePipeline(Preset.TORCHEEG, FeatureKind.PSD, new FeatureCache(tmp.resolve("c")), 2).run(dir));
        assertTrue(e.getMessage().contains("s02.mat") && e.getMessage().contains("truncated"), e.getMessage());
        // without the bad file the same directory runs through
        Files.delete(dir.resolve("s02.mat"));
        List<Boolean> hits = Collections.synchronizedList(new ArrayList<>());
        new FeaturePipeline(Preset.TORCHEEG, FeatureKind.PSD, new FeatureCache(tmp.resolve("c")), 1)
                .run(org.evoke.eeg.deap.DeapDataset.open(dir), (d, t, id, c) -> hits.add(c));
        assertEquals(1, hits.size());
    }

    @Test
    void keyDependsOnPresetAndKind() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("g"));
        Files.copy(Golden.path("deap_s01.mat"), dir.resolve("s01.mat"));
        FeatureCache cache = new FeatureCache(tmp.resolve("c"));
        FeatureSet de = new FeaturePipeline(Preset.TORCHEEG, FeatureKind.DE, cache, 1).run(dir);
        FeatureSet psd = new FeaturePipeline(Preset.TORCHEEG, FeatureKind.PSD, cache, 1).run(dir);
        FeatureSet decnn = new FeaturePipeline(Preset.DECNN, FeatureKind.DE, cache, 1).run(dir);
        assertEquals(FeatureKind.PSD, psd.kind());
        assertEquals("decnn", decnn.preset());
        try (var s = Files.list(cache.directory().resolve("features"))) {
            assertEquals(3, s.count());
        }
        assertNotEquals(de.features().getDouble(0, 0, 0, 3), psd.features().getDouble(0, 0, 0, 3));
        assertEquals(DeapReader.read(dir.resolve("s01.mat")).trials() * 60, de.size());
    }

    private static void assertSame(FeatureSet a, FeatureSet b) {
        assertArrayEquals(a.features().data().asFloat(), b.features().data().asFloat(), 0f);
        assertArrayEquals(a.labels().data().asFloat(), b.labels().data().asFloat(), 0f);
        assertArrayEquals(a.subject(), b.subject());
        assertArrayEquals(a.trial(), b.trial());
        assertEquals(a.subjectIds(), b.subjectIds());
        assertEquals(a.dataHash(), b.dataHash());
        assertEquals(a.presetFingerprint(), b.presetFingerprint());
    }
}

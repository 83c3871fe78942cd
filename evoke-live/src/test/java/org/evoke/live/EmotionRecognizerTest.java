package org.evoke.live;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.emotion.EmotionTable;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmotionRecognizerTest {

    @org.junit.jupiter.api.Test
    void weightsThatOverflowAreOneLineNotAnEmotion() {
        org.evoke.nn.Model student = org.evoke.nn.models.Models.evokeStudent(2);
        student.parameters().forEach(p -> p.value().assign(3e38f));
        EmotionRecognizer r = new EmotionRecognizer(student, org.evoke.eeg.features.Preset.TORCHEEG);
        DeapSubject s = new SyntheticDeap(23, 1).subject(0);
        float[][] x = new float[32][128 * 4];
        for (int c = 0; c < 32; c++) {
            for (int i = 0; i < x[c].length; i++) {
                x[c][i] = (float) s.data().getDouble(0, c, i);
            }
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> r.push(x));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("window 0: the model's output is ")
                && e.getMessage().contains("overflow float32"), e.getMessage());
    }

    private static DeapSubject roundedSubject() {
        DeapSubject s = new SyntheticDeap(23, 1).subject(0);
        return new DeapSubject(s.id(), s.data().castTo(DataType.FLOAT).castTo(DataType.DOUBLE), s.labels());
    }

    /** Trial 0 as channels x samples floats. */
    private static float[][] trialOf(DeapSubject s) {
        int c = s.channels(), n = s.samples();
        double[] all = s.data().dup('c').data().asDouble();
        float[][] t = new float[c][n];
        for (int ch = 0; ch < c; ch++) {
            for (int j = 0; j < n; j++) {
                t[ch][j] = (float) all[ch * n + j];
            }
        }
        return t;
    }

    private static List<Recognition> pushInChunks(EmotionRecognizer r, float[][] x, int from, int chunk) {
        List<Recognition> out = new ArrayList<>();
        for (int i = from; i < x[0].length; i += chunk) {
            float[][] c = new float[x.length][];
            for (int ch = 0; ch < x.length; ch++) {
                c[ch] = Arrays.copyOfRange(x[ch], i, Math.min(x[ch].length, i + chunk));
            }
            out.addAll(r.push(c));
        }
        return out;
    }

    @Test
    void everyWindowGetsTheStudentsProbabilitiesOnTheOfflineFeatures() {
        DeapSubject s = roundedSubject();
        Model student = Models.evokeStudent(5);
        INDArray offline = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE).extract(s).features().castTo(DataType.FLOAT);
        INDArray logits = Models.evokeStudent(5).predict(offline); // (60, 3)

        EmotionRecognizer r = new EmotionRecognizer(student, Preset.TORCHEEG);
        float[][] x = trialOf(s);
        List<Recognition> first = r.push(new float[40][0]);
        assertTrue(first.isEmpty(), "an empty chunk completes nothing");
        List<Recognition> out = pushInChunks(r, x, 0, 100);
        assertEquals(60, out.size());
        EmotionTable table = EmotionTable.defaultTable();
        for (int w = 0; w < 60; w++) {
            Recognition rec = out.get(w);
            assertEquals(w, rec.window());
            assertEquals(w, rec.startSeconds(), 1e-12);
            assertEquals(w + 1, rec.endSeconds(), 1e-12);
            for (int j = 0; j < 3; j++) {
                double p = 1 / (1 + Math.exp(-logits.getDouble(w, j)));
                assertEquals(p, rec.probabilities()[j], 1e-6, "window " + w + " label " + j);
                assertEquals(rec.probabilities()[j] >= 0.5, rec.labels()[j]);
            }
            assertEquals(table.of(rec.labels()[0], rec.labels()[1], rec.labels()[2]), rec.emotion());
            assertEquals(52, rec.expression().weights().length);
        }
        assertEquals(out.get(0).emotion().name(), out.get(0).expression().name(), "the first window shows its own emotion");
    }

    @Test
    void nothingComesOutBeforeTheBaselineIsCompleteAndWeightsLoadFromAFile(@TempDir Path dir) {
        Model student = Models.evokeStudent(8);
        Path file = dir.resolve("student.safetensors");
        student.save(file);
        EmotionRecognizer fromFile = new EmotionRecognizer(file, Preset.TORCHEEG);
        EmotionRecognizer fromModel = new EmotionRecognizer(Models.evokeStudent(8), Preset.TORCHEEG);
        float[][] x = trialOf(roundedSubject());
        float[][] head = new float[40][];
        for (int c = 0; c < 40; c++) {
            head[c] = Arrays.copyOf(x[c], 383 + 128);
        }
        assertTrue(fromFile.push(head).isEmpty(), "baseline (384) + 127 samples complete no window");
        assertTrue(fromFile.baselineReady());
        List<Recognition> a = fromFile.push(new float[40][0]);
        assertTrue(a.isEmpty());
        List<Recognition> rest = pushInChunks(fromFile, x, 383 + 128, 1000);
        List<Recognition> all = pushInChunks(fromModel, x, 0, 4096);
        assertEquals(all.size(), rest.size());
        for (int w = 0; w < all.size(); w++) {
            assertTrue(Arrays.equals(all.get(w).probabilities(), rest.get(w).probabilities()), "window " + w);
        }
    }

    @Test
    void aTeachersWeightsFileBuildsATeacherRecognizer(@TempDir Path dir) {
        Path file = dir.resolve("teacher.safetensors");
        Models.ccnn(4).save(file);
        assertEquals("ccnn", new EmotionRecognizer(file, Preset.TORCHEEG).model().name());
    }

    @Test
    void wrongInputIsRejected() {
        EmotionRecognizer r = new EmotionRecognizer(Models.evokeStudent(1), Preset.TORCHEEG);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.push(new float[8][128]));
        assertTrue(e.getMessage().contains("expected at least 32 channels"), e.getMessage());
        Model dbl = Models.evokeStudent(1).castTo(DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> new EmotionRecognizer(dbl, Preset.TORCHEEG));
    }
}

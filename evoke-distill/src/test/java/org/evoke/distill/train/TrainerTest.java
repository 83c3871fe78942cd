package org.evoke.distill.train;

import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.evoke.tensor.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    private static float[] weights(Model m) {
        int total = 0;
        for (INDArray a : m.state().values()) {
            total += (int) a.length();
        }
        float[] out = new float[total];
        int k = 0;
        for (INDArray a : m.state().values()) {
            float[] v = a.dup('c').data().asFloat();
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndHistory() {
        TrainingData data = Fixtures.learnable(96, 1);
        TrainingConfig cfg = new TrainingConfig(3, 16, 1e-3, 7, 0.2, 0);
        Model a = Models.evokeStudent(3), b = Models.evokeStudent(3);
        TrainingResult ra = new Trainer(cfg).train("a", a, Objective.hardLabels(), data, Fixtures.range(0, 96));
        TrainingResult rb = new Trainer(cfg).train("b", b, Objective.hardLabels(), data, Fixtures.range(0, 96));
        assertArrayEquals(weights(a), weights(b));
        for (int e = 0; e < 3; e++) {
            assertEquals(ra.history().get(e).trainLoss(), rb.history().get(e).trainLoss());
            assertEquals(ra.history().get(e).validationLoss(), rb.history().get(e).validationLoss());
        }
        Model c = Models.evokeStudent(3);
        new Trainer(cfg.withSeed(8)).train("c", c, Objective.hardLabels(), data, Fixtures.range(0, 96));
        assertFalse(java.util.Arrays.equals(weights(a), weights(c)), "another shuffling seed gives other weights");
    }

    @Test
    void trainingLowersTheLossAndLearnsALearnableRule() {
        TrainingData data = Fixtures.learnable(256, 2);
        Model m = Models.evokeStudent(4);
        TrainingResult r = new Trainer(new TrainingConfig(6, 32, 1e-3, 1, 0, 0))
                .train("s", m, Objective.hardLabels(), data, Fixtures.range(0, 192));
        assertEquals(6, r.epochsRun());
        assertTrue(r.history().get(5).trainLoss() < r.history().get(0).trainLoss(), "loss falls");
        Evaluation e = Evaluation.of(m, data, Fixtures.range(192, 256), 64);
        assertTrue(e.metrics().get("mean_accuracy") > 0.8, "held-out accuracy " + e.metrics());
        assertNull(r.history().get(0).validationLoss());
    }

    @Test
    void distillationFromATeachersLogitsTrainsTheStudent() {
        TrainingData data = Fixtures.learnable(256, 5);
        Model teacher = Models.evokeStudent(9); // any trained model serves as a teacher here
        new Trainer(new TrainingConfig(6, 32, 1e-3, 1, 0, 0)).train("t", teacher, Objective.hardLabels(), data, Fixtures.range(0, 192));
        INDArray z = Evaluation.logitsByRow(teacher, data, Fixtures.range(0, 192), 64);
        assertEquals(0.0, z.getRow(200).sumNumber().doubleValue(), "rows outside the training set stay zero");
        Model student = Models.evokeStudent(10);
        TrainingResult r = new Trainer(new TrainingConfig(6, 32, 1e-3, 1, 0, 0))
                .train("d", student, Objective.distillation(1.25, 0.25, z), data, Fixtures.range(0, 192));
        assertEquals("distill(T=1.25, alpha=0.25)", r.objective());
        assertTrue(Evaluation.of(student, data, Fixtures.range(192, 256), 64).metrics().get("mean_accuracy") > 0.8);
    }

    @Test
    void earlyStoppingKeepsTheBestEpochsWeights(@TempDir Path dir) {
        TrainingData data = Fixtures.learnable(64, 3);
        // a large learning rate makes the validation loss rise quickly after its minimum
        TrainingConfig cfg = new TrainingConfig(30, 8, 3e-2, 2, 0.25, 2);
        Model m = Models.evokeStudent(5);
        TrainingResult r = new Trainer(cfg).train("s", m, Objective.hardLabels(), data, Fixtures.range(0, 64),
                new CheckpointOptions(dir, false, Map.of("split", "window", "fold", "0")), TrainingListener.NONE);
        assertEquals(16, r.validationRows());
        double best = r.history().stream().filter(EpochRecord::best).mapToDouble(EpochRecord::validationLoss).min().orElseThrow();
        EpochRecord bestRec = r.history().get(r.bestEpoch() - 1);
        assertEquals(best, bestRec.validationLoss());
        assertTrue(r.stoppedEarly(), "a model that stops improving stops: " + r.epochsRun() + " of 30 epochs");
        assertEquals(r.bestEpoch() + 2, r.epochsRun(), "stops after patience bad epochs");
        assertTrue(r.history().get(r.epochsRun() - 1).validationLoss() > bestRec.validationLoss(), "the last epoch is worse");
        // the model holds the best epoch's weights, which are also best.safetensors
        Evaluation e = Evaluation.of(m, data, Shuffle.split(Fixtures.range(0, 64), 0.25, 2)[1], 8);
        assertEquals(bestRec.validationLoss(), e.loss(), 1e-6);
        Model fromFile = Models.evokeStudent(0);
        fromFile.load(dir.resolve("best.safetensors"));
        assertArrayEquals(weights(m), weights(fromFile));
        Map<String, String> meta = SafeTensors.read(dir.resolve("last.safetensors")).metadata();
        assertEquals("window", meta.get("split"));
        assertEquals("0", meta.get("fold"));
        assertEquals(data.dataHash(), meta.get("data_hash"));
        assertEquals(Integer.toString(r.epochsRun()), meta.get("epoch"));
    }

    /** The teacher has dropout: its counters, Adam's moments and the epoch's shuffle must all resume exactly. */
    @Test
    void aRunInterruptedAndResumedEndsWithTheSameWeights(@TempDir Path dir) {
        TrainingData data = Fixtures.learnable(24, 4);
        TrainingConfig cfg = new TrainingConfig(3, 8, 1e-3, 11, 0.25, 0);
        Model whole = Models.ccnn(6);
        TrainingResult rw = new Trainer(cfg).train("whole", whole, Objective.hardLabels(), data, Fixtures.range(0, 24));

        Model first = Models.ccnn(6);
        TrainingListener stopAfter1 = new TrainingListener() {
            @Override
            public boolean stopRequested(String run) {
                return true;
            }
        };
        CheckpointOptions ck = CheckpointOptions.in(dir, Map.of());
        TrainingResult r1 = new Trainer(cfg).train("part 1", first, Objective.hardLabels(), data, Fixtures.range(0, 24), ck, stopAfter1);
        assertTrue(r1.interrupted());
        assertEquals(1, r1.epochsRun());
        assertTrue(Files.exists(dir.resolve("last.safetensors")));

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new Trainer(cfg).train("other seed",
                Models.ccnn(999), Objective.hardLabels(), data, Fixtures.range(0, 24), ck, TrainingListener.NONE));
        assertTrue(bad.getMessage().contains("seed = 6 but this run has 999"), bad.getMessage());
        Model resumed = Models.ccnn(6); // a fresh model of the same seed: weights, moments, counters come from the file
        TrainingResult r2 = new Trainer(cfg).train("part 2", resumed, Objective.hardLabels(), data, Fixtures.range(0, 24), ck,
                TrainingListener.NONE);
        assertEquals(3, r2.epochsRun());
        assertEquals(rw.bestEpoch(), r2.bestEpoch());
        assertArrayEquals(weights(whole), weights(resumed));
        for (int e = 0; e < 3; e++) {
            assertEquals(rw.history().get(e).trainLoss(), r2.history().get(e).trainLoss(), "epoch " + (e + 1));
        }
    }

    @Test
    void resumingWithAnotherLearningRateIsRefused(@TempDir Path dir) {
        TrainingData data = Fixtures.learnable(16, 4);
        TrainingConfig cfg = new TrainingConfig(1, 8, 1e-3, 1, 0, 0);
        CheckpointOptions ck = CheckpointOptions.in(dir, Map.of());
        new Trainer(cfg).train("a", Models.evokeStudent(1), Objective.hardLabels(), data, Fixtures.range(0, 16), ck, TrainingListener.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(cfg.withLearningRate(1e-2))
                .train("b", Models.evokeStudent(1), Objective.hardLabels(), data, Fixtures.range(0, 16), ck, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("lr = 0.001 but this run has 0.01"), e.getMessage());
    }

    @Test
    void listenerSeesEveryBatchAndEpoch() {
        TrainingData data = Fixtures.learnable(20, 4);
        List<String> calls = new ArrayList<>();
        new Trainer(new TrainingConfig(2, 8, 1e-3, 1, 0, 0)).train("r", Models.evokeStudent(1), Objective.hardLabels(), data,
                Fixtures.range(0, 20), CheckpointOptions.NONE, new TrainingListener() {
                    @Override
                    public void onStart(String run, int firstEpoch, int epochs, int batches) {
                        calls.add("start " + firstEpoch + "/" + epochs + " x" + batches);
                    }

                    @Override
                    public void onBatch(String run, int epoch, int batch, int batches, double loss) {
                        calls.add(epoch + "." + batch);
                    }

                    @Override
                    public void onEpoch(String run, EpochRecord record) {
                        calls.add("epoch " + record.epoch());
                    }
                });
        assertEquals(List.of("start 1/2 x3", "1.1", "1.2", "1.3", "epoch 1", "2.1", "2.2", "2.3", "epoch 2"), calls);
    }

    @Test
    void badRowsAndConfigurationsGiveClearErrors() {
        TrainingData data = Fixtures.learnable(10, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(
                new TrainingConfig(1, 4, 1e-3, 1, 0, 0)).train("r", Models.evokeStudent(1), Objective.hardLabels(), data,
                new int[] {0, 10}));
        assertEquals("r training rows contains row 10; expected rows in 0..9", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(0, 4, 1e-3, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 4, 1e-3, 1, 1.0, 0));
        assertNotEquals(TrainingData.hash(data.features(), data.labels()), Fixtures.learnable(10, 5).dataHash());
    }
}

package org.evoke.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.eeg.emotion.EmotionTable;
import org.evoke.nn.models.Models;
import org.evoke.tensor.io.SafeTensors;
import org.evoke.tensor.testing.Golden;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PredictCommandTest {
    @TempDir
    static Path tmp;
    static Path ccnnWeights, ccnnInput;
    static SafeTensors.Contents golden;

    /** The golden CCNN as a PyTorch-style weights file (canonical names) and an input file with x. */
    @BeforeAll
    static void files() {
        golden = Golden.load("ccnn.safetensors");
        Map<String, INDArray> params = new LinkedHashMap<>();
        golden.tensors().forEach((k, v) -> {
            if (k.startsWith("param.")) {
                params.put(k.substring("param.".length()), v);
            }
        });
        ccnnWeights = tmp.resolve("ccnn.safetensors");
        SafeTensors.write(ccnnWeights, params);
        ccnnInput = tmp.resolve("x.safetensors");
        SafeTensors.write(ccnnInput, Map.of("x", golden.get("x")));
    }

    @Test
    void roundTripsTheGoldenCcnnLogits() {
        Path out = tmp.resolve("pred.safetensors");
        Cli c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--input", ccnnInput.toString(), "--model", "ccnn",
                "--output", out.toString());
        assertEquals(0, c.exit(), c.err());
        SafeTensors.Contents r = SafeTensors.read(out);
        TensorAssert.assertClose("predicted logits", golden.get("logits"), r.get("logits"));
        INDArray p = r.get("probabilities"), y = r.get("labels");
        String[] emotions = r.metadata().get("emotions").split(",");
        for (int i = 0; i < 3; i++) {
            boolean[] b = new boolean[3];
            for (int j = 0; j < 3; j++) {
                double expected = 1 / (1 + Math.exp(-golden.get("logits").getDouble(i, j)));
                assertEquals(expected, p.getDouble(i, j), 1e-4);
                b[j] = expected >= 0.5;
                assertEquals(b[j] ? 1 : 0, y.getInt(i, j));
            }
            assertEquals(EmotionTable.defaultTable().of(b[0], b[1], b[2]).name(), emotions[i]);
        }
        assertTrue(c.out().contains("emotions:"), c.out());
    }

    @Test
    void writesJsonAndReadsDeapFilesDirectly() throws Exception {
        Path student = tmp.resolve("student.safetensors");
        Models.evokeStudent(3).save(student);
        Path out = tmp.resolve("pred.json");
        Cli c = Cli.run("predict", "--weights", student.toString(), "--input", Golden.path("deap_s01.dat").toString(),
                "--output", out.toString());
        assertEquals(0, c.exit(), c.err());
        JsonNode rows = new ObjectMapper().readTree(out.toFile());
        int windows = (int) Golden.load("deap_s01_features.safetensors").get("de").size(0);
        assertEquals(windows, rows.size(), "one result per window of the DEAP file");
        assertTrue(rows.get(0).has("emotion") && rows.get(0).get("probabilities").size() == 3);
        assertTrue(c.out().contains("more windows"), "long outputs are abbreviated on screen");
    }

    @Test
    void weightsSavedByTheLibraryNameTheirModelSoModelIsOptional() throws Exception {
        org.evoke.nn.Model m = Models.ccnn(0);
        m.load(ccnnWeights);
        Path saved = tmp.resolve("saved-ccnn.safetensors");
        m.save(saved);
        Path a = tmp.resolve("a.safetensors"), b = tmp.resolve("b.safetensors");
        Cli byMetadata = Cli.run("predict", "--weights", saved.toString(), "--input", ccnnInput.toString(), "--output", a.toString());
        assertEquals(0, byMetadata.exit(), byMetadata.err());
        Cli explicit = Cli.run("predict", "--weights", saved.toString(), "--input", ccnnInput.toString(), "--model", "ccnn",
                "--output", b.toString());
        assertEquals(0, explicit.exit(), explicit.err());
        assertEquals(SafeTensors.read(b).get("logits"), SafeTensors.read(a).get("logits"));
    }

    @Test
    void theTransformersPredictFromTheirOwnInputShapes() throws Exception {
        for (String name : new String[] {"vit", "arjunvit"}) {
            org.evoke.nn.Model m = Models.byName(name, 7);
            Path saved = tmp.resolve(name + ".safetensors");
            m.save(saved);
            long[] shape = new long[m.inputShape().length + 1];
            shape[0] = 2;
            System.arraycopy(m.inputShape(), 0, shape, 1, m.inputShape().length);
            org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
            Path in = tmp.resolve(name + "-x.safetensors"), out = tmp.resolve(name + "-y.safetensors");
            SafeTensors.write(in, java.util.Map.of("x", x), java.util.Map.of());
            Cli c = Cli.run("predict", "--weights", saved.toString(), "--input", in.toString(), "--output", out.toString());
            assertEquals(0, c.exit(), name + ": " + c.err());
            org.evoke.tensor.testing.TensorAssert.assertClose(name + " logits", m.predict(x), SafeTensors.read(out).get("logits"));
        }
        Cli wrong = Cli.run("predict", "--weights", tmp.resolve("arjunvit.safetensors").toString(), "--input", ccnnInput.toString());
        assertEquals(Main.USER_ERROR, wrong.exit());
        assertTrue(wrong.oneLineError() && wrong.err().contains("expected (N, 32, 128)"), wrong.err());
    }

    @Test
    void absurdButFiniteFeatureValuesAreRefusedWithTheirIndex() throws Exception {
        Path huge = tmp.resolve("huge.safetensors");
        INDArray x = Nd4j.zeros(DataType.FLOAT, 5, 4, 9, 9);
        x.putScalar(new long[]{0, 1, 4, 4}, 3e38f);
        x.putScalar(new long[]{2, 0, 0, 0}, 3e38f);
        SafeTensors.write(huge, Map.of("x", x));
        Path out = tmp.resolve("never-huge.json");
        Cli c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--model", "ccnn", "--input", huge.toString(),
                "--output", out.toString());
        assertEquals(Main.USER_ERROR, c.exit(), c.out());
        assertTrue(c.oneLineError() && c.err().contains("at [0, 1, 4, 4]") && c.err().contains("beyond +-1.0E12"), c.err());
        assertTrue(!java.nio.file.Files.exists(out), "nothing written");
    }

    @Test
    void userMistakesEndInOneLine() throws Exception {
        Path out = tmp.resolve("never.json");
        Cli c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--input", ccnnInput.toString(), "--output", out.toString());
        assertEquals(Main.USER_ERROR, c.exit(), "teacher weights into the student");
        assertTrue(c.oneLineError() && c.err().contains("does not fit the evoke-student model")
                && c.err().contains("try --model ccnn"), c.err());

        Path wrongShape = tmp.resolve("wrong.safetensors");
        SafeTensors.write(wrongShape, Map.of("x", Nd4j.zeros(DataType.FLOAT, 2, 4, 8, 8)));
        c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--input", wrongShape.toString(), "--model", "ccnn");
        assertTrue(c.oneLineError() && c.err().contains("expected (N, 4, 9, 9)"), c.err());

        Path noX = tmp.resolve("nox.safetensors");
        SafeTensors.write(noX, Map.of("y", Nd4j.zeros(DataType.FLOAT, 2, 4, 9, 9)));
        c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--input", noX.toString(), "--model", "ccnn");
        assertTrue(c.oneLineError() && c.err().contains("no tensor 'x'"), c.err());

        Path foreign = tmp.resolve("notes.txt");
        Files.writeString(foreign, "hello");
        c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--input", foreign.toString(), "--model", "ccnn");
        assertTrue(c.oneLineError(), c.err());
        c = Cli.run("predict", "--weights", foreign.toString(), "--input", ccnnInput.toString(), "--model", "ccnn");
        assertTrue(c.oneLineError(), c.err());

        c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--input", ccnnInput.toString(), "--model", "resnet");
        assertTrue(c.oneLineError() && c.err().contains("student, ccnn, vit, arjunvit or arjunvit-bands"), c.err());
        c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--input", ccnnInput.toString(), "--model", "ccnn",
                "--output", tmp.resolve("out.csv").toString());
        assertTrue(c.oneLineError() && c.err().contains(".json or .safetensors"), c.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(tmp.resolve("out.csv")));
    }

    @Test
    void extremeWeightsAndExtremeDeapValuesAreRefusedNotShown() throws Exception {
        // weights of 3e38: float32 logits overflow to infinity; no emotion may be printed for them
        Path huge = tmp.resolve("huge.safetensors");
        org.evoke.nn.Model student = org.evoke.nn.models.Models.evokeStudent(1);
        Map<String, INDArray> w = new LinkedHashMap<>();
        student.parameters().forEach(p -> w.put(p.name(), Nd4j.valueArrayOf(p.value().shape(), 3e38f, DataType.FLOAT)));
        SafeTensors.write(huge, w);
        Path x = tmp.resolve("ones.safetensors");
        SafeTensors.write(x, Map.of("x", Nd4j.ones(DataType.FLOAT, 2, 4, 9, 9)));
        Cli c = Cli.run("predict", "--weights", huge.toString(), "--input", x.toString(), "--model", "student");
        assertEquals(Main.USER_ERROR, c.exit(), c.out() + c.err());
        assertTrue(c.oneLineError() && c.err().contains("the weights overflow float32"), c.err());
        assertFalse(c.out().contains("emotions:"), c.out());

        // DEAP data of 1e300 (finite): refused by the reader, named by file, trial and channel
        Path dir = tmp.resolve("extreme");
        Files.createDirectories(dir);
        INDArray data = Nd4j.zeros(DataType.DOUBLE, 1, 40, 8064).addi(1.0);
        data.putScalar(new long[]{0, 3, 100}, 1e300);
        Path file = org.evoke.eeg.deap.DeapWriter.writeDat(new org.evoke.eeg.deap.DeapSubject("s01", data,
                Nd4j.ones(DataType.DOUBLE, 1, 4)), dir.resolve("s01.dat"));
        c = Cli.run("predict", "--weights", ccnnWeights.toString(), "--model", "ccnn", "--input", file.toString());
        assertEquals(Main.USER_ERROR, c.exit(), c.out() + c.err());
        assertTrue(c.oneLineError() && c.err().contains("EEG channel 4 of trial 1 holds 1.0E300 uV"), c.err());
    }

    @Test
    void manyWindowsRunInBoundedBatchesWithTheSameLogits() throws Exception {
        Path w = tmp.resolve("batched-student.safetensors");
        org.evoke.nn.Model student = org.evoke.nn.models.Models.evokeStudent(5);
        student.save(w);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 600, 4, 9, 9);
        Path in = tmp.resolve("many.safetensors");
        SafeTensors.write(in, Map.of("x", x));
        Path out = tmp.resolve("many-out.safetensors");
        Cli c = Cli.run("predict", "--weights", w.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, c.exit(), c.err());
        INDArray expected = Nd4j.create(DataType.FLOAT, 600, 3);
        for (int i = 0; i < 600; i += 100) { // the reference: batches of another size
            expected.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 100), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .assign(student.predict(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 100)).dup()));
        }
        TensorAssert.assertClose("batched logits", expected, SafeTensors.read(out).get("logits"), 1e-5);
    }
}

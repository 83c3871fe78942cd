package org.evoke.nn.models;

import org.evoke.nn.Model;
import org.evoke.tensor.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One way to load a model: every model that {@link Model#save} writes comes back from {@link Models#load(Path)}. */
class ModelsLoadTest {
    @TempDir
    Path tmp;

    @Test
    void everySavedModelLoadsBackWithTheSameLogits() {
        int[] cells = IntStream.range(0, 32).map(i -> (i * 5) % 81).toArray();
        List<Model> models = List.of(Models.ccnn(3), Models.ccnn(4, 0.0), Models.evokeStudent(5), Models.arjunVit(6, 3),
                Models.arjunVit(7, 4), Models.arjunVitOnBands(8, 3, cells, 4), Models.arjunVitOnBands(9, 2, cells, 6),
                Models.torcheegVit(10, 3), Models.visionTransformer(11, 3, 32, 8, 48, 2, 4, 96, 5));
        for (Model m : models) {
            Path file = tmp.resolve(m.name() + "-" + m.seed() + ".safetensors");
            m.save(file, Map.of("note", "test"));
            Model back = Models.load(file);
            String what = m.name() + " " + m.architecture();
            assertEquals(m.name(), back.name(), what);
            assertEquals(m.seed(), back.seed(), what);
            assertEquals(m.architecture(), back.architecture(), what);
            assertArrayEquals(m.inputShape(), back.inputShape(), what);
            long[] shape = new long[m.inputShape().length + 1];
            shape[0] = 2;
            System.arraycopy(m.inputShape(), 0, shape, 1, m.inputShape().length);
            Nd4j.getRandom().setSeed(m.seed());
            INDArray x = Nd4j.rand(DataType.FLOAT, shape);
            assertEquals(m.predict(x), back.predict(x), what);
        }
    }

    @Test
    void theNamesEvokeRunGivesItsWeightsLoadToo() {
        int[] cells = IntStream.range(0, 32).map(i -> 80 - i).toArray();
        Map<String, Model> byRunName = Map.of("ccnn", Models.ccnn(1), "student", Models.evokeStudent(2),
                "arjunvit", Models.arjunVit(3, 3), "arjunvit-bands", Models.arjunVitOnBands(4, 3, cells, 4),
                "vit", Models.torcheegVit(5, 3));
        for (Map.Entry<String, Model> e : byRunName.entrySet()) {
            Path file = tmp.resolve("run-" + e.getKey() + ".safetensors");
            e.getValue().save(file, Map.of("model", e.getKey(), "role", "whatever"));
            Model back = Models.load(file);
            assertEquals(e.getValue().name(), back.name(), e.getKey());
            INDArray x = Nd4j.rand(DataType.FLOAT, shapeOf(e.getValue()));
            assertEquals(e.getValue().predict(x), back.predict(x), e.getKey());
        }
    }

    private static long[] shapeOf(Model m) {
        long[] shape = new long[m.inputShape().length + 1];
        shape[0] = 2;
        System.arraycopy(m.inputShape(), 0, shape, 1, m.inputShape().length);
        return shape;
    }

    @Test
    void aFileWithoutModelMetadataIsTheStudent() {
        Model student = Models.evokeStudent(12);
        Path file = tmp.resolve("pytorch-like.safetensors");
        SafeTensors.write(file, student.state(), Map.of());
        Model back = Models.load(file);
        assertEquals("evoke-student", back.name());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 9, 9);
        assertEquals(student.predict(x), back.predict(x));
    }

    @Test
    void badMetadataIsOneLineNamingTheFile() {
        Model ccnn = Models.ccnn(1);
        Map<String, Map<String, String>> cases = Map.of(
                "names model 'resnet'", Map.of("model", "resnet"),
                "arch.classes must be a positive integer", Map.of("model", "arjun-vit", "arch.classes", "three"),
                "not the grid cells", Map.of("model", "arjun-vit-bands"),
                "arch.image", Map.of("model", "vit", "arch.channels", "3"),
                "seed must be an integer", Map.of("model", "ccnn", "seed", "x"));
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            Path file = tmp.resolve("bad" + Math.abs(c.getKey().hashCode()) + ".safetensors");
            SafeTensors.write(file, ccnn.state(), new HashMap<>(c.getValue()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(file), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()) && e.getMessage().contains(file.toString())
                    && !e.getMessage().contains("\n"), e.getMessage());
        }
        Path student = tmp.resolve("student.safetensors");
        Models.evokeStudent(2).save(student);
        SafeTensors.Contents c = SafeTensors.read(student);
        Map<String, String> asCcnn = new HashMap<>(c.metadata());
        asCcnn.put("model", "ccnn");
        Path wrong = tmp.resolve("wrong.safetensors");
        SafeTensors.write(wrong, c.tensors(), asCcnn);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(wrong));
        assertTrue(e.getMessage().contains(wrong.toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Models.load(tmp.resolve("none.safetensors")));
    }
}

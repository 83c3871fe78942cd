package org.evoke.examples;

import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model from its weights (module evoke-nn): {@code Models.load} rebuilds whatever network the file's metadata
 * names, here the EVOKE student, and the model predicts valence, arousal and dominance for one window.
 *
 * <pre>
 * java ... org.evoke.examples.ModelFromWeights [weights.safetensors]
 * </pre>
 * Without an argument it saves a fresh student to a temporary file first, to have weights to load.
 */
public final class ModelFromWeights {
    private ModelFromWeights() {
    }

    public static void main(String[] args) throws Exception {
        Path weights;
        if (args.length > 0) {
            weights = Path.of(args[0]);
        } else {
            weights = Files.createTempFile("evoke-student", ".safetensors");
            Models.evokeStudent(42).save(weights);                   // what evoke run writes, untrained here
        }
        Model model = Models.load(weights);                          // the architecture its metadata names
        System.out.println(model.summary());                         // Table I's columns: layers, parameters, MACs, MiB

        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 4, 9, 9);          // one window: 4 bands on the 9x9 grid
        INDArray p = Transforms.sigmoid(model.predict(x));            // (1, 3): valence, arousal, dominance high
        System.out.printf("%s: valence %.3f, arousal %.3f, dominance %.3f%n", model.name(),
                p.getDouble(0, 0), p.getDouble(0, 1), p.getDouble(0, 2));
        if (args.length == 0) {
            Files.delete(weights);
        }
    }
}

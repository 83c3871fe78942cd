package org.evoke.nn.layers;

import org.evoke.nn.Parameter;
import org.evoke.tensor.attention.TokenKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The learnt class token {@code cls_token} (1, 1, D) and position embedding {@code pos_embedding} (1, P + 1, D) that
 * every patch embedding of a vision transformer shares: tokens Z (B, P + 1, D) from the embedded patches (B P, D),
 * and back. PyTorch draws both from N(0, 1); thop does not count them.
 */
final class ClassAndPositionEmbedding {
    private final Parameter cls, pos;

    ClassAndPositionEmbedding(int patches, int dim) {
        this.cls = new Parameter("cls_token", Nd4j.zeros(DataType.FLOAT, 1, 1, dim));
        this.pos = new Parameter("pos_embedding", Nd4j.zeros(DataType.FLOAT, 1, patches + 1, dim));
    }

    /** In torcheeg's order: position embedding, class token. */
    List<Parameter> parameters() {
        return List.of(pos, cls);
    }

    /** Z = [cls; rows] + pos. */
    void forward(INDArray rows, int batch, INDArray z) {
        TokenKernels.tokens(rows, cls.value(), pos.value(), batch, z);
    }

    /** dRows written, the two embeddings' gradients accumulated. */
    void backward(INDArray dz, int batch, INDArray dRows) {
        TokenKernels.tokensBackward(dz, batch, dRows, cls.grad(), pos.grad());
    }

    void initialize(SplittableRandom rng) {
        for (Parameter e : parameters()) {
            double[] v = new double[(int) e.value().length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
            e.set(Nd4j.createFromArray(v).reshape(e.value().shape()));
        }
    }

    Parameter cls() {
        return cls;
    }

    Parameter pos() {
        return pos;
    }
}

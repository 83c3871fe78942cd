package org.evoke.tensor.dense;

import org.evoke.tensor.Buffers;
import org.evoke.tensor.Kernels;
import org.evoke.tensor.blas.Gemm;
import org.evoke.tensor.ops.Activation;
import org.evoke.tensor.ops.Activations;
import org.evoke.tensor.ops.Nd4jKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arithmetic of one fully connected layer, on the kernels this JVM runs ({@link Kernels}); the layer
 * ({@code org.evoke.nn.layers.Linear}) owns the parameters and the checks, this owns every buffer and chooses per
 * call: the register tiles ({@link DenseKernels}) on the Vector API path for float32, OpenBLAS's gemm on the BLAS
 * path, ND4J operations on the portable path.
 *
 * <pre>
 * Legend: N batch, D in features, F out features
 * forward:   y = act(x W^T + b)             x (N, D), W (F, D), b (F), y (N, F)
 * backward:  dz = dy * act'(y);  db += sum over n of dz;  dW += dz^T x;  dx = dz W
 * </pre>
 */
public final class LinearKernel {
    private enum Used { TILES, BLAS, ND4J }

    private final int in, out;
    private Used used;
    private Activation applied;
    private INDArray x;             // (N, D) the input of the last training forward (BLAS, ND4J)
    private INDArray y;             // (N, F)
    private INDArray dz;            // (N, F)
    private INDArray dx;            // (N, D)
    private DenseKernels dense;     // the Vector API path's workspace

    public LinearKernel(int in, int out) {
        this.in = in;
        this.out = out;
    }

    /** y (N, F) = act(x W^T + b) into a buffer this object owns; with {@code training}, keeps what backward needs. */
    public INDArray forward(INDArray input, INDArray weight, long weightVersion, INDArray bias, long biasVersion,
                            Activation act, boolean training) {
        DataType t = input.dataType();
        if (y == null || y.size(0) != input.size(0) || y.dataType() != t) {
            y = Buffers.ensure(y, t, input.size(0), out);
        }
        applied = act;
        x = training ? input : null;
        if (Kernels.portable()) {
            INDArray z = input.mmul(weight.transpose()).addiRowVector(bias);
            y.assign(Nd4jKernels.activate(z, act));
            used = Used.ND4J;
        } else if (Kernels.vector() && t == DataType.FLOAT) {
            if (dense == null) {
                dense = new DenseKernels(Kernels.tiles(), in, out);
            }
            dense.pack(weight, weightVersion, bias, biasVersion);
            dense.forward(input, y, act, training);
            used = Used.TILES;
        } else {
            Gemm.gemm(input, weight, y, false, true);
            Activations.biasActivation(y, bias, act);
            used = Used.BLAS;
        }
        return y;
    }

    /** Backward of the last training forward: dW += ..., db += ...; returns dL/dx, or null without {@code inputGradient}. */
    public INDArray backward(INDArray dy, INDArray weight, INDArray dW, INDArray db, boolean inputGradient) {
        if (inputGradient) {
            dx = Buffers.ensure(dx, dy.dataType(), dy.size(0), in);
        }
        switch (used) {
            case TILES -> dense.backward(dy, y, applied, dW, db, inputGradient ? dx : null);
            case ND4J -> {
                INDArray g = Nd4jKernels.activationBackward(dy, y, applied);
                db.addi(g.sum(0));
                Nd4j.gemm(g, x, dW, true, false, 1.0, 1.0);
                if (inputGradient) {
                    dx.assign(g.mmul(weight));
                }
            }
            case BLAS -> {
                dz = Buffers.ensure(dz, dy.dataType(), dy.shape());
                Activations.biasActivationBackward(dy, applied == Activation.IDENTITY ? null : y, applied, dz, db);
                Gemm.gemm(dz, x, dW, true, false, 1.0, 1.0);
                if (inputGradient) {
                    Gemm.gemm(dz, weight, dx, false, false);
                }
            }
        }
        x = null;
        return inputGradient ? dx : null;
    }

    /** Which kernels the last forward ran on: "tiles", "blas" or "nd4j". */
    public String lastPath() {
        return used == null ? "none" : used.name().toLowerCase(java.util.Locale.ROOT);
    }
}

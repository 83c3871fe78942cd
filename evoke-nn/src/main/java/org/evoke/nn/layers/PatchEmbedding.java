package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.Shapes;
import org.evoke.tensor.TokenKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Arjun ViT's token embedding: raw EEG (B, C, T) cut into W = T / p temporal patches ({@code 'b c (w p) -> b w (c p)'}),
 * each embedded by a Linear(C p, D) ({@code to_patch_embedding.1}), then the learnt class token prepended
 * ({@code cls_token}, (1, 1, D)) and the learnt position embedding added ({@code pos_embedding}, (1, W + 1, D)),
 * then embedding dropout. Output (B, W + 1, D). Both embeddings are parameters like any other (saved, loaded and
 * trained by name); PyTorch draws them from N(0, 1).
 */
public final class PatchEmbedding implements Layer {
    private final String name;
    private final int channels, length, patch, patches, dim;
    private final Linear proj;
    private final ClassAndPositionEmbedding embeddings;
    private final Dropout dropout;
    private INDArray p, z, dP, dx; // patch rows, tokens, and their gradients
    private int batch;
    private boolean ready;

    /**
     * @param channels C (num_electrodes)
     * @param length   T (chunk_size), a multiple of {@code patch}
     * @param patch    p (t_patch_size)
     * @param dim      D (hid_channels)
     */
    public PatchEmbedding(String name, int channels, int length, int patch, int dim, double dropout, long seed) {
        if (channels < 1 || patch < 1 || dim < 1 || length < patch || length % patch != 0) {
            throw new IllegalArgumentException("patch embedding " + name + ": chunk size " + length + " must be a positive multiple of"
                    + " the patch size " + patch + " (and channels " + channels + ", dim " + dim + " positive)");
        }
        this.name = name;
        this.channels = channels;
        this.length = length;
        this.patch = patch;
        this.patches = length / patch;
        this.dim = dim;
        this.proj = new Linear(name + ".1", channels * patch, dim);
        this.embeddings = new ClassAndPositionEmbedding(patches, dim);
        this.dropout = new Dropout("dropout", dropout, seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Shapes.requireFloating(x, name + " input");
        if (x.rank() != 3 || x.size(1) != channels || x.size(2) != length) {
            throw new IllegalArgumentException("patch embedding " + name + " input: expected (batch, " + channels + ", " + length
                    + ") raw EEG windows, got " + java.util.Arrays.toString(x.shape()));
        }
        batch = (int) x.size(0);
        p = Buffers.ensure(p, x.dataType(), (long) batch * patches, (long) channels * patch);
        z = Buffers.ensure(z, x.dataType(), batch, patches + 1, dim);
        TokenKernels.patches(x, patch, p);
        embeddings.forward(proj.forward(p, training), batch, z);
        ready = training;
        return dropout.forward(z, training);
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        INDArray g = dropout.backward(dy);
        dP = Buffers.ensure(dP, dy.dataType(), (long) batch * patches, dim);
        embeddings.backward(g, batch, dP);
        INDArray dRows = proj.backward(dP);
        dx = Buffers.ensure(dx, dy.dataType(), batch, channels, length);
        TokenKernels.patchesBackward(dRows, patch, dx);
        ready = false;
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(embeddings.parameters().get(0), embeddings.parameters().get(1), proj.weight(), proj.bias());
    }

    /** The class token and the position embedding: a model's own parameters, which thop leaves out. */
    @Override
    public List<Parameter> thopUncounted() {
        return embeddings.parameters();
    }

    @Override
    public void initialize(SplittableRandom rng) {
        proj.initialize(rng);
        embeddings.initialize(rng);
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return new long[] {patches + 1, dim};
    }

    /** Rearrange, Linear (to_patch_embedding) and the embedding Dropout. */
    @Override
    public int moduleCount() {
        return 3;
    }

    @Override
    public long macs(long[] inputShape) {
        return (long) patches * channels * patch * dim;
    }

    @Override
    public String toString() {
        return name + ": Rearrange('b c (w p) -> b w (c p)', p=" + patch + "), Linear(" + channels * patch + ", " + dim
                + "), cls_token, pos_embedding (1, " + (patches + 1) + ", " + dim + ")";
    }
}

package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Shapes;
import org.evoke.tensor.attention.TokenKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

/**
 * An image vision transformer's token embedding (ViT, Dosovitskiy et al. 2021): a p x p convolution at stride p
 * ({@code patch_embed.proj}) cuts (B, C, H, W) into (H/p)(W/p) patches of D channels, which become the tokens after
 * the learnt class token, plus the learnt position embedding. Output (B, 1 + (H/p)(W/p), D).
 */
public final class ConvPatchEmbedding implements Layer {
    private final String name;
    private INDArray checked; // the last arrays that passed the checks (an array's shape and type never change)
    private final int channels, height, width, patch, dim, patches;
    private final Conv2d proj;
    private final ClassAndPositionEmbedding embeddings;
    private INDArray rows, z, dRows, dConv;
    private int batch;
    private boolean ready;

    public ConvPatchEmbedding(String name, int channels, int height, int width, int patch, int dim) {
        if (channels < 1 || dim < 1 || patch < 1 || height % patch != 0 || width % patch != 0 || height < patch || width < patch) {
            throw new IllegalArgumentException("patch embedding " + name + ": image " + height + "x" + width
                    + " must be a positive multiple of the patch size " + patch);
        }
        this.name = name;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.patch = patch;
        this.dim = dim;
        this.patches = (height / patch) * (width / patch);
        this.proj = new Conv2d(name + ".proj", channels, dim, patch, patch, Padding.of(0));
        this.embeddings = new ClassAndPositionEmbedding(patches, dim);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x != checked) { // once per input array: steady-state calls build no message strings
            Shapes.requireFloating(x, name + " input");
            checked = x;
        }
        batch = (int) x.size(0);
        INDArray y = proj.forward(x, training);                       // (B, D, H/p, W/p)
        rows = Buffers.ensure(rows, x.dataType(), (long) batch * patches, dim);
        z = Buffers.ensure(z, x.dataType(), batch, patches + 1, dim);
        TokenKernels.channelsToRows(y, rows);
        embeddings.forward(rows, batch, z);
        ready = training;
        return z;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        dRows = Buffers.ensure(dRows, dy.dataType(), (long) batch * patches, dim);
        embeddings.backward(dy, batch, dRows);
        dConv = Buffers.ensure(dConv, dy.dataType(), batch, dim, height / patch, width / patch);
        TokenKernels.rowsToChannels(dRows, dConv);
        ready = false;
        return proj.backward(dConv);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(embeddings.parameters().get(0), embeddings.parameters().get(1), proj.parameters().get(0), proj.parameters().get(1));
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

    @Override
    public long macs(long[] inputShape) {
        return proj.macs(inputShape);
    }

    @Override
    public String toString() {
        return name + ": Conv2d(" + channels + ", " + dim + ", kernel " + patch + ", stride " + patch + "), cls_token, pos_embedding (1, "
                + (patches + 1) + ", " + dim + ")";
    }

    /** The p x p stride-p convolution (D, C, p, p). */
    public Conv2d projection() {
        return proj;
    }

    /** cls_token (1, 1, D). */
    public Parameter classToken() {
        return embeddings.cls();
    }

    /** pos_embedding (1, P + 1, D). */
    public Parameter positionEmbedding() {
        return embeddings.pos();
    }
}

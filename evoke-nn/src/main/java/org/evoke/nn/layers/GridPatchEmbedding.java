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
 * torcheeg ViT's token embedding on a grid of features (B, T, H, W), e.g. the DE grid (B, 4, 9, 9): patches of
 * p0 x p1 x p2 ({@code 'b (c p0) (h p1) (w p2) -> b c h w (p1 p2 p0)'}, then {@code 'b ... d -> b (...) d'}), each
 * embedded by a Linear(p0 p1 p2, D) ({@code to_patch_embedding.1}), the class token prepended and the position
 * embedding added. Output (B, 1 + (T/p0)(H/p1)(W/p2), D).
 */
public final class GridPatchEmbedding implements Layer {
    private final String name;
    private final int chunk, height, width, p0, p1, p2, dim, patches;
    private final Linear proj;
    private final ClassAndPositionEmbedding embeddings;
    private final Dropout dropout;
    private INDArray rows, z, dRows, dx;
    private int batch;
    private boolean ready;

    public GridPatchEmbedding(String name, int chunk, int height, int width, int p0, int p1, int p2, int dim, double dropout, long seed) {
        if (chunk % p0 != 0 || height % p1 != 0 || width % p2 != 0 || dim < 1 || p0 < 1 || p1 < 1 || p2 < 1) {
            throw new IllegalArgumentException("patch embedding " + name + ": input " + chunk + "x" + height + "x" + width
                    + " must be positive multiples of the patch " + p0 + "x" + p1 + "x" + p2);
        }
        this.name = name;
        this.chunk = chunk;
        this.height = height;
        this.width = width;
        this.p0 = p0;
        this.p1 = p1;
        this.p2 = p2;
        this.dim = dim;
        this.patches = (chunk / p0) * (height / p1) * (width / p2);
        this.proj = new Linear(name + ".1", p0 * p1 * p2, dim);
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
        if (x.rank() != 4 || x.size(1) != chunk || x.size(2) != height || x.size(3) != width) {
            throw new IllegalArgumentException("patch embedding " + name + " input: expected (batch, " + chunk + ", " + height + ", "
                    + width + "), got " + java.util.Arrays.toString(x.shape()));
        }
        batch = (int) x.size(0);
        rows = Buffers.ensure(rows, x.dataType(), (long) batch * patches, (long) p0 * p1 * p2);
        z = Buffers.ensure(z, x.dataType(), batch, patches + 1, dim);
        TokenKernels.gridPatches(x, p0, p1, p2, rows);
        embeddings.forward(proj.forward(rows, training), batch, z);
        ready = training;
        return dropout.forward(z, training);
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!ready) {
            throw new IllegalStateException(name + ": backward needs a forward(x, true) before it");
        }
        dRows = Buffers.ensure(dRows, dy.dataType(), (long) batch * patches, dim);
        embeddings.backward(dropout.backward(dy), batch, dRows);
        INDArray g = proj.backward(dRows);
        dx = Buffers.ensure(dx, dy.dataType(), batch, chunk, height, width);
        TokenKernels.gridPatchesBackward(g, p0, p1, p2, dx);
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
        return (long) patches * p0 * p1 * p2 * dim;
    }

    @Override
    public String toString() {
        return name + ": Rearrange('b (c p0) (h p1) (w p2) -> b (c h w) (p1 p2 p0)', p0=" + p0 + ", p1=" + p1 + ", p2=" + p2
                + "), Linear(" + p0 * p1 * p2 + ", " + dim + "), cls_token, pos_embedding (1, " + (patches + 1) + ", " + dim + ")";
    }
}

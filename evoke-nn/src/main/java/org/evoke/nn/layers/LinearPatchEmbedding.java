package org.evoke.nn.layers;

import org.evoke.nn.Layer;
import org.evoke.nn.Parameter;
import org.evoke.tensor.Buffers;
import org.evoke.tensor.ops.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.SplittableRandom;

/**
 * What torcheeg's two patch embeddings share: the input cut into P patch rows of F values ({@link #patchify}, its
 * adjoint {@link #unpatchify}), each embedded by a Linear(F, D) ({@code to_patch_embedding.1}), the class token
 * prepended and the position embedding added, then embedding dropout. Output (B, P + 1, D).
 */
abstract class LinearPatchEmbedding implements Layer {
    private final String name;
    private final int patches, features, dim;
    private final long[] sampleShape;   // the per-sample input shape
    private final Linear proj;
    private final ClassAndPositionEmbedding embeddings;
    private final Dropout dropout;
    private INDArray rows, z, dRows, dx; // (B P, F), (B, P + 1, D), (B P, D), (B, ...input)
    private INDArray checked;           // the last input that passed the shape check (an array's shape never changes)
    private long[] inShape;             // (B, ...sampleShape) of the last input
    private int batch;
    private boolean ready;

    LinearPatchEmbedding(String name, long[] sampleShape, int patches, int features, int dim, double dropout, long seed) {
        this.name = name;
        this.sampleShape = sampleShape.clone();
        this.patches = patches;
        this.features = features;
        this.dim = dim;
        this.proj = new Linear(name + ".1", features, dim);
        this.embeddings = new ClassAndPositionEmbedding(patches, dim);
        this.dropout = new Dropout("dropout", dropout, seed);
    }

    /** rows (B P, F) from x (B, ...sampleShape). */
    abstract void patchify(INDArray x, INDArray rows);

    /** dx (B, ...sampleShape) from dRows (B P, F). */
    abstract void unpatchify(INDArray dRows, INDArray dx);

    /** What the input is, for error messages (e.g. "raw EEG windows"). */
    abstract String inputName();

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        if (x != checked) { // checked once per input array: steady-state calls allocate nothing
            Shapes.requireFloating(x, name + " input");
            if (x.rank() != sampleShape.length + 1
                    || !java.util.Arrays.equals(java.util.Arrays.copyOfRange(x.shape(), 1, x.rank()), sampleShape)) {
                throw new IllegalArgumentException("patch embedding " + name + " input: expected (batch, "
                        + java.util.Arrays.toString(sampleShape).replaceAll("[\\[\\]]", "") + ") " + inputName() + ", got "
                        + java.util.Arrays.toString(x.shape()));
            }
            checked = x;
            inShape = x.shape();
        }
        batch = (int) x.size(0);
        rows = Buffers.ensure(rows, x.dataType(), (long) batch * patches, features);
        z = Buffers.ensure(z, x.dataType(), batch, patches + 1, dim);
        patchify(x, rows);
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
        dx = Buffers.ensure(dx, dy.dataType(), inShape);
        unpatchify(g, dx);
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

    @Override
    public long macs(long[] inputShape) {
        return (long) patches * features * dim;
    }

    /** Rearrange, Linear (to_patch_embedding) and the embedding Dropout. */
    @Override
    public int moduleCount() {
        return 3;
    }

    /** ", Linear(F, D), cls_token, pos_embedding (1, P + 1, D)" for toString. */
    String embeddingText() {
        return "Linear(" + features + ", " + dim + "), cls_token, pos_embedding (1, " + (patches + 1) + ", " + dim + ")";
    }

    /** The patch rows' Linear(F, D). */
    public Linear projection() {
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

    /** The per-sample input shape. */
    public long[] sampleShape() {
        return sampleShape.clone();
    }
}

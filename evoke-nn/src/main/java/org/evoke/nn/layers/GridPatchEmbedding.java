package org.evoke.nn.layers;

import org.evoke.tensor.attention.TokenKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * torcheeg ViT's token embedding on a grid of features (B, T, H, W), e.g. the DE grid (B, 4, 9, 9): patches of
 * p0 x p1 x p2 ({@code 'b (c p0) (h p1) (w p2) -> b c h w (p1 p2 p0)'}, then {@code 'b ... d -> b (...) d'}), each
 * embedded by a Linear(p0 p1 p2, D) ({@code to_patch_embedding.1}), the class token prepended and the position
 * embedding added. Output (B, 1 + (T/p0)(H/p1)(W/p2), D).
 */
public final class GridPatchEmbedding extends LinearPatchEmbedding {
    private final int p0, p1, p2;

    public GridPatchEmbedding(String name, int chunk, int height, int width, int p0, int p1, int p2, int dim, double dropout, long seed) {
        super(name, new long[] {chunk, height, width}, patches(name, chunk, height, width, p0, p1, p2, dim), p0 * p1 * p2, dim,
                dropout, seed);
        this.p0 = p0;
        this.p1 = p1;
        this.p2 = p2;
    }

    private static int patches(String name, int chunk, int height, int width, int p0, int p1, int p2, int dim) {
        if (p0 < 1 || p1 < 1 || p2 < 1 || dim < 1 || chunk < p0 || height < p1 || width < p2
                || chunk % p0 != 0 || height % p1 != 0 || width % p2 != 0) {
            throw new IllegalArgumentException("patch embedding " + name + ": input " + chunk + "x" + height + "x" + width
                    + " must be positive multiples of the patch " + p0 + "x" + p1 + "x" + p2);
        }
        return (chunk / p0) * (height / p1) * (width / p2);
    }

    @Override
    void patchify(INDArray x, INDArray rows) {
        TokenKernels.gridPatches(x, p0, p1, p2, rows);
    }

    @Override
    void unpatchify(INDArray dRows, INDArray dx) {
        TokenKernels.gridPatchesBackward(dRows, p0, p1, p2, dx);
    }

    @Override
    String inputName() {
        return "feature grids";
    }

    @Override
    public String toString() {
        return name() + ": Rearrange('b (c p0) (h p1) (w p2) -> b (c h w) (p1 p2 p0)', p0=" + p0 + ", p1=" + p1 + ", p2=" + p2
                + "), " + embeddingText();
    }

    /** The patch (p0, p1, p2): along the chunk, the grid's rows and its columns. */
    public int[] patchSize() {
        return new int[] {p0, p1, p2};
    }
}

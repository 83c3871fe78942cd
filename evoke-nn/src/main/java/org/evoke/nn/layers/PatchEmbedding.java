package org.evoke.nn.layers;

import org.evoke.tensor.attention.TokenKernels;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Arjun ViT's token embedding: raw EEG (B, C, T) cut into W = T / p temporal patches ({@code 'b c (w p) -> b w (c p)'}),
 * each embedded by a Linear(C p, D) ({@code to_patch_embedding.1}), then the learnt class token prepended
 * ({@code cls_token}, (1, 1, D)) and the learnt position embedding added ({@code pos_embedding}, (1, W + 1, D)),
 * then embedding dropout. Output (B, W + 1, D). Both embeddings are parameters like any other (saved, loaded and
 * trained by name); PyTorch draws them from N(0, 1).
 */
public final class PatchEmbedding extends LinearPatchEmbedding {
    private final int patch;

    /**
     * @param channels C (num_electrodes)
     * @param length   T (chunk_size), a multiple of {@code patch}
     * @param patch    p (t_patch_size)
     * @param dim      D (hid_channels)
     */
    public PatchEmbedding(String name, int channels, int length, int patch, int dim, double dropout, long seed) {
        super(name, new long[] {channels, length}, checked(name, channels, length, patch, dim) / patch, channels * patch, dim,
                dropout, seed);
        this.patch = patch;
    }

    private static int checked(String name, int channels, int length, int patch, int dim) {
        if (channels < 1 || patch < 1 || dim < 1 || length < patch || length % patch != 0) {
            throw new IllegalArgumentException("patch embedding " + name + ": chunk size " + length + " must be a positive multiple of"
                    + " the patch size " + patch + " (and channels " + channels + ", dim " + dim + " positive)");
        }
        return length;
    }

    @Override
    void patchify(INDArray x, INDArray rows) {
        TokenKernels.patches(x, patch, rows);
    }

    @Override
    void unpatchify(INDArray dRows, INDArray dx) {
        TokenKernels.patchesBackward(dRows, patch, dx);
    }

    @Override
    String inputName() {
        return "raw EEG windows";
    }

    @Override
    public String toString() {
        return name() + ": Rearrange('b c (w p) -> b w (c p)', p=" + patch + "), " + embeddingText();
    }

    /** p, the samples per patch. */
    public int patch() {
        return patch;
    }
}

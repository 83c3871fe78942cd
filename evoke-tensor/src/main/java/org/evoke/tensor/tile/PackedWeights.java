package org.evoke.tensor.tile;

import org.evoke.tensor.Parallel;
import org.evoke.tensor.memory.Address;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's weights W (F, K) and bias b (F) as the register tiles read them: Wt (K, Fp) = W^T in column panels
 * ({@link Panels}), Fp = F rounded up to 16 (the extra columns zero), and b as a float array of Fp. Packed again
 * only when the weight's version (the {@code Parameter}'s change counter) or array moves, or when eight sampled
 * elements no longer match (a whole-tensor overwrite that did not bump the version: a guard, not a guarantee).
 * Shared by {@link org.evoke.tensor.conv.DirectConv} (K = C*kh*kw) and {@link org.evoke.tensor.dense.DenseKernels}
 * (K = D); the packing itself runs on both cores, straight from W's native rows (the teacher's lin1, 5.3 million weights, is repacked after every training
 * step).
 */
public final class PackedWeights implements Parallel.Body {
    final int f, k, fp;
    public final float[] wt;    // (K, Fp) in panels
    public final float[] bias;  // (Fp)
    private long weightVersion = -1, biasVersion = -1;
    private Object data; // the weight's data buffer when packed (a replaced array repacks)
    private final Address weightAt = new Address(), biasAt = new Address();
    private long packing; // the address of the weight being packed
    private long generation; // counts repacks: what packings derived from wt (flipped, Winograd) compare against

    public PackedWeights(int f, int k) {
        this.f = f;
        this.k = k;
        this.fp = TileLoop.roundUp(f, Tiles.NARROW);
        this.wt = new float[k * fp];
        this.bias = new float[fp];
    }

    /** Packs what changed; true when the weights (not only the bias) were packed again. W is FLOAT (F, K) in c order. */
    public boolean pack(INDArray weight, long weightVersion, INDArray b, long biasVersion, String who) {
        long w = weightAt.of(weight, who, " weight");
        boolean repack = weightVersion != this.weightVersion || weight.data() != data || overwritten(w);
        if (repack) {
            packing = w;
            Parallel.run(this);
            this.weightVersion = weightVersion;
            data = weight.data();
            generation++;
        }
        long bAddr = biasAt.of(b, who, " bias");
        if (biasVersion != this.biasVersion || biasOverwritten(bAddr)) {
            for (int ff = 0; ff < f; ff++) {
                bias[ff] = Vec.getFloat(bAddr + 4L * ff);
            }
            this.biasVersion = biasVersion;
        }
        return repack;
    }

    /** True once packed. */
    public boolean packed() {
        return generation > 0;
    }

    /**
     * Counts the repacks (1 after the first): packings derived from {@link #wt} (the flipped weights of dx, the
     * Winograd transform) redo themselves when it moves. Not the version: an overwrite caught by the sampled check
     * repacks without a new version.
     */
    public long generation() {
        return generation;
    }

    /** Panels split over the parts; each row of W (contiguous in native memory) goes down its panel column. */
    @Override
    public void run(int part, int parts) {
        for (int c0 = TileLoop.begin(fp, Tiles.WIDE, part, parts), e = TileLoop.begin(fp, Tiles.WIDE, part + 1, parts); c0 < e; ) {
            int wd = Panels.width(c0, fp), fe = Math.min(wd, f - c0);
            for (int j = 0; j < fe; j++) {
                long src = packing + 4L * (long) (c0 + j) * k;
                int dst = c0 * k + j;
                for (int kk = 0; kk < k; kk++) {
                    wt[dst + kk * wd] = Vec.getFloat(src + 4L * kk);
                }
            }
            c0 += wd;
        }
    }

    private boolean overwritten(long w) {
        if (!packed()) {
            return true;
        }
        long length = (long) f * k;
        for (int s = 0; s < 8; s++) {
            int i = (int) ((length - 1) * s / 7);
            if (Vec.getFloat(w + 4L * i) != wt[Panels.at(i % k, i / k, k, fp)]) {
                return true;
            }
        }
        return false;
    }

    private boolean biasOverwritten(long b) {
        if (biasVersion < 0) {
            return true;
        }
        for (int s = 0; s < 8; s++) {
            int i = (f - 1) * s / 7;
            if (Vec.getFloat(b + 4L * i) != bias[i]) {
                return true;
            }
        }
        return false;
    }
}

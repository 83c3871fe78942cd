package org.evoke.tensor.attention;

import org.evoke.tensor.ops.RowOps;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reshapes around a vision transformer's tokens, as loops over the arrays' memory (host copies on the portable
 * path): cutting raw EEG into patch rows, prepending the class token and adding the position embedding, and taking
 * the class token back out.
 *
 * <pre>
 * patches:  P[b*W + w][c*p + q] = x[b][c][w*p + q]          x (B, C, W*p) -> P (B*W, C*p)   'b c (w p) -> b w (c p)'
 * tokens:   Z[b][0] = cls + pos[0];  Z[b][1+w] = E[b*W + w] + pos[1+w]                    E (B*W, D) -> Z (B, W+1, D)
 * pool:     y[b] = Z[b][0]                                                                 (B, N, D) -> (B, D)
 * </pre>
 */
public final class TokenKernels {
    private TokenKernels() {
    }

    /** P = 'b c (w p) -> b w (c p)' of x (B, C, W*p), as (B*W, C*p) rows. */
    public static void patches(INDArray x, int patch, INDArray out) {
        int batch = (int) x.size(0), ch = (int) x.size(1), len = (int) x.size(2), w = len / patch;
        RowOps.Buf in = RowOps.Buf.in(x, "x"), o = RowOps.Buf.out(out, "patches");
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < ch; c++) {
                for (int t = 0; t < len; t++) {
                    o.set((b * w + t / patch) * ch * patch + c * patch + t % patch, in.get((b * ch + c) * len + t));
                }
            }
        }
        o.flush();
    }

    /** The inverse of {@link #patches}: dx (B, C, W*p) from dP (B*W, C*p). */
    public static void patchesBackward(INDArray dPatches, int patch, INDArray dx) {
        int batch = (int) dx.size(0), ch = (int) dx.size(1), len = (int) dx.size(2), w = len / patch;
        RowOps.Buf in = RowOps.Buf.in(dPatches, "dPatches"), o = RowOps.Buf.out(dx, "dx");
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < ch; c++) {
                for (int t = 0; t < len; t++) {
                    o.set((b * ch + c) * len + t, in.get((b * w + t / patch) * ch * patch + c * patch + t % patch));
                }
            }
        }
        o.flush();
    }

    /**
     * torcheeg ViT's patches, {@code 'b (c p0) (h p1) (w p2) -> b (c h w) (p1 p2 p0)'}: x (B, C p0, H p1, W p2) to
     * rows (B C H W, p1 p2 p0), tokens in (c, h, w) order, features in (p1, p2, p0) order.
     */
    public static void gridPatches(INDArray x, int p0, int p1, int p2, INDArray out) {
        gridPatches(x, p0, p1, p2, out, false);
    }

    /** The inverse of {@link #gridPatches}: dx from dRows. */
    public static void gridPatchesBackward(INDArray dRows, int p0, int p1, int p2, INDArray dx) {
        gridPatches(dx, p0, p1, p2, dRows, true);
    }

    private static void gridPatches(INDArray x, int p0, int p1, int p2, INDArray rows, boolean backward) {
        int batch = (int) x.size(0), cp = (int) x.size(1), hp = (int) x.size(2), wp = (int) x.size(3);
        int c = cp / p0, h = hp / p1, w = wp / p2, f = p1 * p2 * p0;
        RowOps.Buf xs = backward ? RowOps.Buf.out(x, "dx") : RowOps.Buf.in(x, "x");
        RowOps.Buf rs = backward ? RowOps.Buf.in(rows, "dRows") : RowOps.Buf.out(rows, "rows");
        for (int b = 0; b < batch; b++) {
            for (int ch = 0; ch < cp; ch++) {
                for (int i = 0; i < hp; i++) {
                    for (int j = 0; j < wp; j++) {
                        int token = ((ch / p0) * h + i / p1) * w + j / p2;
                        int feature = ((i % p1) * p2 + j % p2) * p0 + ch % p0;
                        int xi = ((b * cp + ch) * hp + i) * wp + j, ri = (b * c * h * w + token) * f + feature;
                        if (backward) {
                            xs.set(xi, rs.get(ri));
                        } else {
                            rs.set(ri, xs.get(xi));
                        }
                    }
                }
            }
        }
        (backward ? xs : rs).flush();
    }

    /** Z (B, W+1, D): the class token then the embedded patches, plus the position embedding (1, W+1, D). */
    public static void tokens(INDArray embedded, INDArray cls, INDArray pos, int batch, INDArray out) {
        int d = (int) cls.length(), n = (int) (pos.length() / d);
        RowOps.Buf e = RowOps.Buf.in(embedded, "embedded"), c = RowOps.Buf.in(cls, "cls"), p = RowOps.Buf.in(pos, "pos");
        RowOps.Buf o = RowOps.Buf.out(out, "tokens");
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < d; i++) {
                o.set(b * n * d + i, c.get(i) + p.get(i));
            }
            for (int t = 1; t < n; t++) {
                for (int i = 0; i < d; i++) {
                    o.set((b * n + t) * d + i, e.get((b * (n - 1) + t - 1) * d + i) + p.get(t * d + i));
                }
            }
        }
        o.flush();
    }

    /** dE written; dcls and dpos accumulated (summed over the batch). */
    public static void tokensBackward(INDArray dTokens, int batch, INDArray dEmbedded, INDArray dCls, INDArray dPos) {
        int d = (int) dCls.length(), n = (int) (dPos.length() / d);
        RowOps.Buf g = RowOps.Buf.in(dTokens, "dTokens"), de = RowOps.Buf.out(dEmbedded, "dEmbedded");
        RowOps.Buf dc = RowOps.Buf.inOut(dCls, "dcls"), dp = RowOps.Buf.inOut(dPos, "dpos");
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < d; i++) {
                    double v = g.get((b * n + t) * d + i);
                    dp.set(t * d + i, dp.get(t * d + i) + v);
                    if (t == 0) {
                        dc.set(i, dc.get(i) + v);
                    } else {
                        de.set((b * (n - 1) + t - 1) * d + i, v);
                    }
                }
            }
        }
        de.flush();
        dc.flush();
        dp.flush();
    }

    /** rows (B*P, D) from a convolution's output (B, D, P): each position's channels as one row. */
    public static void channelsToRows(INDArray y, INDArray rows) {
        int batch = (int) y.size(0), d = (int) y.size(1), p = (int) (y.length() / ((long) batch * d));
        RowOps.Buf in = RowOps.Buf.in(y, "y"), o = RowOps.Buf.out(rows, "rows");
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < d; c++) {
                for (int t = 0; t < p; t++) {
                    o.set((b * p + t) * d + c, in.get((b * d + c) * p + t));
                }
            }
        }
        o.flush();
    }

    /** The inverse of {@link #channelsToRows}: dy (B, D, P) from dRows (B*P, D). */
    public static void rowsToChannels(INDArray dRows, INDArray dy) {
        int batch = (int) dy.size(0), d = (int) dy.size(1), p = (int) (dy.length() / ((long) batch * d));
        RowOps.Buf in = RowOps.Buf.in(dRows, "dRows"), o = RowOps.Buf.out(dy, "dy");
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < d; c++) {
                for (int t = 0; t < p; t++) {
                    o.set((b * d + c) * p + t, in.get((b * p + t) * d + c));
                }
            }
        }
        o.flush();
    }

    /** y (B, D) = x[:, 0] of x (B, N, D). */
    public static void first(INDArray x, INDArray y) {
        int batch = (int) x.size(0), n = (int) x.size(1), d = (int) x.size(2);
        RowOps.Buf in = RowOps.Buf.in(x, "x"), o = RowOps.Buf.out(y, "y");
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < d; i++) {
                o.set(b * d + i, in.get(b * n * d + i));
            }
        }
        o.flush();
    }

    /** dx (B, N, D): dy in token 0, zero elsewhere. */
    public static void firstBackward(INDArray dy, INDArray dx) {
        int batch = (int) dx.size(0), n = (int) dx.size(1), d = (int) dx.size(2);
        RowOps.Buf g = RowOps.Buf.in(dy, "dy"), o = RowOps.Buf.out(dx, "dx");
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < d; i++) {
                    o.set((b * n + t) * d + i, t == 0 ? g.get(b * d + i) : 0);
                }
            }
        }
        o.flush();
    }
    /**
     * The electrodes' values out of a grid: y[b][e][k] = x[b][k][cells[e]] of x (B, K, H, W) (cells[e] = row * W +
     * column of electrode e), y (B, E, K).
     */
    public static void gather(INDArray x, int[] cells, INDArray y) {
        int batch = (int) x.size(0), k = (int) x.size(1), hw = (int) (x.size(2) * x.size(3)), e = cells.length;
        RowOps.Buf in = RowOps.Buf.in(x, "x"), o = RowOps.Buf.out(y, "y");
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < e; c++) {
                for (int j = 0; j < k; j++) {
                    o.set((b * e + c) * k + j, in.get((b * k + j) * hw + cells[c]));
                }
            }
        }
        o.flush();
    }

    /** The inverse of {@link #gather}: dx (B, K, H, W), dy scattered to the electrodes' cells, zero elsewhere. */
    public static void gatherBackward(INDArray dy, int[] cells, INDArray dx) {
        int batch = (int) dx.size(0), k = (int) dx.size(1), hw = (int) (dx.size(2) * dx.size(3)), e = cells.length;
        RowOps.Buf g = RowOps.Buf.in(dy, "dy"), o = RowOps.Buf.out(dx, "dx");
        for (int i = 0; i < batch * k * hw; i++) {
            o.set(i, 0);
        }
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < e; c++) {
                for (int j = 0; j < k; j++) {
                    o.set((b * k + j) * hw + cells[c], g.get((b * e + c) * k + j));
                }
            }
        }
        o.flush();
    }
}

package org.evoke.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The batched products of multi-head self-attention, on the packed projection {@code qkv} (B*N, 3*H*Dh) that
 * {@code to_qkv} writes: for token i of sample b, q of head h is at columns [h*Dh, (h+1)*Dh), k at I + that, v at
 * 2I + that (I = H*Dh), as torcheeg's {@code chunk(3)} and {@code 'b n (h d) -> b h n d'} lay them out.
 *
 * <pre>
 * scores:   S[b,h,i,j] = scale * sum_c q[b,h,i,c] k[b,h,j,c]            (B, H, N, N)
 * mix:      O[b,i,h*Dh+c] = sum_j A[b,h,i,j] v[b,h,j,c]                 (B*N, I), A = softmax(S) (after dropout)
 * backward: dA[b,h,i,j] = sum_c dO[b,i,h*Dh+c] v[b,h,j,c];   dv[b,h,j,c] = sum_i A[b,h,i,j] dO[b,i,h*Dh+c]
 *           dq[b,h,i,c] = scale * sum_j dS[b,h,i,j] k[b,h,j,c];   dk[b,h,j,c] = scale * sum_i dS[b,h,i,j] q[b,h,i,c]
 * </pre>
 * Plain loops over the arrays' memory (the portable path: host copies), a reference implementation; at
 * Arjun ViT's sizes (N = 5, Dh = 64) these products are a small part of a block's work.
 */
public final class AttentionKernels {
    private AttentionKernels() {
    }

    /** S = scale * q k^T per (sample, head). */
    public static void scores(INDArray qkv, int batch, int tokens, int heads, int headDim, double scale, INDArray s) {
        int inner = heads * headDim, row = 3 * inner;
        RowOps.Buf p = RowOps.Buf.in(qkv, "qkv"), out = RowOps.Buf.out(s, "scores");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int sb = (b * heads + h) * tokens * tokens;
                for (int i = 0; i < tokens; i++) {
                    int qi = (b * tokens + i) * row + h * headDim;
                    for (int j = 0; j < tokens; j++) {
                        int kj = (b * tokens + j) * row + inner + h * headDim;
                        double acc = 0;
                        for (int c = 0; c < headDim; c++) {
                            acc += p.get(qi + c) * p.get(kj + c);
                        }
                        out.set(sb + i * tokens + j, scale * acc);
                    }
                }
            }
        }
        out.flush();
    }

    /** O = A v per (sample, head), written into (B*N, I) with the heads side by side. */
    public static void mix(INDArray attn, INDArray qkv, int batch, int tokens, int heads, int headDim, INDArray out) {
        int inner = heads * headDim, row = 3 * inner;
        RowOps.Buf a = RowOps.Buf.in(attn, "attention"), p = RowOps.Buf.in(qkv, "qkv"), o = RowOps.Buf.out(out, "out");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int ab = (b * heads + h) * tokens * tokens;
                for (int i = 0; i < tokens; i++) {
                    int oi = (b * tokens + i) * inner + h * headDim;
                    for (int c = 0; c < headDim; c++) {
                        double acc = 0;
                        for (int j = 0; j < tokens; j++) {
                            acc += a.get(ab + i * tokens + j) * p.get((b * tokens + j) * row + 2 * inner + h * headDim + c);
                        }
                        o.set(oi + c, acc);
                    }
                }
            }
        }
        o.flush();
    }

    /** dA = dO v^T, and dv = A^T dO written into the v columns of {@code dqkv}. */
    public static void mixBackward(INDArray attn, INDArray qkv, INDArray dOut, int batch, int tokens, int heads, int headDim,
                                   INDArray dAttn, INDArray dqkv) {
        int inner = heads * headDim, row = 3 * inner;
        RowOps.Buf a = RowOps.Buf.in(attn, "attention"), p = RowOps.Buf.in(qkv, "qkv"), g = RowOps.Buf.in(dOut, "dOut");
        RowOps.Buf da = RowOps.Buf.out(dAttn, "dAttention"), dp = RowOps.Buf.inOut(dqkv, "dqkv");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int ab = (b * heads + h) * tokens * tokens;
                for (int i = 0; i < tokens; i++) {
                    int gi = (b * tokens + i) * inner + h * headDim;
                    for (int j = 0; j < tokens; j++) {
                        int vj = (b * tokens + j) * row + 2 * inner + h * headDim;
                        double acc = 0;
                        for (int c = 0; c < headDim; c++) {
                            acc += g.get(gi + c) * p.get(vj + c);
                        }
                        da.set(ab + i * tokens + j, acc);
                    }
                }
                for (int j = 0; j < tokens; j++) {
                    int vj = (b * tokens + j) * row + 2 * inner + h * headDim;
                    for (int c = 0; c < headDim; c++) {
                        double acc = 0;
                        for (int i = 0; i < tokens; i++) {
                            acc += a.get(ab + i * tokens + j) * g.get((b * tokens + i) * inner + h * headDim + c);
                        }
                        dp.set(vj + c, acc);
                    }
                }
            }
        }
        da.flush();
        dp.flush();
    }

    /** dq = scale dS k and dk = scale dS^T q, written into the q and k columns of {@code dqkv}. */
    public static void scoresBackward(INDArray dScores, INDArray qkv, int batch, int tokens, int heads, int headDim, double scale,
                                      INDArray dqkv) {
        int inner = heads * headDim, row = 3 * inner;
        RowOps.Buf ds = RowOps.Buf.in(dScores, "dScores"), p = RowOps.Buf.in(qkv, "qkv"), dp = RowOps.Buf.inOut(dqkv, "dqkv");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int sb = (b * heads + h) * tokens * tokens;
                for (int i = 0; i < tokens; i++) {
                    int qi = (b * tokens + i) * row + h * headDim;
                    for (int c = 0; c < headDim; c++) {
                        double dq = 0, dk = 0;
                        for (int j = 0; j < tokens; j++) {
                            int r = (b * tokens + j) * row + h * headDim;
                            dq += ds.get(sb + i * tokens + j) * p.get(r + inner + c); // k[j]
                            dk += ds.get(sb + j * tokens + i) * p.get(r + c);         // q[j], for k[i]
                        }
                        dp.set(qi + c, scale * dq);
                        dp.set(qi + inner + c, scale * dk);
                    }
                }
            }
        }
        dp.flush();
    }
}

package org.evoke.tensor.attention;

import org.evoke.tensor.blas.Gemm;
import org.evoke.tensor.blas.NativeBlas;
import org.evoke.tensor.memory.Vec;
import org.evoke.tensor.ops.RowOps;
import org.nd4j.linalg.api.buffer.DataType;
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
 * On the CPU backend each (sample, head) product is one BLAS gemm on the arrays' memory, reading a head's columns of
 * qkv in place through the leading dimension (row stride 3I), so nothing is copied or reshaped; the {@code ...Naive}
 * methods are the same products as plain loops in double (the reference, and the portable path: host copies).
 */
public final class AttentionKernels {
    private AttentionKernels() {
    }

    /** True when the products go to BLAS directly: CPU backend, compact float32 or float64 arrays of one type. */
    private static boolean direct(INDArray a, INDArray b, INDArray c, INDArray d, INDArray e) {
        return Gemm.direct() && fits(a, a) && fits(b, a) && fits(c, a) && fits(d, a) && fits(e, a);
    }

    /** a is compact and of the first array's type, float or double; null (an unused slot) fits. */
    private static boolean fits(INDArray a, INDArray first) {
        return a == null || (Vec.isCompact(a) && a.dataType() == first.dataType()
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE));
    }

    /** S = scale * q k^T per (sample, head): S_bh (N, N) = scale Q_bh (N, Dh) K_bh^T, Q and K read in place. */
    public static void scores(INDArray qkv, int batch, int tokens, int heads, int headDim, double scale, INDArray s) {
        if (!direct(qkv, s, null, null, null)) {
            scoresNaive(qkv, batch, tokens, heads, headDim, scale, s);
            return;
        }
        int inner = heads * headDim, row = 3 * inner, es = (int) qkv.data().getElementSize();
        boolean dbl = qkv.dataType() == DataType.DOUBLE;
        long p = Vec.address(qkv, "qkv"), ps = Vec.address(s, "scores");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                long q = p + ((long) b * tokens * row + (long) h * headDim) * es;
                NativeBlas.gemm(dbl, false, true, tokens, tokens, headDim, scale, q, row, q + (long) inner * es, row, 0.0,
                        ps + (long) (b * heads + h) * tokens * tokens * es, tokens);
            }
        }
    }

    /** O = A v per (sample, head): O_bh (N, Dh) = A_bh (N, N) V_bh, written into its head's columns of (B*N, I). */
    public static void mix(INDArray attn, INDArray qkv, int batch, int tokens, int heads, int headDim, INDArray out) {
        if (!direct(attn, qkv, out, null, null)) {
            mixNaive(attn, qkv, batch, tokens, heads, headDim, out);
            return;
        }
        int inner = heads * headDim, row = 3 * inner, es = (int) qkv.data().getElementSize();
        boolean dbl = qkv.dataType() == DataType.DOUBLE;
        long pa = Vec.address(attn, "attention"), p = Vec.address(qkv, "qkv"), po = Vec.address(out, "out");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                long v = p + ((long) b * tokens * row + 2L * inner + (long) h * headDim) * es;
                NativeBlas.gemm(dbl, false, false, tokens, headDim, tokens, 1.0, pa + (long) (b * heads + h) * tokens * tokens * es,
                        tokens, v, row, 0.0, po + ((long) b * tokens * inner + (long) h * headDim) * es, inner);
            }
        }
    }

    /** dA = dO v^T and dv = A^T dO per (sample, head); dv written into the v columns of {@code dqkv}. */
    public static void mixBackward(INDArray attn, INDArray qkv, INDArray dOut, int batch, int tokens, int heads, int headDim,
                                   INDArray dAttn, INDArray dqkv) {
        if (!direct(attn, qkv, dOut, dAttn, dqkv)) {
            mixBackwardNaive(attn, qkv, dOut, batch, tokens, heads, headDim, dAttn, dqkv);
            return;
        }
        int inner = heads * headDim, row = 3 * inner, es = (int) qkv.data().getElementSize();
        boolean dbl = qkv.dataType() == DataType.DOUBLE;
        long pa = Vec.address(attn, "attention"), p = Vec.address(qkv, "qkv"), pg = Vec.address(dOut, "dOut");
        long pda = Vec.address(dAttn, "dAttention"), pdp = Vec.address(dqkv, "dqkv");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                long head = ((long) b * tokens * row + 2L * inner + (long) h * headDim) * es; // v of (b, h) in qkv and dqkv
                long g = pg + ((long) b * tokens * inner + (long) h * headDim) * es;
                long ab = (long) (b * heads + h) * tokens * tokens * es;
                NativeBlas.gemm(dbl, false, true, tokens, tokens, headDim, 1.0, g, inner, p + head, row, 0.0, pda + ab, tokens);
                NativeBlas.gemm(dbl, true, false, tokens, headDim, tokens, 1.0, pa + ab, tokens, g, inner, 0.0, pdp + head, row);
            }
        }
    }

    /** dq = scale dS k and dk = scale dS^T q per (sample, head), written into the q and k columns of {@code dqkv}. */
    public static void scoresBackward(INDArray dScores, INDArray qkv, int batch, int tokens, int heads, int headDim, double scale,
                                      INDArray dqkv) {
        if (!direct(dScores, qkv, dqkv, null, null)) {
            scoresBackwardNaive(dScores, qkv, batch, tokens, heads, headDim, scale, dqkv);
            return;
        }
        int inner = heads * headDim, row = 3 * inner, es = (int) qkv.data().getElementSize();
        boolean dbl = qkv.dataType() == DataType.DOUBLE;
        long pds = Vec.address(dScores, "dScores"), p = Vec.address(qkv, "qkv"), pdp = Vec.address(dqkv, "dqkv");
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                long q = ((long) b * tokens * row + (long) h * headDim) * es, k = q + (long) inner * es;
                long ds = pds + (long) (b * heads + h) * tokens * tokens * es;
                NativeBlas.gemm(dbl, false, false, tokens, headDim, tokens, scale, ds, tokens, p + k, row, 0.0, pdp + q, row);
                NativeBlas.gemm(dbl, true, false, tokens, headDim, tokens, scale, ds, tokens, p + q, row, 0.0, pdp + k, row);
            }
        }
    }

    /** Reference: S = scale * q k^T per (sample, head). */
    public static void scoresNaive(INDArray qkv, int batch, int tokens, int heads, int headDim, double scale, INDArray s) {
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
    public static void mixNaive(INDArray attn, INDArray qkv, int batch, int tokens, int heads, int headDim, INDArray out) {
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
    public static void mixBackwardNaive(INDArray attn, INDArray qkv, INDArray dOut, int batch, int tokens, int heads, int headDim,
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
    public static void scoresBackwardNaive(INDArray dScores, INDArray qkv, int batch, int tokens, int heads, int headDim, double scale,
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

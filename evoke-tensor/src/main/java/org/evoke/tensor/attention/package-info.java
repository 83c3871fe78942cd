/**
 * The transformer's own kernels: multi-head self-attention's core fused per head and block of queries on the register
 * tiles ({@link org.evoke.tensor.attention.FusedAttention}: scores, softmax and values without the whole score
 * matrix), its batched products on the packed qkv projection as separate steps for the backward and the other paths
 * ({@link org.evoke.tensor.attention.AttentionKernels}, with plain loops as the reference), the feed-forward's
 * float32 GELU on the Vector API and both cores ({@link org.evoke.tensor.attention.GeluKernel}), layer norm's float32
 * forward likewise ({@link org.evoke.tensor.attention.LayerNormKernel}) and the reshapes around the tokens
 * ({@link org.evoke.tensor.attention.TokenKernels}). The references, and the paths of double arrays and the portable
 * backend, are the row operations in {@link org.evoke.tensor.ops.RowOps}.
 */
package org.evoke.tensor.attention;

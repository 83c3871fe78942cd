/**
 * The transformer's own kernels: multi-head self-attention's batched products on the packed qkv projection
 * ({@link org.evoke.tensor.attention.AttentionKernels}, with plain loops as the reference) and the reshapes around
 * the tokens ({@link org.evoke.tensor.attention.TokenKernels}). Layer norm, softmax and GELU are row operations, in
 * {@link org.evoke.tensor.ops.RowOps}.
 */
package org.evoke.tensor.attention;

/**
 * The layers, each a forward/backward pair named and parameterised like its PyTorch twin: {@link
 * org.evoke.nn.layers.Conv2d}, {@link org.evoke.nn.layers.Linear}, {@link org.evoke.nn.layers.ReLU}, {@link
 * org.evoke.nn.layers.SELU}, {@link org.evoke.nn.layers.Dropout}, {@link org.evoke.nn.layers.Flatten}; and the first
 * transformer layers (issue 12, in progress): {@link org.evoke.nn.layers.LayerNorm}, {@link org.evoke.nn.layers.GELU},
 * {@link org.evoke.nn.layers.Softmax}, {@link org.evoke.nn.layers.MultiHeadSelfAttention}, {@link
 * org.evoke.nn.layers.TransformerBlock}; {@link
 * org.evoke.nn.layers.Linear} also comes without bias (attention's {@code to_qkv}).
 */
package org.evoke.nn.layers;

/** Optimisers over {@code List<Parameter>}: Adam (PyTorch's exact semantics) and SGD with momentum. */
package org.evoke.nn.optim;

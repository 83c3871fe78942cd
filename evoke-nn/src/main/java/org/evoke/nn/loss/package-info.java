/** Losses on logits in their stable forms. The distillation loss lives in evoke-distill. */
package org.evoke.nn.loss;

/**
 * Small programs that generate the figures and the worked example of {@code docs/distillation.md} from the
 * library's own code, so the documentation shows what the code computes.
 */
package org.evoke.distill.docs;

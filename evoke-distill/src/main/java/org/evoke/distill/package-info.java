/**
 * The EVOKE method itself: the temperature-sigmoid distillation loss, the trainer, metrics, cross-validated studies and the live emotion recogniser.
 */
package org.evoke.distill;

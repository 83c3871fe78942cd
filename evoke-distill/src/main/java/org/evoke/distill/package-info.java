/**
 * The EVOKE method itself: the temperature-sigmoid distillation loss, the trainer, metrics and cross-validated studies (the live recogniser is in evoke-live).
 */
package org.evoke.distill;

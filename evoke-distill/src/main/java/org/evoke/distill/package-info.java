/**
 * The EVOKE method itself: the temperature-sigmoid distillation loss, the trainer, metrics (the study is evoke-study, the live recogniser evoke-live).
 */
package org.evoke.distill;

/**
 * The synthetic DEAP: a seeded generator of subjects with DEAP's exact shapes and formats, whose band powers depend
 * on the ratings by the documented rules of {@code docs/synthetic-deap.md}.
 */
package org.evoke.eeg.synth;

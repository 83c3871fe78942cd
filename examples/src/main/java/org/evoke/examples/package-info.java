/**
 * Examples, each a {@code main} that the build compiles and {@code ExamplesTest} runs:
 * {@link org.evoke.examples.ModelFromWeights} (evoke-nn: a model rebuilt from its weights, its summary and a
 * prediction) and {@link org.evoke.examples.EmotionsFromLsl} (evoke-live: an LSL stream on this machine turned into
 * emotions in one call).
 */
package org.evoke.examples;

/**
 * Live emotion recognition as a library: EEG in, emotions and avatar expressions out. The API an application uses:
 * <ul>
 *   <li>{@link org.evoke.live.LiveRecognition}: the one-call entry, weights + {@link org.evoke.live.EegSource} +
 *       a listener, on a thread of its own or the caller's;</li>
 *   <li>{@link org.evoke.live.EegSource}: where EEG comes from, with a factory per source (Lab Streaming Layer,
 *       EDF/BDF recordings, DEAP trials, evoke's raw stream, a synthetic subject) and real-time pacing;</li>
 *   <li>{@link org.evoke.live.EmotionRecognizer}: push chunks of any size, get a
 *       {@link org.evoke.live.Recognition} per completed window (label probabilities, emotion, smoothed ARKit
 *       blendshapes and FACS action units);</li>
 *   <li>{@link org.evoke.live.StreamingFeatures}: the per-window band features of a stream, equal to the offline
 *       extractor's.</li>
 * </ul>
 * The sources' classes are in {@code org.evoke.live.source}. Nothing here depends on the command line, the
 * benchmarks or Spark; messages name no command-line option.
 */
package org.evoke.live;

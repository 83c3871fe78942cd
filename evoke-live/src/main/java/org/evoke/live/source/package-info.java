/**
 * The {@link org.evoke.live.EegSource} implementations behind its factories: {@link org.evoke.live.source.LslSource}
 * (an LSL inlet through the montage, reference and resampler), {@link org.evoke.live.source.FileSource} (an EDF/BDF
 * recording), {@link org.evoke.live.source.RecordedSource} (DEAP trials), {@link org.evoke.live.source.DemoSource}
 * (the synthetic demo subject), {@link org.evoke.live.source.StreamSource} (evoke's raw stream) and
 * {@link org.evoke.live.source.PacedSource} (real-time pacing of any of them).
 */
package org.evoke.live.source;

/**
 * {@code evoke live}: EEG streamed through the {@link org.evoke.distill.EmotionRecognizer} to browsers. An
 * {@link org.evoke.cli.live.EegSource} paces samples in real time (a synthetic demo subject, or a DEAP trial), a
 * {@link org.evoke.cli.live.LiveSession} turns each completed window into one JSON message, and the
 * {@link org.evoke.cli.live.LiveServer} serves the messages as Server-Sent Events beside a health check and a page.
 */
package org.evoke.cli.live;

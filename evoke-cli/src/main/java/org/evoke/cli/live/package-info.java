/**
 * {@code evoke live}: the page and server around evoke-live's {@link org.evoke.live.EmotionRecognizer}. An
 * {@link org.evoke.live.EegSource} paces samples in real time (a synthetic demo subject, a DEAP trial, or a raw
 * stream), a {@link org.evoke.cli.live.LiveSession} turns each completed window into one JSON message (with the VRM
 * presets of {@link org.evoke.cli.live.VrmExpressions}), and the {@link org.evoke.cli.live.LiveServer} serves the
 * messages as Server-Sent Events beside a health check and the page. The page's script (three.js, the procedural
 * ARKit head, three-vrm for {@code --avatar} files checked by {@link org.evoke.cli.live.VrmFile}) lives in
 * {@code evoke-cli/src/main/web} and is bundled into the jar at build time; {@link org.evoke.cli.live.VmcSender} sends
 * the same expressions to VMC apps.
 */
package org.evoke.cli.live;

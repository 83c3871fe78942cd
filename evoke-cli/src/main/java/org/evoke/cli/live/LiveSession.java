package org.evoke.cli.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.evoke.live.EegSource;
import org.evoke.live.EmotionRecognizer;
import org.evoke.live.Recognition;
import org.evoke.eeg.avatar.ActionUnit;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a stream through the recogniser and hands one JSON message per completed window to a listener:
 *
 * <pre>
 * {"window": 12, "time": 13.0, "start": 12.0, "end": 13.0, "latencyMs": 1.8,
 *  "probabilities": {"valence": 0.71, "arousal": 0.33, "dominance": 0.52},
 *  "labels": {"valence": true, "arousal": false, "dominance": true},
 *  "emotion": "relaxed", "expression": "relaxed",
 *  "blendshapes": {"browDownLeft": 0.0, ... the 52 ARKit names, each in [0, 1]},
 *  "actionUnits": {"AU12": 0.4, ...},
 *  "vrm": {"happy": 0.9, "angry": 0.0, "sad": 0.0, "relaxed": 0.0, "surprised": 0.0, "neutral": 0.1}}
 * </pre>
 * {@code time} is the stream time at the window's last sample (seconds after the baseline); {@code emotion} is this
 * window's, {@code expression} the smoothed avatar's ({@code ExpressionSmoother}); {@code latencyMs} the time from the
 * chunk that completed the window arriving to the message being ready (features, one student forward, smoothing,
 * JSON); {@code vrm} the six VRM expression presets of the expression, blended as {@link VrmExpressions} says (what a
 * VRM avatar on the page or in a VMC app shows).
 */
public final class LiveSession {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LABELS = {"valence", "arousal", "dominance"};

    private final EmotionRecognizer recognizer;
    private final EegSource source;
    private final VrmExpressions vrm = new VrmExpressions();
    private volatile boolean ended;

    public LiveSession(EmotionRecognizer recognizer, EegSource source) {
        this.recognizer = recognizer;
        this.source = source;
    }

    /** Pulls the source until it ends (or the thread is interrupted), sending every window's message to {@code sink}. */
    public void run(Consumer<String> sink) {
        run(sink, (window, arrivedNanos) -> { });
    }

    /** Receives, per window, the {@code System.nanoTime()} at which the chunk that completed it arrived. */
    @FunctionalInterface
    public interface Arrivals {
        void arrived(long window, long arrivedNanos);
    }

    /** As {@link #run(Consumer)}, telling {@code arrivals} when each window's last chunk arrived (for latency). */
    public void run(Consumer<String> sink, Arrivals arrivals) {
        try {
            float[][] chunk;
            while (!Thread.currentThread().isInterrupted() && (chunk = source.next()) != null) {
                long arrived = System.nanoTime();
                List<Recognition> done = recognizer.push(chunk);
                for (Recognition r : done) {
                    arrivals.arrived(r.window(), arrived);
                    sink.accept(message(r, (System.nanoTime() - arrived) / 1e6, vrm));
                }
            }
        } finally {
            ended = true;
        }
    }

    /** True once the source has ended. */
    public boolean ended() {
        return ended;
    }

    /** The message of one window on its own (its VRM presets those of its expression, not blended with earlier ones). */
    public static String message(Recognition r, double latencyMs) {
        return message(r, latencyMs, new VrmExpressions());
    }

    /** The message of one window (see the class comment), stepping {@code vrm} to it. */
    public static String message(Recognition r, double latencyMs, VrmExpressions vrm) {
        ObjectNode m = JSON.createObjectNode();
        m.put("window", r.window());
        m.put("time", r.endSeconds());
        m.put("start", r.startSeconds());
        m.put("end", r.endSeconds());
        m.put("latencyMs", latencyMs);
        ObjectNode p = m.putObject("probabilities"), l = m.putObject("labels");
        for (int j = 0; j < LABELS.length; j++) {
            p.put(LABELS[j], r.probabilities()[j]);
            l.put(LABELS[j], r.labels()[j]);
        }
        m.put("emotion", r.emotion().name());
        m.put("expression", r.expression().name());
        ObjectNode bs = m.putObject("blendshapes");
        for (Map.Entry<String, Double> e : r.expression().blendshapeMap().entrySet()) {
            bs.put(e.getKey(), e.getValue());
        }
        ObjectNode aus = m.putObject("actionUnits");
        for (Map.Entry<ActionUnit, Double> e : r.expression().actionUnits().entrySet()) {
            aus.put(e.getKey().name(), e.getValue());
        }
        ObjectNode v = m.putObject("vrm");
        for (Map.Entry<String, Double> e : vrm.step(r.expression().name(), r.endSeconds()).entrySet()) {
            v.put(e.getKey(), e.getValue());
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

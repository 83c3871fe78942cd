package org.evoke.cli.live;

import org.evoke.live.source.PacedSource;
import org.evoke.live.source.RecordedSource;
import org.evoke.live.EegSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.live.EmotionRecognizer;
import org.evoke.eeg.avatar.Blendshape;
import org.evoke.eeg.avatar.ExpressionSmoother;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live server end to end on a free loopback port: a synthetic subject streamed 25 times faster than real time
 * through the recogniser, read from /events by a client like a browser's EventSource.
 */
class LiveServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsCarryEverySmoothedBlendshapeAndOtherClientsSurviveOneThatLeaves() throws Exception {
        Preset preset = Preset.TORCHEEG;
        DeapSubject s = new SyntheticDeap(5, 2).subject(0);
        EmotionRecognizer r = new EmotionRecognizer(Models.evokeStudent(3), preset);
        EegSource source = new PacedSource(new RecordedSource(s, List.of(0, 1), 16, preset.baselineSamples(), false, "test subject"),
                preset.samplingRate(), 25);
        try (LiveServer server = new LiveServer("127.0.0.1", 0, "test subject")) {
            String base = "http://127.0.0.1:" + server.port();
            JsonNode health = JSON.readTree(get(base + "/health"));
            assertEquals("streaming", health.get("status").asText());
            assertEquals("test subject", health.get("source").asText());
            assertTrue(get(base + "/").contains("src=\"/live.js\""), "the page loads its script");
            assertTrue(get(base + "/live.js").contains("new EventSource(\"/events\")"), "the script listens to /events");
            assertTrue(get404(base + "/avatar.vrm").contains("--avatar"), "no avatar was given");
            assertTrue(health.get("avatar").isNull());

            HttpURLConnection quitter = (HttpURLConnection) new URL(base + "/events").openConnection();
            quitter.getInputStream().read(); // connected, then gone without a word
            quitter.disconnect();

            HttpURLConnection events = (HttpURLConnection) new URL(base + "/events").openConnection();
            assertEquals("text/event-stream; charset=utf-8", events.getContentType());
            BufferedReader in = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8));
            Thread stream = new Thread(() -> new LiveSession(r, source).run(server::publish));
            stream.start();

            List<JsonNode> messages = new ArrayList<>();
            String line;
            while (messages.size() < 12 && (line = in.readLine()) != null) {
                if (line.startsWith("data: {")) {
                    messages.add(JSON.readTree(line.substring(6)));
                }
            }
            stream.interrupt();
            stream.join(10_000);
            events.disconnect();

            assertEquals(12, messages.size());
            double bound = 1 - Math.exp(-1.0 / ExpressionSmoother.DEFAULT_TAU_SECONDS) + 1e-9; // 1 s windows
            JsonNode previous = null;
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                assertEquals(i, m.get("window").asInt());
                assertEquals(i + 1.0, m.get("time").asDouble(), 1e-9, "a window's message carries the stream time of its end");
                JsonNode bs = m.get("blendshapes");
                assertEquals(52, bs.size(), "the 52 ARKit blendshapes");
                for (Blendshape b : Blendshape.values()) {
                    double w = bs.get(b.arkitName()).asDouble(Double.NaN);
                    assertTrue(w >= 0 && w <= 1, b.arkitName() + " = " + w);
                    if (previous != null) {
                        double jump = Math.abs(w - previous.get("blendshapes").get(b.arkitName()).asDouble());
                        assertTrue(jump <= bound, "window " + i + ": " + b.arkitName() + " jumped " + jump + " > " + bound);
                    }
                }
                for (Iterator<String> it = m.get("probabilities").fieldNames(); it.hasNext(); ) {
                    double p = m.get("probabilities").get(it.next()).asDouble();
                    assertTrue(p >= 0 && p <= 1, "probability " + p);
                }
                assertTrue(m.get("actionUnits").isObject() && m.hasNonNull("emotion") && m.hasNonNull("expression"));
                assertTrue(m.get("latencyMs").asDouble() >= 0);
                previous = m;
            }
            assertTrue(server.windows() >= 12);
            assertTrue(JSON.readTree(get(base + "/health")).get("windows").asLong() >= 12, "the server kept serving");
            assertTrue(get404(base + "/nothing-here").contains("try /, /events or /health"));
        }
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new LiveServer("127.0.0.1", taken.getLocalPort(), "x"));
            assertTrue(e.getMessage().contains("is in use; pick another with --port"), e.getMessage());
        }
    }

    private static String get(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (var in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String get404(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        assertEquals(404, c.getResponseCode());
        try (var in = c.getErrorStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

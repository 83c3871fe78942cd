package org.evoke.cli.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCSerializeException;
import com.illposed.osc.transport.OSCPortOut;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each window's expression to a VMC protocol receiver (VSeeFace, VMagicMirror, Warudo and other VRM apps): one
 * OSC bundle over UDP per window with a {@code /VMC/Ext/Blend/Val name value} message per blendshape and then
 * {@code /VMC/Ext/Blend/Apply}. The names are:
 * <ul>
 *   <li>the 52 ARKit blendshapes with the smoothed weights of the message ("perfect sync" avatars use them as they are);</li>
 *   <li>the six VRM expression presets, from the emotion the avatar shows ({@link #PRESETS}, docs/live.md), blended over
 *       time with the same step as the blendshapes (1 - e^(-dt / 2 s)): VRM 1.0's names (happy, angry, sad, relaxed,
 *       surprised, neutral) and VRM 0.x's (Joy, Angry, Sorrow, Fun, Surprised, Neutral), since receivers differ in
 *       which they read; a name an avatar lacks is ignored by the receiver.</li>
 * </ul>
 */
public final class VmcSender implements AutoCloseable {
    /** Emotion -> VRM 1.0 expression preset weights. VRM has no fear or disgust: they borrow from its nearest presets. */
    public static final Map<String, Map<String, Double>> PRESETS = Map.of(
            "neutral", Map.of("neutral", 1.0),
            "happy", Map.of("happy", 1.0),
            "excited", Map.of("happy", 0.8, "surprised", 0.5),
            "surprised", Map.of("surprised", 1.0),
            "sad", Map.of("sad", 1.0),
            "angry", Map.of("angry", 1.0),
            "fearful", Map.of("surprised", 0.6, "sad", 0.5),
            "disgusted", Map.of("angry", 0.6, "sad", 0.3));
    /** The VRM 1.0 presets in order, and their VRM 0.x names. */
    static final String[] VRM1 = {"happy", "angry", "sad", "relaxed", "surprised", "neutral"};
    static final String[] VRM0 = {"Joy", "Angry", "Sorrow", "Fun", "Surprised", "Neutral"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TAU_SECONDS = 2.0;

    private final OSCPortOut port;
    private final String target;
    private final double[] presets = new double[VRM1.length];
    private double lastTime = Double.NaN;
    private long sent, failed;

    /**
     * @param hostPort {@code host:port} of the receiver (VSeeFace's default is 39539)
     * @throws IllegalArgumentException with one line when it is not host:port or the host is unknown
     */
    public VmcSender(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int p;
        try {
            p = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("--vmc " + hostPort + ": expected host:port with a port in 1..65535, e.g. 127.0.0.1:39539");
        }
        try {
            this.port = new OSCPortOut(InetAddress.getByName(hostPort.substring(0, colon)), p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--vmc " + hostPort + ": unknown host " + hostPort.substring(0, colon));
        } catch (IOException e) {
            throw new IllegalArgumentException("--vmc " + hostPort + ": " + e.getMessage());
        }
        this.target = hostPort;
    }

    /** Sends one window's message (the JSON of {@link LiveSession}); a failed send is counted, not thrown. */
    public void send(String message) {
        try {
            port.send(bundle(JSON.readTree(message)));
            sent++;
        } catch (IOException | OSCSerializeException e) {
            failed++;
        }
    }

    /** The OSC bundle of one message. */
    OSCBundle bundle(JsonNode m) {
        List<OSCPacket> packets = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.get("blendshapes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            packets.add(value(e.getKey(), e.getValue().asDouble()));
        }
        double time = m.get("time").asDouble();
        double a = Double.isNaN(lastTime) ? 1 : 1 - Math.exp(-Math.max(0, time - lastTime) / TAU_SECONDS);
        lastTime = time;
        Map<String, Double> target = PRESETS.getOrDefault(m.get("expression").asText(), Map.of("neutral", 1.0));
        for (int i = 0; i < VRM1.length; i++) {
            presets[i] += a * (target.getOrDefault(VRM1[i], 0.0) - presets[i]);
            packets.add(value(VRM1[i], presets[i]));
            packets.add(value(VRM0[i], presets[i]));
        }
        packets.add(new OSCMessage("/VMC/Ext/Blend/Apply"));
        return new OSCBundle(packets);
    }

    private static OSCMessage value(String name, double v) {
        return new OSCMessage("/VMC/Ext/Blend/Val", List.of(name, (float) v));
    }

    /** The current VRM preset weights, by VRM 1.0 name. */
    public Map<String, Double> presets() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < VRM1.length; i++) {
            m.put(VRM1[i], presets[i]);
        }
        return m;
    }

    public String target() {
        return target;
    }

    public long sent() {
        return sent;
    }

    public long failed() {
        return failed;
    }

    @Override
    public void close() {
        try {
            port.close();
        } catch (IOException ignored) {
            // closing a UDP socket: nothing to lose
        }
    }
}

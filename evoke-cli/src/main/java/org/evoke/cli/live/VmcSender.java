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
 *   <li>the six VRM expression presets, the message's {@code vrm} weights ({@link VrmExpressions}, docs/live.md): VRM 1.0's names (happy, angry, sad, relaxed,
 *       surprised, neutral) and VRM 0.x's (Joy, Angry, Sorrow, Fun, Surprised, Neutral), since receivers differ in
 *       which they read; a name an avatar lacks is ignored by the receiver.</li>
 * </ul>
 */
public final class VmcSender implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OSCPortOut port;
    private final String target;
    /** Used for messages without a "vrm" field (LiveSession's messages have one). */
    private final VrmExpressions own = new VrmExpressions();
    private final Map<String, Double> presets = new LinkedHashMap<>();
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
        Map<String, Double> vrm = own.step(m.get("expression").asText(), m.get("time").asDouble());
        for (int i = 0; i < VrmExpressions.VRM1.length; i++) {
            String name = VrmExpressions.VRM1[i];
            JsonNode given = m.path("vrm").get(name);
            double w = given != null ? given.asDouble() : vrm.get(name);
            presets.put(name, w);
            packets.add(value(name, w));
            packets.add(value(VrmExpressions.VRM0[i], w));
        }
        packets.add(new OSCMessage("/VMC/Ext/Blend/Apply"));
        return new OSCBundle(packets);
    }

    private static OSCMessage value(String name, double v) {
        return new OSCMessage("/VMC/Ext/Blend/Val", List.of(name, (float) v));
    }

    /** The VRM preset weights last sent, by VRM 1.0 name. */
    public Map<String, Double> presets() {
        return Map.copyOf(presets);
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

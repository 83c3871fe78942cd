package org.evoke.cli.live;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import org.evoke.eeg.avatar.Blendshape;
import org.evoke.eeg.avatar.Expression;
import org.evoke.eeg.avatar.ExpressionLibrary;
import org.evoke.eeg.emotion.Emotion;
import org.evoke.live.Recognition;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VMC output read back by a UDP receiver on loopback and parsed as OSC. */
class VmcSenderTest {
    @Test
    void eachWindowIsOneBundleOfBlendValuesThenApply() throws Exception {
        Expression happy = ExpressionLibrary.defaultLibrary().get("happy");
        String m1 = LiveSession.message(new Recognition(0, 0, 1, new double[] {0.9, 0.2, 0.8}, new boolean[] {true, false, true},
                new Emotion("happy", 0.8, -0.2, 0.4), happy), 1.0);
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            receiver.setSoTimeout(5000);
            try (VmcSender vmc = new VmcSender("127.0.0.1:" + receiver.getLocalPort())) {
                vmc.send(m1);
                vmc.send(m1.replace("\"time\":1.0", "\"time\":2.0"));
                assertEquals(2, vmc.sent());
                assertEquals(1.0, vmc.presets().get("happy"), 1e-9, "held for two windows: fully happy");
            }
            for (int k = 0; k < 2; k++) {
                byte[] buf = new byte[65536];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                receiver.receive(p);
                OSCPacket packet = new OSCSerializerAndParserBuilder().buildParser().convert(ByteBuffer.wrap(buf, 0, p.getLength()));
                List<OSCPacket> parts = ((OSCBundle) packet).getPackets();
                Map<String, Float> values = new HashMap<>();
                for (int i = 0; i < parts.size() - 1; i++) {
                    OSCMessage msg = (OSCMessage) parts.get(i);
                    assertEquals("/VMC/Ext/Blend/Val", msg.getAddress());
                    values.put((String) msg.getArguments().get(0), (Float) msg.getArguments().get(1));
                }
                assertEquals("/VMC/Ext/Blend/Apply", ((OSCMessage) parts.get(parts.size() - 1)).getAddress(), "Apply comes last");
                for (Blendshape b : Blendshape.values()) {
                    assertEquals(happy.weight(b), values.get(b.arkitName()), 1e-6, b.arkitName());
                }
                assertEquals(1.0f, values.get("happy"), 1e-6);
                assertEquals(1.0f, values.get("Joy"), 1e-6, "VRM 0.x's name too");
                assertEquals(0.0f, values.get("sad"), 1e-6);
                assertTrue(values.containsKey("neutral") && values.containsKey("Neutral"));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new VmcSender("localhost"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VmcSender("127.0.0.1:99999"));
        assertTrue(e.getMessage().contains("expected host:port"), e.getMessage());
    }
}

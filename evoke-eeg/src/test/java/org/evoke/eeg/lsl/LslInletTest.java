package org.evoke.eeg.lsl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inlet against byte transcripts of liblsl 1.17.7's example outlets (SendData: 8 float32 channels of random
 * values at 100 Hz; SendMultipleStreams: one int16, int32 or double64 channel counting up at 100 Hz), captured on
 * 127.0.0.1 by tools/lsl/capture_transcripts.py and replayed here by a local server.
 */
class LslInletTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = LslInletTest.class.getResourceAsStream("/lsl/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource lsl/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** The transcript's shortinfo (its first line is the query id). */
    static StreamInfo shortInfo(String stream) throws IOException {
        String s = new String(resource(stream + ".shortinfo.bin"), StandardCharsets.UTF_8);
        return StreamInfo.parse(s.substring(s.indexOf("\r\n") + 2), stream);
    }

    /**
     * Serves the transcript on 127.0.0.1: fullinfo to the first connection, the data feed (possibly altered) to the
     * second; records the feed request. Returns the inlet's samples until the feed ends.
     */
    static final class Replay implements AutoCloseable {
        final ServerSocket server;
        final Thread thread;
        volatile String request;

        Replay(byte[] fullinfo, byte[] feed) throws IOException {
            server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
            thread = new Thread(() -> {
                try {
                    try (Socket s = server.accept()) {
                        readUntil(s.getInputStream(), "\r\n");
                        s.getOutputStream().write(fullinfo);
                    }
                    try (Socket s = server.accept()) {
                        request = readUntil(s.getInputStream(), "\r\n\r\n");
                        OutputStream o = s.getOutputStream();
                        o.write(feed);
                        o.flush();
                    }
                } catch (IOException ignored) {
                    // the test ended
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        LslResolver.Found found(StreamInfo info) {
            return new LslResolver.Found(info.withPorts(server.getLocalPort(), 0), server.getInetAddress());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Pulls until the replayed feed ends (the inlet then reports the stream lost, recovery off). */
    static List<double[]> pullAll(LslInlet in, List<Double> times) {
        List<double[]> out = new ArrayList<>();
        while (true) {
            double[] v = new double[in.info().channelCount()];
            try {
                times.add(in.pull(v));
            } catch (LslException e) {
                assertTrue(e.getMessage().contains("lost"), e.getMessage());
                return out;
            }
            out.add(v);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Multi5", "Multi4", "Multi2"})
    void liblslCountingStreamsDecodeToConsecutiveValues(String stream) throws IOException {
        StreamInfo info = shortInfo(stream);
        try (Replay r = new Replay(resource(stream + ".fullinfo.xml"), resource(stream + ".streamfeed.bin"));
             LslInlet in = LslInlet.connect(r.found(info), LslConfig.loopback(), 0, null)) {
            assertEquals(1, in.info().channelCount());
            assertEquals(100.0, in.info().nominalRate());
            List<Double> t = new ArrayList<>();
            List<double[]> s = pullAll(in, t);
            assertTrue(s.size() > 100, stream + ": " + s.size() + " samples");
            for (int i = 1; i < s.size(); i++) {
                // SendMultipleStreams pushes a counter: 0, 1, 2, ... in every format
                assertEquals(s.get(i - 1)[0] + 1, s.get(i)[0], 0.0, stream + " sample " + i);
                assertTrue(t.get(i) > t.get(i - 1), "timestamps increase");
            }
            assertTrue(r.request.startsWith("LSL:streamfeed/110 " + info.uid() + "\r\n"), r.request);
            assertTrue(r.request.contains("Value-Size: " + info.format().bytes() + "\r\n"), r.request);
        }
    }

    @Test
    void liblslEegStreamDecodesWithItsChannelLabels() throws IOException {
        StreamInfo info = shortInfo("LiblslEEG");
        assertEquals(ChannelFormat.FLOAT32, info.format());
        assertTrue(info.labels().isEmpty(), "the short description has no channels");
        try (Replay r = new Replay(resource("LiblslEEG.fullinfo.xml"), resource("LiblslEEG.streamfeed.bin"));
             LslInlet in = LslInlet.connect(r.found(info), LslConfig.loopback(), 0, null)) {
            assertEquals(List.of("C3", "C4", "Cz", "FPz", "POz", "CPz", "O1", "O2"), in.info().labels());
            assertEquals("microvolts", in.info().units().get(0));
            List<Double> t = new ArrayList<>();
            List<double[]> s = pullAll(in, t);
            assertTrue(s.size() > 100, s.size() + " samples");
            for (double[] v : s) {
                for (double x : v) {
                    // SendData sends (rand() % 1500) / 500.0 - 1.5 as float32
                    double k = (x + 1.5) * 500;
                    assertTrue(k > -0.01 && k < 1499.01 && Math.abs(k - Math.rint(k)) < 1e-3, "value " + x);
                }
            }
        }
    }

    /** The EEG transcript with {@code edit} applied; the inlet must refuse it with one line containing {@code words}. */
    void refused(java.util.function.Function<byte[], byte[]> edit, String words) throws IOException {
        StreamInfo info = shortInfo("LiblslEEG");
        try (Replay r = new Replay(resource("LiblslEEG.fullinfo.xml"), edit.apply(resource("LiblslEEG.streamfeed.bin")))) {
            LslException e = assertThrows(LslException.class, () -> LslInlet.connect(r.found(info), LslConfig.loopback(), 0, null));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().contains(words), e.getMessage());
        }
    }

    static int headerEnd(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        return s.indexOf("\r\n\r\n") + 4;
    }

    @Test
    void brokenFeedsAreOneLine() throws IOException {
        refused(b -> {
            byte[] c = b.clone();
            c[headerEnd(c) + 9] ^= 0x40; // a byte of the first test-pattern sample's first value
            return c;
        }, "test-pattern sample 1, channel 1");
        refused(b -> "LSL/110 404 Not found\r\n".getBytes(StandardCharsets.US_ASCII), "refused the data feed: 'LSL/110 404 Not found' (the stream is gone)");
        refused(b -> "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "instead of an LSL status line");
        refused(b -> java.util.Arrays.copyOf(b, 40), "closed the connection during the handshake");
        refused(b -> new String(b, StandardCharsets.ISO_8859_1).replace("Data-Protocol-Version: 110", "Data-Protocol-Version: 100")
                .getBytes(StandardCharsets.ISO_8859_1), "speaks data protocol 100");
        refused(b -> {
            byte[] c = b.clone();
            c[headerEnd(c)] = 7; // the first sample's tag
            return c;
        }, "sample tag 7 is neither 1 nor 2");
        refused(b -> ("LSL/110 200 OK\r\n" + "X".repeat(20_000) + "\r\n").getBytes(StandardCharsets.US_ASCII), "longer than 16384 bytes");
    }

    @Test
    void malformedDescriptionsAreOneLine() {
        String[][] cases = {
                {"<info><name>x</name><channel_count>abc</channel_count></info>", "<channel_count> is not a whole number: 'abc'"},
                {"<info><name>x</name><channel_count>0</channel_count><channel_format>float32</channel_format><nominal_srate>1</nominal_srate></info>", "declares 0 channels"},
                {"<info><name>x</name><channel_count>2</channel_count><channel_format>float128</channel_format></info>", "unknown channel format 'float128'"},
                {"<stream/>", "whose root is <stream>"},
                {"not xml at all", "not an LSL stream description"},
                {"<!DOCTYPE info [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><info><name>&x;</name></info>", "not an LSL stream description"},
                {"<info><channel_count>2</channel_count></info>", "has no <name>"}};
        for (String[] c : cases) {
            LslException e = assertThrows(LslException.class, () -> StreamInfo.parse(c[0], "answer"));
            assertTrue(e.getMessage().startsWith("answer: ") && e.getMessage().contains(c[1]) && !e.getMessage().contains("\n"),
                    c[0] + " -> " + e.getMessage());
        }
    }

    @Test
    void testPatternsAreLiblsls() {
        // sample.cpp's assign_test_pattern for 3 channels, offset 4: +-(k + 4 + the format's constant)
        assertEquals(List.of(4.0, -5.0, 6.0), List.of(LslInlet.testPattern(ChannelFormat.FLOAT32, 0, 4),
                LslInlet.testPattern(ChannelFormat.FLOAT32, 1, 4), LslInlet.testPattern(ChannelFormat.FLOAT32, 2, 4)));
        assertEquals(261.0, LslInlet.testPattern(ChannelFormat.INT16, 0, 4));
        assertEquals(-65542.0, LslInlet.testPattern(ChannelFormat.INT32, 1, 4));
        assertEquals(16777223.0, LslInlet.testPattern(ChannelFormat.DOUBLE64, 2, 4));
    }

    @Test
    void queriesFromUserSpecs() {
        assertEquals("session_id='default' and type='EEG'", LslResolver.query("type=EEG"));
        assertEquals("session_id='default' and name='Muse'", LslResolver.query("Muse"));
        assertEquals("session_id='default' and name='My EEG'", LslResolver.query("name=My EEG"));
        assertEquals("session_id='default' and starts-with(name,'Muse')", LslResolver.query("starts-with(name,'Muse')"));
        assertThrows(IllegalArgumentException.class, () -> LslResolver.query("na me=x"));
    }
}

package org.evoke.eeg.lsl;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our outlet and our inlet on 127.0.0.1 (loopback mode: no multicast, no broadcast). */
class LslOutletTest {
    static final List<String> LABELS = List.of("Fp1", "Fp2", "C3", "C4");

    static String unique() {
        return "evoke-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anInletResolvesByTypeAndNameAndReceivesWhatWasPushed() throws Exception {
        String name = unique();
        try (LslOutlet out = new LslOutlet(name, "EEG", LABELS, 128, name + "-src", LslConfig.loopback(), null)) {
            List<LslResolver.Found> f = LslResolver.resolve(LslResolver.query("type=EEG") + " and name='" + name + "'",
                    LslConfig.loopback(), 3000);
            assertEquals(1, f.size());
            assertEquals(out.info().uid(), f.get(0).info().uid());
            assertEquals("127.0.0.1", f.get(0).host().getHostAddress());
            try (LslInlet in = LslInlet.open("name=" + name, LslConfig.loopback(), 3000, 0, null)) {
                assertEquals(LABELS, in.info().labels());
                assertEquals(128.0, in.info().nominalRate());
                assertTrue(Math.abs(in.timeCorrection()) < 0.01, "same clock on one machine: " + in.timeCorrection());
                waitFor(() -> out.consumers() == 1);
                double t0 = LslInlet.localClock();
                for (int i = 0; i < 50; i++) {
                    out.push(new float[] {i, -i, 0.5f * i, 1e-3f}, t0 + i / 128.0);
                }
                double[] v = new double[4];
                for (int i = 0; i < 50; i++) {
                    double ts = in.pull(v);
                    assertArrayEquals(new double[] {i, -i, 0.5f * i, 1e-3f}, v, 0.0);
                    assertEquals(t0 + i / 128.0 - in.timeCorrection(), ts, 1e-9);
                }
            }
        }
    }

    @Test
    void theInletReconnectsWhenTheOutletRestarts() throws Exception {
        String name = unique();
        List<String> status = Collections.synchronizedList(new ArrayList<>());
        LslOutlet first = new LslOutlet(name, "EEG", LABELS, 128, name + "-src", LslConfig.loopback(), null);
        try (LslInlet in = LslInlet.open("name=" + name, LslConfig.loopback(), 3000, 10_000, status::add)) {
            waitFor(() -> first.consumers() == 1);
            first.push(new float[] {1, 2, 3, 4}, 1.0);
            double[] v = new double[4];
            in.pull(v);
            assertEquals(1.0, v[0]);
            first.close();
            try (LslOutlet second = new LslOutlet(name, "EEG", LABELS, 128, name + "-src", LslConfig.loopback(), null)) {
                Thread pusher = new Thread(() -> {
                    for (int i = 0; i < 400 && !Thread.currentThread().isInterrupted(); i++) {
                        second.push(new float[] {7, 7, 7, 7}, LslInlet.localClock());
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                pusher.start();
                in.pull(v);
                assertEquals(7.0, v[0]);
                pusher.interrupt();
                pusher.join();
            }
            assertTrue(status.stream().anyMatch(s -> s.contains("lost") && s.contains("reconnecting")), status.toString());
            assertTrue(status.stream().anyMatch(s -> s.contains("reconnected")), status.toString());
        }
    }

    @Test
    void aStreamBackWithOtherChannelsIsOneLine() throws Exception {
        String name = unique();
        LslOutlet first = new LslOutlet(name, "EEG", LABELS, 128, name + "-src", LslConfig.loopback(), null);
        try (LslInlet in = LslInlet.open("name=" + name, LslConfig.loopback(), 3000, 10_000, null)) {
            first.close();
            try (LslOutlet second = new LslOutlet(name, "EEG", List.of("Fp1", "Fp2"), 128, name + "-src", LslConfig.loopback(), null)) {
                LslException e = assertThrows(LslException.class, () -> in.pull(new double[4]));
                assertTrue(e.getMessage().contains("came back with 2 float32 channels instead of 4"), e.getMessage());
            }
        }
    }

    @Test
    void aConsumerThatStopsReadingIsDroppedAndTheOthersKeepReceiving() throws Exception {
        String name = unique();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            labels.add("Ch" + i);
        }
        try (LslOutlet out = new LslOutlet(name, "EEG", labels, 128, name, LslConfig.loopback(), log::add);
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", out.info().dataPort()));
            stalled.getOutputStream().write(("LSL:streamfeed/110 " + out.info().uid() + "\r\nValue-Size: 4\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try (LslInlet in = LslInlet.open("name=" + name, LslConfig.loopback(), 3000, 0, null)) {
                waitFor(() -> out.consumers() == 2);
                float[] v = new float[32];
                double[] got = new double[32];
                for (int i = 0; i < 200_000; i++) {
                    v[0] = i;
                    out.push(v, i);
                    if (i % 1000 == 999) { // the healthy inlet keeps up
                        for (int k = 0; k < 1000; k++) {
                            in.pull(got);
                        }
                        assertEquals(i, got[0], 0.0);
                    }
                }
                waitFor(() -> out.consumers() == 1);
                assertTrue(log.stream().anyMatch(s -> s.contains("fell 10 s behind; dropped")), log.toString());
            }
        }
    }

    @Test
    void refusedRequestsAndGarbageLeaveTheOutletServing() throws Exception {
        String name = unique();
        try (LslOutlet out = new LslOutlet(name, "EEG", LABELS, 128, name, LslConfig.loopback(), null)) {
            String[][] cases = {
                    {"LSL:streamfeed/110 not-the-uid\r\nValue-Size: 4\r\n\r\n", "LSL/110 404 Not found"},
                    {"LSL:streamfeed/110 " + out.info().uid() + "\r\nValue-Size: 2\r\n\r\n", "LSL/110 505"},
                    {"LSL:streamfeed/200\r\n\r\n", "LSL/110 505"},
                    {"GET / HTTP/1.1\r\n\r\n", ""},
                    {"LSL:fullinfo\r\n", "<label>C4</label>"}};
            for (String[] c : cases) {
                try (Socket s = new Socket("127.0.0.1", out.info().dataPort())) {
                    s.setSoTimeout(3000);
                    s.getOutputStream().write(c[0].getBytes(StandardCharsets.US_ASCII));
                    InputStream in = s.getInputStream();
                    String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(answer.contains(c[1]), c[0] + " -> " + answer);
                }
            }
            try (LslInlet in = LslInlet.open("name=" + name, LslConfig.loopback(), 3000, 0, null)) {
                assertEquals(4, in.info().channelCount());
            }
        }
    }

    @Test
    void nothingToFindIsOneLine() throws LslException {
        LslException e = assertThrows(LslException.class,
                () -> LslInlet.open("name=" + unique(), LslConfig.loopback(), 700, 0, null));
        assertTrue(e.getMessage().startsWith("no LSL stream name='evoke-test-") && e.getMessage().contains("on this machine"),
                e.getMessage());
        LslException q = assertThrows(LslException.class, () -> LslResolver.resolve("name=='", LslConfig.loopback(), 500));
        assertTrue(q.getMessage().contains("is not a valid XPath predicate"), q.getMessage());
        assertFalse(LslConfig.loopback().queryTargets().isEmpty());
    }

    static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}

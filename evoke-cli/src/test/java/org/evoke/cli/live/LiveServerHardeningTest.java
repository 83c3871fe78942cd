package org.evoke.cli.live;

import org.evoke.live.source.StreamSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live server against clients that leave, stall, half-send, lie about the host or come without the token. */
class LiveServerHardeningTest {
    @TempDir
    Path tmp;

    static long openFiles() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    static long httpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("evoke-live")).count();
    }

    /** Sends a request and returns everything the server answered until it closed or {@code millis} passed. */
    static String request(int port, String text, int millis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(millis);
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(b);
            } catch (java.net.SocketTimeoutException e) {
                // what came so far
            }
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    static void waitFor(java.util.function.BooleanSupplier c, long millis, Runnable meanwhile) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + millis + " ms");
            }
            meanwhile.run();
            Thread.sleep(20);
        }
    }

    @Test
    void clientsThatLeaveLeaveNoSocketBehind() throws Exception {
        try (LiveServer server = new LiveServer("127.0.0.1", 0, "x")) {
            int port = server.port();
            request(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 2000); // warm up
            long before = openFiles();
            for (int i = 0; i < 150; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertTrue(readHead(s.getInputStream()).startsWith("HTTP/1.1 200"));
                } // gone without a word
            }
            waitFor(() -> server.clients() == 0, 20_000, () -> server.publish("{\"window\": 0}"));
            Thread.sleep(200);
            long after = openFiles();
            if (before >= 0) {
                assertTrue(after - before < 20, "open files " + before + " -> " + after + " after 150 clients left");
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndNeitherPublishingNorOthersWait() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (LiveServer server = new LiveServer("127.0.0.1", 0, "x", null, null, log::add);
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            stalled.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            AtomicLong received = new AtomicLong();
            Socket healthy = new Socket("127.0.0.1", server.port());
            healthy.getOutputStream().write("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread reader = new Thread(() -> {
                try (InputStream in = healthy.getInputStream()) {
                    byte[] b = new byte[1 << 16];
                    for (int n; (n = in.read(b)) > 0; ) {
                        String t = new String(b, 0, n, StandardCharsets.UTF_8);
                        received.addAndGet(t.split("data: \\{\"n\"", -1).length - 1);
                    }
                } catch (IOException ignored) {
                    // closed at the end
                }
            });
            reader.start();
            waitFor(() -> server.clients() == 2, 5000, () -> { });
            String pad = "x".repeat(16_000);
            long worst = 0;
            for (int i = 0; i < 400; i++) {
                long t0 = System.nanoTime();
                server.publish("{\"n\": " + i + ", \"pad\": \"" + pad + "\"}");
                worst = Math.max(worst, System.nanoTime() - t0);
                Thread.sleep(2);
            }
            assertTrue(worst < 250_000_000L, "publish took up to " + worst / 1e6 + " ms");
            waitFor(() -> received.get() >= 400, 10_000, () -> { });
            waitFor(() -> server.clients() == 1, 10_000, () -> { });
            assertTrue(log.stream().anyMatch(l -> l.contains("fell " + LiveServer.QUEUE_FRAMES + " windows behind; dropped")), log.toString());
            healthy.close();
        }
    }

    @Test
    void halfSentRequestsHoldABoundedNumberOfThreadsTimeOutAndConnectedClientsGoOn() throws Exception {
        try (LiveServer server = new LiveServer("127.0.0.1", 0, "x")) {
            AtomicLong received = new AtomicLong();
            Socket events = new Socket("127.0.0.1", server.port());
            events.getOutputStream().write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread reader = new Thread(() -> {
                try (InputStream in = events.getInputStream()) {
                    byte[] b = new byte[4096];
                    for (int n; (n = in.read(b)) > 0; ) {
                        received.addAndGet(new String(b, 0, n, StandardCharsets.UTF_8).split("data: \\{\"w\"", -1).length - 1);
                    }
                } catch (IOException ignored) {
                    // closed at the end
                }
            });
            reader.start();
            waitFor(() -> server.clients() == 1, 5000, () -> { });
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                for (int i = 0; i < 20; i++) { // the connected client keeps receiving meanwhile
                    server.publish("{\"w\": " + i + "}");
                    Thread.sleep(50);
                }
                waitFor(() -> received.get() >= 20, 5000, () -> { });
                assertTrue(httpThreads() <= LiveServer.HTTP_THREADS + 2, httpThreads() + " threads");
                // a new client is served once the half-sent requests time out (an EventSource retries by itself)
                long end = System.nanoTime() + 4L * LiveServer.REQUEST_SECONDS * 1_000_000_000L;
                String answer = "";
                while (!answer.startsWith("HTTP/1.1 200") && System.nanoTime() < end) {
                    try {
                        answer = request(server.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                LiveServer.REQUEST_SECONDS * 1000);
                    } catch (IOException e) {
                        answer = "";
                    }
                }
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertTrue(httpThreads() <= LiveServer.HTTP_THREADS + 2, httpThreads() + " threads");
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
                events.close();
            }
        }
    }

    @Test
    void aNotFoundPathIsNeverEchoedWithItsControlBytes() throws Exception {
        try (LiveServer server = new LiveServer("127.0.0.1", 0, "x")) {
            int p = server.port();
            String r = request(p, "GET /index.html%00%1b%5b31m.js HTTP/1.1\r\nHost: 127.0.0.1:" + p + "\r\nConnection: close\r\n\r\n", 3000);
            assertTrue(r.startsWith("HTTP/1.1 404"), r);
            String body = r.substring(r.indexOf("\r\n\r\n") + 4);
            assertTrue(body.startsWith("not found: /index.html??[31m.js (try /"), body);
            assertTrue(body.chars().noneMatch(c -> c < 0x20 && c != '\n'), "no control byte in: " + body);
        }
    }

    @Test
    void aForeignHostHeaderIsRefused() throws Exception {
        try (LiveServer server = new LiveServer("127.0.0.1", 0, "x")) {
            int p = server.port();
            assertTrue(request(p, "GET /health HTTP/1.1\r\nHost: evil.example:" + p + "\r\nConnection: close\r\n\r\n", 3000)
                    .startsWith("HTTP/1.1 403"));
            assertTrue(request(p, "GET /events HTTP/1.1\r\nHost: rebind.attacker.test\r\nConnection: close\r\n\r\n", 3000)
                    .startsWith("HTTP/1.1 403"));
            assertTrue(request(p, "GET /health HTTP/1.1\r\nHost: localhost:" + p + "\r\nConnection: close\r\n\r\n", 3000)
                    .startsWith("HTTP/1.1 200"));
            assertTrue(request(p, "GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + p + "\r\nConnection: close\r\n\r\n", 3000)
                    .startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void theTokenIsNeededOnEveryRequestWhenSet() throws Exception {
        String token = "s3cret-token-0123456789";
        try (LiveServer server = new LiveServer("127.0.0.1", 0, "x", null, token, s -> { })) {
            int p = server.port();
            String host = "Host: 127.0.0.1:" + p + "\r\nConnection: close\r\n";
            assertTrue(request(p, "GET /health HTTP/1.1\r\n" + host + "\r\n", 3000).startsWith("HTTP/1.1 401"));
            assertTrue(request(p, "GET /health?token=wrong HTTP/1.1\r\n" + host + "\r\n", 3000).startsWith("HTTP/1.1 401"));
            String ok = request(p, "GET /?token=" + token + " HTTP/1.1\r\n" + host + "\r\n", 3000);
            assertTrue(ok.startsWith("HTTP/1.1 200") && ok.toLowerCase(java.util.Locale.ROOT).contains("set-cookie: evoke_token="
                    + token.toLowerCase(java.util.Locale.ROOT)), ok.lines().limit(8).toList().toString());
            assertTrue(request(p, "GET /health HTTP/1.1\r\n" + host + "Cookie: evoke_token=" + token + "\r\n\r\n", 3000).startsWith("HTTP/1.1 200"));
            assertTrue(request(p, "GET /health HTTP/1.1\r\n" + host + "Authorization: Bearer " + token + "\r\n\r\n", 3000).startsWith("HTTP/1.1 200"));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LiveServer("0.0.0.0", 0, "x", null, null, s -> { }));
        assertTrue(e.getMessage().contains("needs a token"), e.getMessage());
    }

    @Test
    void anOversizedAvatarIsOneLineAndNeverReadWhole() throws Exception {
        Path big = tmp.resolve("huge.vrm");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB that take no disk
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VrmFile.check(big));
        assertTrue(e.getMessage().contains("an avatar may have at most"), e.getMessage());
        Files.delete(big);
    }

    @Test
    void aRawStreamHeaderMayNotAskForHugeChunks() {
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.put(StreamSource.MAGIC).putInt(4096).putInt(128).putInt(65536);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamSource(new java.io.ByteArrayInputStream(h.array()), 128, "tcp sender"));
        assertTrue(e.getMessage().contains("at most " + StreamSource.MAX_CHUNK_BYTES), e.getMessage());
    }
}

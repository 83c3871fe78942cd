package org.evoke.cli;

import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evoke live} from the command line: a short demo that ends by itself, and its bad-input cases. */
class LiveCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aShortDemoStreamsItsWindowsAndEnds() {
        Path w = tmp.resolve("student.safetensors");
        Models.evokeStudent(1).save(w);
        Cli c = Cli.run("live", "--demo", "--port", "0", "--seconds", "4", "--speed", "50", "--exit-when-done", "--weights", w.toString());
        assertEquals(0, c.exit(), c.err() + c.out());
        assertTrue(c.out().contains("demo: synthetic subject s08"), c.out());
        assertTrue(c.out().contains("the stream ended after 4 windows"), c.out());
        Cli m = Cli.run("live", "--port", "0", "--seconds", "3", "--speed", "20", "--exit-when-done", "--measure-latency", "--weights", w.toString());
        assertEquals(0, m.exit(), m.err() + m.out());
        assertTrue(m.out().matches("(?s).*latency from a window's last chunk to its message at an /events client, 3 of 3 windows: median [0-9.]+ ms.*"),
                m.out());
    }

    @Test
    void badInputEndsInOneLine() throws Exception {
        String[][] cases = {{"--demo", "--data", tmp.toString()}, {"--stdin", "--tcp", "9"}, {"--tcp", "0"}, {"--subject", "s01"}, {"--speed", "0"}, {"--port", "70000"},
                {"--data", tmp.resolve("missing").toString()}, {"--weights", tmp.resolve("none.safetensors").toString()}};
        String[] expected = {"are different sources; give one", "are different sources; give one", "--tcp must be a port in 1..65535", "give --data too", "--speed must be", "--port must be in 0..65535",
                "is not a directory", "is not a file"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 1];
            args[0] = "live";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            Cli c = Cli.run(args);
            assertEquals(Main.USER_ERROR, c.exit(), String.join(" ", cases[i]) + ": " + c.err());
            assertTrue(c.oneLineError() && c.err().contains(expected[i]), String.join(" ", cases[i]) + " -> " + c.err());
        }
        java.nio.file.Files.writeString(tmp.resolve("model.glb"), "not a model");
        byte[] glb = new byte[40]; // a binary glTF header and a JSON chunk without VRM data
        java.nio.ByteBuffer g = java.nio.ByteBuffer.wrap(glb).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        g.putInt(0x46546C67).putInt(2).putInt(40).putInt(20).putInt(0x4E4F534A).put("{\"asset\":{\"v\":\"2\"}} ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.file.Files.write(tmp.resolve("plain.glb"), glb);
        java.nio.file.Files.write(tmp.resolve("cut.vrm"), java.util.Arrays.copyOf(glb, 30));
        String[][] avatars = {{tmp.resolve("none.vrm").toString(), "is not a file"}, {tmp.resolve("model.glb").toString(), "is not a binary glTF file"},
                {tmp.resolve("plain.glb").toString(), "without VRM data"}, {tmp.resolve("cut.vrm").toString(), "is truncated"}};
        for (String[] a : avatars) {
            Cli c = Cli.run("live", "--avatar", a[0], "--port", "0", "--exit-when-done");
            assertEquals(Main.USER_ERROR, c.exit(), c.err());
            assertTrue(c.oneLineError() && c.err().contains(a[1]) && c.err().contains("--avatar"), a[0] + " -> " + c.err());
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path w = tmp.resolve("s.safetensors");
            Models.evokeStudent(1).save(w);
            Cli c = Cli.run("live", "--port", Integer.toString(taken.getLocalPort()), "--weights", w.toString(), "--exit-when-done");
            assertEquals(Main.USER_ERROR, c.exit(), c.err());
            assertTrue(c.oneLineError() && c.err().contains("is in use"), c.err());
        }
    }

    @Test
    void aTcpSenderThatSendsNothingIsOneLineNotAHang() throws Exception {
        Path w = tmp.resolve("silent.safetensors");
        Models.evokeStudent(1).save(w);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int before = LiveCommand.handshakeMillis;
        LiveCommand.handshakeMillis = 500;
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var run = pool.submit(() -> Cli.run("live", "--tcp", Integer.toString(port), "--port", "0", "--exit-when-done", "--weights", w.toString()));
            java.net.Socket s = null;
            for (int attempt = 0; attempt < 100 && s == null; attempt++) {
                try {
                    s = new java.net.Socket("127.0.0.1", port);
                } catch (java.net.ConnectException e) {
                    Thread.sleep(100);
                }
            }
            assertTrue(s != null, "the command listens on the --tcp port");
            try (java.net.Socket silent = s) {
                Cli c = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(Main.USER_ERROR, c.exit(), c.out() + c.err());
                assertTrue(c.oneLineError() && c.err().contains("no 16-byte header"), c.err());
            }
        } finally {
            LiveCommand.handshakeMillis = before;
            pool.shutdownNow();
        }
    }

    @Test
    void aTcpSenderStreamsThroughTheRecogniser() throws Exception {
        Path w = tmp.resolve("t.safetensors");
        Models.evokeStudent(1).save(w);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var run = pool.submit(() -> Cli.run("live", "--tcp", Integer.toString(port), "--port", "0", "--exit-when-done", "--weights", w.toString()));
            java.net.Socket s = null;
            for (int attempt = 0; attempt < 100 && s == null; attempt++) {
                try {
                    s = new java.net.Socket("127.0.0.1", port);
                } catch (java.net.ConnectException e) {
                    Thread.sleep(100);
                }
            }
            assertTrue(s != null, "the command listens on the --tcp port");
            var subject = new org.evoke.eeg.synth.SyntheticDeap(3, 1).subject(0); // 3 s baseline, then 3 one-second windows
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + 4 * 32 * 16 * 48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put(org.evoke.live.source.StreamSource.MAGIC).putInt(32).putInt(128).putInt(16);
            for (int k = 0; k < 48; k++) {
                for (int c = 0; c < 32; c++) {
                    for (int i = 0; i < 16; i++) {
                        b.putFloat((float) subject.data().getDouble(0, c, k * 16 + i));
                    }
                }
            }
            try (java.net.Socket sender = s) {
                sender.getOutputStream().write(b.array());
            }
            Cli c = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, c.exit(), c.err() + c.out());
            assertTrue(c.out().contains("the stream ended after 3 windows"), c.out());
            assertTrue(c.out().contains("tcp sender"), c.out());
        } finally {
            pool.shutdownNow();
        }
    }
}

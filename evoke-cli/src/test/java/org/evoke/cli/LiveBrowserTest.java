package org.evoke.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The live page in a real browser: two {@code evoke live --demo} runs (the built-in head, and a VRM avatar given with
 * {@code --avatar}) on free loopback ports, opened in headless Chromium by src/main/web/test/browser-test.mjs
 * (playwright-core), which checks that the avatar's morph targets and expression presets follow /events and saves a
 * screenshot to target/live-page.png.
 *
 * <p>Needs Node.js, Debian's chromium (or {@code EVOKE_CHROMIUM}) and the npm packages the build installed. Without
 * them the test is skipped, unless {@code -Devoke.browser.required=true} (as .ci/run sets), when it fails instead.
 */
class LiveBrowserTest {
    private static final Path WEB = Path.of("src/main/web");
    /** Seconds of EEG each run streams, in real time: the browser checks need about 10 of them. */
    private static final int SECONDS = 20;

    @TempDir
    Path tmp;

    @Test
    void thePagesAvatarsFollowTheStream() throws Exception {
        String node = which("node");
        Path chromium = Path.of(System.getenv().getOrDefault("EVOKE_CHROMIUM", "/usr/bin/chromium"));
        List<String> missing = new ArrayList<>();
        if (node == null) {
            missing.add("node on the PATH");
        }
        if (!Files.isExecutable(chromium)) {
            missing.add(chromium + " (apt-get install chromium, or set EVOKE_CHROMIUM)");
        }
        if (!Files.isDirectory(WEB.resolve("node_modules/playwright-core"))) {
            missing.add("playwright-core in " + WEB + "/node_modules (the build's npm ci installs it)");
        }
        if (!missing.isEmpty()) {
            String why = "the browser test needs " + String.join(", ", missing);
            if (Boolean.getBoolean("evoke.browser.required")) {
                fail(why + " (-Devoke.browser.required=true)");
            }
            Assumptions.abort(why);
        }
        Path vrm = tmp.resolve("test-avatar.vrm");
        assertEquals(0, runNode(node, "make-vrm", vrm.toString()).exit, "the test VRM is written");
        int headPort = freePort(), vrmPort = freePort();
        while (vrmPort == headPort) {
            vrmPort = freePort();
        }
        int vport = vrmPort;
        Path shot = Path.of("target/live-page.png").toAbsolutePath();
        // the browser starts first and waits for the two servers: its first start on a fresh machine can be slow, and
        // the streams run in real time
        Process browser = node(node, "check", "http://127.0.0.1:" + headPort + "/", "http://127.0.0.1:" + vport + "/", shot.toString());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<String> output = pool.submit(() -> new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Future<Cli> head = pool.submit(() -> Cli.run("live", "--demo", "--port", Integer.toString(headPort), "--seconds", Integer.toString(SECONDS),
                    "--exit-when-done"));
            Future<Cli> avatar = pool.submit(() -> Cli.run("live", "--demo", "--port", Integer.toString(vport), "--seconds", Integer.toString(SECONDS),
                    "--exit-when-done", "--avatar", vrm.toString()));
            if (!browser.waitFor(5, TimeUnit.MINUTES)) {
                browser.destroyForcibly();
                fail("the browser test did not finish in 5 minutes");
            }
            String out = output.get(1, TimeUnit.MINUTES);
            assertEquals(0, browser.exitValue(), out);
            assertTrue(out.contains("browser test passed"), out);
            assertTrue(Files.size(shot) > 10_000, "a screenshot was saved");
            Cli a = avatar.get(2, TimeUnit.MINUTES);
            assertEquals(0, a.exit(), a.err());
            assertTrue(a.out().contains("avatar: test-avatar.vrm, VRM 1.0 \"evoke test avatar\""), a.out());
            assertEquals(0, head.get(2, TimeUnit.MINUTES).exit());
        } finally {
            browser.destroyForcibly();
            pool.shutdownNow();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Process node(String node, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(node, "test/browser-test.mjs"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(WEB.toFile()).redirectErrorStream(true).start();
    }

    private static Result runNode(String node, String... args) throws IOException, InterruptedException {
        Process p = node(node, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser test did not finish in 3 minutes: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String which(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}

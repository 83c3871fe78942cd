package org.evoke.cli.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's own HTTP server on one address, serving:
 * <pre>
 * GET /         the live page (index.html from this package's resources)
 * GET /live.js  its script: three.js, three-vrm and the procedural head, bundled by npm at build time (src/main/web)
 * GET /avatar.vrm  the user's VRM avatar (evoke live --avatar), when there is one
 * GET /events   Server-Sent Events: "data: {message}" per window (see {@link LiveSession}), and ": ping" every 5 s
 * GET /health   {"status": "streaming" | "ended", "windows": n, "clients": k, "source": "...", "avatar": "file.vrm" | null}
 * </pre>
 * Each events client gets its own thread; a client that disconnects is dropped when a write to it fails, and the
 * others go on. New clients first get the last message, so a page opened mid-stream shows the avatar at once.
 */
public final class LiveServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong windows = new AtomicLong();
    private final String description;
    private final Path avatar;
    private volatile String last;
    private volatile boolean ended;
    private final Thread pinger;

    /** A connected events client: messages are written by the broadcaster, under the client's lock. */
    private static final class Client {
        final OutputStream out;
        volatile boolean open = true;

        Client(OutputStream out) {
            this.out = out;
        }

        synchronized boolean send(String frame) {
            if (!open) {
                return false;
            }
            try {
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                open = false;
                return false;
            }
        }

        /** Ends the response properly (its last chunk), so that frames already written reach the client. */
        synchronized void end() {
            if (open) {
                open = false;
                try {
                    out.close();
                } catch (IOException ignored) {
                    // the client is gone already
                }
            }
        }
    }

    /**
     * Binds {@code host:port} (port 0: any free port) and starts serving.
     *
     * @throws IllegalArgumentException with one line when the address is in use or cannot be bound
     */
    public LiveServer(String host, int port, String description) {
        this(host, port, description, null);
    }

    /**
     * As {@link #LiveServer(String, int, String)}, also serving {@code avatar} (a VRM file, checked by {@link VrmFile};
     * null for the built-in head) as /avatar.vrm for the page to show.
     */
    public LiveServer(String host, int port, String description, Path avatar) {
        this.description = description;
        this.avatar = avatar;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (BindException e) {
            throw new IllegalArgumentException("port " + port + " on " + host + " is in use; pick another with --port (0 picks a free one)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serve on " + host + ":" + port + ": " + e.getMessage());
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "evoke-live-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/events", this::events);
        server.createContext("/health", this::health);
        server.createContext("/", this::page);
        server.start();
        pinger = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
                broadcastFrame(": ping\n\n");
            }
        }, "evoke-live-ping");
        pinger.setDaemon(true);
        pinger.start();
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Sends one window's message to every client. */
    public void publish(String message) {
        last = message;
        windows.incrementAndGet();
        broadcastFrame("data: " + message + "\n\n");
    }

    /** Marks the stream as ended: clients get an "end" event and /health says so; the server keeps serving. */
    public void streamEnded() {
        ended = true;
        broadcastFrame("event: end\ndata: {}\n\n");
    }

    public long windows() {
        return windows.get();
    }

    public int clients() {
        return clients.size();
    }

    private void broadcastFrame(String frame) {
        List<Client> gone = new ArrayList<>();
        for (Client c : clients) {
            if (!c.send(frame)) {
                gone.add(c);
            }
        }
        clients.removeAll(gone);
    }

    private void events(HttpExchange x) throws IOException {
        if (!x.getRequestMethod().equals("GET")) {
            reply(x, 405, "text/plain", "GET only\n");
            return;
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.getResponseHeaders().set("Connection", "keep-alive");
        x.sendResponseHeaders(200, 0);
        Client c = new Client(x.getResponseBody());
        c.send("retry: 1000\n\n");
        String l = last;
        if (l != null) {
            c.send("data: " + l + "\n\n");
        }
        if (ended) {
            c.send("event: end\ndata: {}\n\n");
        }
        clients.add(c);
        // the exchange stays open: the broadcaster writes to it until a write fails (the client went away)
    }

    private void health(HttpExchange x) throws IOException {
        String body = String.format(Locale.ROOT, "{\"status\": \"%s\", \"windows\": %d, \"clients\": %d, \"source\": %s, \"avatar\": %s}%n",
                ended ? "ended" : "streaming", windows.get(), clients.size(), quote(description),
                avatar == null ? "null" : quote(avatar.getFileName().toString()));
        reply(x, 200, "application/json", body);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The script served when the build skipped the npm bundle (-Devoke.web.skip=true): it says so on the page. */
    private static final String NO_BUNDLE = "document.getElementById('avatar-note').hidden = false;\n"
            + "document.getElementById('avatar-note').textContent = 'This build has no 3D page: it was built with -Devoke.web.skip=true"
            + " (or without Node.js and npm). Rebuild with them to see the avatar; /events works as it is.';\n";

    private void page(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        switch (path) {
            case "/", "/index.html" -> resource(x, "index.html", "text/html; charset=utf-8", null);
            case "/live.js" -> resource(x, "live.js", "text/javascript; charset=utf-8", NO_BUNDLE);
            case "/avatar.vrm" -> {
                if (avatar == null) {
                    reply(x, 404, "text/plain", "no avatar: start evoke live with --avatar file.vrm\n");
                    return;
                }
                byte[] body;
                try {
                    body = Files.readAllBytes(avatar);
                } catch (IOException e) {
                    reply(x, 500, "text/plain", "cannot read " + avatar + ": " + e.getMessage() + "\n");
                    return;
                }
                send(x, "model/gltf-binary", body);
            }
            default -> reply(x, 404, "text/plain", "not found: " + path + " (try /, /events or /health)\n");
        }
    }

    private static void resource(HttpExchange x, String name, String type, String fallback) throws IOException {
        try (InputStream in = LiveServer.class.getResourceAsStream("/org/evoke/cli/live/" + name)) {
            if (in == null && fallback == null) {
                reply(x, 500, "text/plain", name + " is missing from the jar\n");
                return;
            }
            send(x, type, in == null ? fallback.getBytes(StandardCharsets.UTF_8) : in.readAllBytes());
        }
    }

    private static void send(HttpExchange x, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, body.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(body);
        }
    }

    private static void reply(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        for (Client c : clients) {
            c.end();
        }
        pinger.interrupt();
        server.stop(0);
        pool.shutdownNow();
    }
}

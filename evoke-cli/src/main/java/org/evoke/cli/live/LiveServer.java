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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
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
 * New clients first get the last message, so a page opened mid-stream shows the avatar at once.
 * <p>
 * Surviving its clients: every events client has a bounded queue ({@value #QUEUE_FRAMES} frames) drained by its own
 * writer thread, so {@link #publish} never blocks the recogniser and one client that stops reading never holds up the
 * others; a client whose queue is full (it fell {@value #QUEUE_FRAMES} windows behind) or whose connection failed is
 * dropped and its exchange closed (no socket is leaked), with a line to {@code log}. At most {@value #MAX_CLIENTS}
 * events clients (503 beyond); requests are served by at most {@value #HTTP_THREADS} threads, and a request not read
 * within {@value #REQUEST_SECONDS} s is dropped by the JDK server. The {@code Host} header must name the bound
 * address (loopback names when bound to loopback), against DNS rebinding. Bound to anything but loopback, every
 * request must carry the token ({@code ?token=...} once, then the cookie the page is given, or an
 * {@code Authorization: Bearer ...} header). The avatar is checked by size and streamed from its file.
 */
public final class LiveServer implements AutoCloseable {
    /** Frames an events client may fall behind before it is dropped (one frame per window, one window per second). */
    public static final int QUEUE_FRAMES = 8;
    /** The most events clients served at once. */
    public static final int MAX_CLIENTS = 256;
    /** Threads that read and answer requests. */
    public static final int HTTP_THREADS = 16;
    /** Seconds a client has to send its request. */
    public static final int REQUEST_SECONDS = 5;
    /** The largest avatar served. */
    public static final long MAX_AVATAR_BYTES = 256L << 20;

    static {
        // the JDK server's request timeout; it reads these once, when its first server is made
        System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        System.setProperty("sun.net.httpserver.maxReqHeaders", "100");
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong windows = new AtomicLong();
    private final String description;
    private final Path avatar;
    private volatile String last;
    private volatile boolean ended;
    private final Thread pinger;
    private final java.util.Set<String> hosts;   // Host header values accepted (without the port)
    private final String token;                  // null on loopback
    private final java.util.function.Consumer<String> log;

    /**
     * A connected events client: its queue, drained by its own writer thread, which alone writes to and closes the
     * exchange. Dropping a client interrupts its writer: a write blocked on a client that stopped reading is then
     * abandoned and its connection closed (the socket channel is interruptible), so neither the publisher nor the
     * other clients ever wait for it, and no socket is left open.
     */
    private final class Client implements Runnable {
        final HttpExchange exchange;
        final OutputStream out;
        final java.util.concurrent.BlockingQueue<String> queue = new java.util.concurrent.ArrayBlockingQueue<>(QUEUE_FRAMES);
        final String who;
        volatile boolean open = true;
        volatile Thread writer;

        Client(HttpExchange exchange) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
            this.who = String.valueOf(exchange.getRemoteAddress());
        }

        /** Queues a frame; false when the client is gone or too far behind (then it is dropped). Never blocks. */
        boolean offer(String frame) {
            if (!open) {
                return false;
            }
            if (!queue.offer(frame)) {
                log.accept("live       events client " + who + " fell " + QUEUE_FRAMES + " windows behind; dropped");
                drop();
                return false;
            }
            return true;
        }

        /** Stops the client from any thread: its writer abandons what it is doing and closes the connection. */
        void drop() {
            open = false;
            clients.remove(this);
            Thread w = writer;
            if (w != null) {
                w.interrupt();
            }
        }

        @Override
        public void run() {
            writer = Thread.currentThread();
            try {
                while (open) {
                    String f = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                    if (f == null) {
                        continue;
                    }
                    out.write(f.getBytes(StandardCharsets.UTF_8));
                    for (String more; open && (more = queue.poll()) != null; ) {
                        out.write(more.getBytes(StandardCharsets.UTF_8));
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away, or it was dropped while a write was blocked (the channel is closed then)
            } catch (InterruptedException e) {
                // dropped, or the server is closing
            } finally {
                open = false;
                clients.remove(this);
                Thread.interrupted();
                try {
                    out.close(); // the response's last chunk, when the connection is still there
                } catch (IOException ignored) {
                    // gone already
                }
                exchange.close();
            }
        }

        /** Lets the writer send what is queued (the end event), up to 1 s, then stops it. */
        void finish() {
            long end = System.nanoTime() + 1_000_000_000L;
            while (open && !queue.isEmpty() && System.nanoTime() < end) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            drop();
            Thread w = writer;
            if (w != null) {
                try {
                    w.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
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
        this(host, port, description, avatar, null, s -> { });
    }

    /**
     * The server with its access rules: bound to loopback, no token is needed (pass null); bound to any other address,
     * {@code token} must be given (the caller generates one when the user did not).
     */
    public LiveServer(String host, int port, String description, Path avatar, String token,
                      java.util.function.Consumer<String> log) {
        this.description = description;
        this.avatar = avatar;
        this.log = log;
        InetSocketAddress bind = new InetSocketAddress(host, port);
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("--host " + host + " is not an address of this machine");
        }
        boolean loopback = bind.getAddress().isLoopbackAddress();
        if (!loopback && (token == null || token.isEmpty())) {
            throw new IllegalArgumentException("serving on " + host + " (not loopback) needs a token");
        }
        this.token = token == null || token.isEmpty() ? null : token; // a token given on loopback is required too
        java.util.Set<String> h = new java.util.HashSet<>();
        if (loopback) {
            h.addAll(List.of("127.0.0.1", "localhost", "[::1]", "::1"));
        } else {
            h.add(host.toLowerCase(Locale.ROOT));
            h.add(bind.getAddress().getHostAddress().toLowerCase(Locale.ROOT));
            if (bind.getAddress().isAnyLocalAddress()) { // 0.0.0.0: any name of this machine, with the token
                h.add("*");
            }
        }
        this.hosts = h;
        try {
            server = HttpServer.create(bind, 64);
        } catch (BindException e) {
            throw new IllegalArgumentException("port " + port + " on " + host + " is in use; pick another with --port (0 picks a free one)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serve on " + host + ":" + port + ": " + e.getMessage());
        }
        pool = new java.util.concurrent.ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(256), r -> {
                    Thread t = new Thread(r, "evoke-live-http");
                    t.setDaemon(true);
                    return t;
                }); // beyond 16 busy threads and 256 waiting connections, the JDK server closes new connections
        ((java.util.concurrent.ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
        server.setExecutor(pool);
        server.createContext("/events", guarded(this::events));
        server.createContext("/health", guarded(this::health));
        server.createContext("/", guarded(this::page));
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

    /** Queues a frame for every client; never blocks (a full queue drops its client). */
    private void broadcastFrame(String frame) {
        for (Client c : clients) {
            c.offer(frame);
        }
    }

    /** The Host and token checks in front of every handler. */
    private com.sun.net.httpserver.HttpHandler guarded(com.sun.net.httpserver.HttpHandler h) {
        return x -> {
            try {
                String hostHeader = x.getRequestHeaders().getFirst("Host");
                String name = hostName(hostHeader);
                if (name == null || !(hosts.contains(name) || hosts.contains("*"))) {
                    reply(x, 403, "text/plain", "Host '" + (hostHeader == null ? "" : hostHeader.replaceAll("[^\\x20-\\x7e]", "?"))
                            + "' is not this server's address\n");
                    return;
                }
                if (token != null) {
                    String given = tokenOf(x);
                    if (given == null || !java.security.MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                            token.getBytes(StandardCharsets.UTF_8))) {
                        reply(x, 401, "text/plain", "a token is needed: open the address evoke live printed (it ends in"
                                + " ?token=...)\n");
                        return;
                    }
                    x.getResponseHeaders().add("Set-Cookie", "evoke_token=" + token + "; Path=/; HttpOnly; SameSite=Strict");
                }
                h.handle(x);
            } catch (IOException | RuntimeException e) {
                x.close();
            }
        };
    }

    /** The host part of a Host header ("127.0.0.1:8765" -> "127.0.0.1", "[::1]:80" -> "[::1]"), lower case. */
    static String hostName(String header) {
        if (header == null || header.isBlank() || header.length() > 255) {
            return null;
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? null : h.substring(0, close + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    private static String tokenOf(HttpExchange x) {
        String q = x.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith("token=")) {
                    return java.net.URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8);
                }
            }
        }
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ")) {
            return auth.substring(7).strip();
        }
        String cookies = x.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            for (String c : cookies.split(";")) {
                String t = c.strip();
                if (t.startsWith("evoke_token=")) {
                    return t.substring("evoke_token=".length());
                }
            }
        }
        return null;
    }

    private void events(HttpExchange x) throws IOException {
        if (!x.getRequestMethod().equals("GET")) {
            reply(x, 405, "text/plain", "GET only\n");
            return;
        }
        if (clients.size() >= MAX_CLIENTS) {
            reply(x, 503, "text/plain", "too many events clients (" + MAX_CLIENTS + ")\n");
            return;
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.getResponseHeaders().set("Connection", "keep-alive");
        x.sendResponseHeaders(200, 0);
        Client c = new Client(x);
        c.offer("retry: 1000\n\n");
        String l = last;
        if (l != null) {
            c.offer("data: " + l + "\n\n");
        }
        if (ended) {
            c.offer("event: end\ndata: {}\n\n");
        }
        clients.add(c);
        Thread t = new Thread(c, "evoke-live-events");
        t.setDaemon(true);
        t.start();
        // the exchange stays open: the client's writer sends its queue until it is closed or the client goes
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
                long size;
                try {
                    size = Files.size(avatar);
                } catch (IOException e) {
                    reply(x, 500, "text/plain", "cannot read the avatar: " + e.getMessage() + "\n");
                    return;
                }
                if (size > MAX_AVATAR_BYTES) {
                    reply(x, 413, "text/plain", "the avatar is " + size + " bytes, more than " + MAX_AVATAR_BYTES + "\n");
                    return;
                }
                x.getResponseHeaders().set("Content-Type", "model/gltf-binary");
                x.getResponseHeaders().set("Cache-Control", "no-cache");
                x.sendResponseHeaders(200, size);
                try (OutputStream o = x.getResponseBody(); InputStream in = Files.newInputStream(avatar)) {
                    in.transferTo(o); // streamed from the file, never read whole
                }
            }
            default -> reply(x, 404, "text/plain", "not found: " + org.evoke.tensor.io.OneLine.of(path.length() > 200
                    ? path.substring(0, 200) + "..." : path) + " (try /, /events or /health)\n");
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
            c.finish();
        }
        pinger.interrupt();
        server.stop(0);
        pool.shutdownNow();
    }
}

package org.evoke.eeg.lsl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves one stream as a liblsl outlet does, so that liblsl's inlets (pylsl, LabRecorder, BCI tools) and
 * {@link LslInlet} receive it: a TCP server and a UDP service on the first free port of the range (16572..), a UDP
 * responder on the multicast port 16571 (address reused, as liblsl's), answering "LSL:shortinfo" queries that
 * match, "LSL:fullinfo", "LSL:timedata" and "LSL:streamfeed/110" (data protocol 1.10, little-endian, every sample
 * with its timestamp). Each consumer has its own bounded queue and writer thread: one that stops reading is dropped
 * after {@value #QUEUE_SECONDS} s of samples, and never holds up the others or {@link #push}.
 * In loopback mode every socket is bound to 127.0.0.1 and no multicast group is joined.
 */
public final class LslOutlet implements Closeable {
    /** Seconds of samples a consumer may fall behind before it is dropped. */
    public static final int QUEUE_SECONDS = 10;

    private final StreamInfo info;
    private final LslConfig config;
    private final Consumer<String> log;
    private final ServerSocket tcp;
    private final DatagramSocket service;
    private final DatagramSocket responder;
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final String shortInfo;
    private final String fullInfo;
    private volatile boolean closed;

    /**
     * Opens an outlet for a stream of {@code channels} float32 channels at {@code rate} Hz.
     *
     * @param labels channel labels (e.g. DEAP's 32 electrodes), one per channel
     * @param log    a line per consumer connected, dropped or gone
     */
    public LslOutlet(String name, String type, List<String> labels, double rate, String sourceId, LslConfig config,
                     Consumer<String> log) throws LslException {
        this.config = config;
        this.log = log == null ? s -> { } : log;
        InetAddress bind = config.bindAddress();
        ServerSocket server = null;
        DatagramSocket svc = null;
        int port = -1;
        for (int p = config.basePort(); p < config.basePort() + config.portRange() && port < 0; p++) {
            try {
                server = new ServerSocket();
                server.bind(new InetSocketAddress(bind, p), 50);
                svc = new DatagramSocket(new InetSocketAddress(bind, p));
                port = p;
            } catch (IOException e) {
                closeQuietly(server);
                closeQuietly(svc);
                server = null;
                svc = null;
            }
        }
        if (port < 0) {
            throw new LslException("no free LSL port in " + config.basePort() + ".." + (config.basePort() + config.portRange() - 1)
                    + " on " + bind.getHostAddress());
        }
        tcp = server;
        service = svc;
        DatagramSocket resp;
        try {
            MulticastSocket m = new MulticastSocket(null);
            m.setReuseAddress(true);
            m.bind(new InetSocketAddress(bind, config.multicastPort()));
            if (!config.loopbackOnly()) {
                for (String g : config.multicast()) {
                    InetAddress a = InetAddress.getByName(g);
                    if (a.isMulticastAddress()) {
                        m.joinGroup(new InetSocketAddress(a, config.multicastPort()), null);
                    }
                }
            }
            resp = m;
        } catch (IOException e) {
            resp = null; // the service port still answers queries sent to the port range
            this.log.accept("LSL outlet: port " + config.multicastPort() + " unavailable (" + org.evoke.tensor.io.OneLine.of(e.getMessage())
                    + "); answering on port " + port + " only");
        }
        responder = resp;
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        List<String> units = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            units.add("microvolts");
        }
        info = new StreamInfo(name, type, labels.size(), rate, ChannelFormat.FLOAT32, sourceId, UUID.randomUUID().toString(),
                "default", host, port, port, LslInlet.localClock(), labels, units);
        shortInfo = info.toXml(false);
        fullInfo = info.toXml(true);
        start("lsl-tcp", this::acceptLoop);
        start("lsl-service", () -> udpLoop(service, true));
        if (responder != null) {
            start("lsl-responder", () -> udpLoop(responder, false));
        }
    }

    public StreamInfo info() {
        return info;
    }

    /** Consumers connected now. */
    public int consumers() {
        return feeds.size();
    }

    /** One sample (channel count values, microvolts) with its timestamp on LSL's clock. Never blocks. */
    public void push(float[] values, double timestamp) {
        int n = info.channelCount();
        ByteBuffer b = ByteBuffer.allocate(9 + 4 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 2).putDouble(timestamp);
        for (int k = 0; k < n; k++) {
            b.putFloat(values[k]);
        }
        byte[] sample = b.array();
        for (Feed f : feeds) {
            if (!f.queue.offer(sample)) {
                log.accept("LSL outlet '" + info.name() + "': consumer " + f.who + " fell " + QUEUE_SECONDS
                        + " s behind; dropped");
                f.close();
            }
        }
    }

    /** Stops serving; each consumer first gets what was pushed (up to 2 s), then its connection is closed. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(tcp);
        closeQuietly(service);
        closeQuietly(responder);
        long end = System.nanoTime() + 2_000_000_000L;
        for (Feed f : feeds) {
            while (!(f.queue.isEmpty() && f.idle) && !f.gone && System.nanoTime() < end) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            f.close();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread t = new Thread(() -> serve(s), "lsl-client");
            t.setDaemon(true);
            t.start();
        }
    }

    /** One TCP client: shortinfo, fullinfo or a data feed. Anything else, or too slow a request, closes it. */
    private void serve(Socket s) {
        String who = s.getRemoteSocketAddress().toString();
        try {
            s.setSoTimeout(5000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String method = line(in);
            if (method.equals("LSL:fullinfo")) {
                out.write(fullInfo.getBytes(StandardCharsets.UTF_8));
                s.close();
            } else if (method.equals("LSL:shortinfo")) {
                String query = line(in);
                if (info.matches(query)) {
                    out.write(shortInfo.getBytes(StandardCharsets.UTF_8));
                }
                s.close();
            } else if (method.startsWith("LSL:streamfeed/")) {
                feed(s, in, out, method, who);
            } else {
                s.close(); // protocol 1.00 feeds and unknown methods: not served
            }
        } catch (IOException e) {
            closeQuietly(s);
        }
    }

    private void feed(Socket s, InputStream in, OutputStream out, String method, String who) throws IOException {
        String[] parts = method.split(" ");
        int version;
        try {
            version = Integer.parseInt(parts[0].substring("LSL:streamfeed/".length()).strip());
        } catch (NumberFormatException e) {
            s.close();
            return;
        }
        int valueSize = 4;
        boolean ieee = true;
        java.util.Map<String, String> headers;
        try {
            headers = LslInlet.feedHeaders(in);
        } catch (LslException e) { // a request of endless headers: not an inlet
            s.close();
            return;
        }
        for (java.util.Map.Entry<String, String> header : headers.entrySet()) {
            String key = header.getKey(), value = header.getValue();
            try {
                if (key.equals("value-size")) {
                    valueSize = Integer.parseInt(value);
                } else if (key.equals("has-ieee754-floats")) {
                    ieee = !value.equals("0") && !value.equalsIgnoreCase("false");
                }
            } catch (NumberFormatException ignored) {
                // liblsl ignores a header it cannot read too
            }
        }
        if (version / 100 > 1 || version < 110 || valueSize != 4 || !ieee) {
            out.write("LSL/110 505 Version not supported\r\n".getBytes(StandardCharsets.US_ASCII));
            s.close();
            return;
        }
        if (parts.length > 1 && !parts[1].isBlank() && !parts[1].strip().equals(info.uid())) {
            out.write("LSL/110 404 Not found\r\n".getBytes(StandardCharsets.US_ASCII));
            s.close();
            return;
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(("LSL/110 200 OK\r\nUID: " + info.uid() + "\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\n"
                + "Data-Protocol-Version: 110\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int pattern : new int[] {4, 2}) {
            ByteBuffer b = ByteBuffer.allocate(9 + 4 * info.channelCount()).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 2).putDouble(123456.789);
            for (int k = 0; k < info.channelCount(); k++) {
                b.putFloat((float) LslInlet.testPattern(ChannelFormat.FLOAT32, k, pattern));
            }
            head.write(b.array());
        }
        int capacity = (int) Math.max(64, Math.ceil(QUEUE_SECONDS * Math.max(info.nominalRate(), 1)));
        Feed f = new Feed(s, who, new ArrayBlockingQueue<>(capacity));
        out.write(head.toByteArray());
        out.flush();
        s.setSoTimeout(0);
        feeds.add(f);
        log.accept("LSL outlet '" + info.name() + "': consumer " + who + " connected");
        f.run(out);
    }

    private void udpLoop(DatagramSocket socket, boolean timeService) {
        byte[] buf = new byte[65_536];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            double t1 = LslInlet.localClock();
            try {
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                String[] lines = text.split("\r?\n");
                if (lines.length >= 3 && lines[0].strip().equals("LSL:shortinfo")) {
                    String query = lines[1].strip();
                    String[] ret = lines[2].strip().split("\\s+");
                    int port = Integer.parseInt(ret[0]);
                    if (ret.length >= 2 && port > 0 && port < 65_536 && info.matches(query)) {
                        byte[] answer = (ret[1] + "\r\n" + shortInfo).getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(answer, answer.length, new InetSocketAddress(p.getAddress(), port)));
                    }
                } else if (timeService && lines.length >= 2 && lines[0].strip().equals("LSL:timedata")) {
                    String[] f = lines[1].strip().split("\\s+");
                    int wave = Integer.parseInt(f[0]);
                    double t0 = Double.parseDouble(f[1]);
                    byte[] answer = String.format(Locale.ROOT, " %d %.16g %.16g %.16g", wave, t0, t1, LslInlet.localClock())
                            .getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (RuntimeException | IOException e) {
                // a malformed query is ignored, as liblsl does; the outlet keeps serving
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        return LslInlet.readLine(in).strip();
    }

    private static void closeQuietly(Closeable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    /** A consumer: its queue, drained by its own thread (the one that served its handshake). */
    private final class Feed {
        final Socket socket;
        final String who;
        final BlockingQueue<byte[]> queue;
        volatile boolean gone;
        volatile boolean idle = true;  // nothing taken from the queue is still being written

        Feed(Socket socket, String who, BlockingQueue<byte[]> queue) {
            this.socket = socket;
            this.who = who;
            this.queue = queue;
        }

        void run(OutputStream out) {
            try {
                while (!gone) {
                    idle = false;
                    byte[] first = queue.poll(closed ? 5 : 200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        idle = true;
                        continue;
                    }
                    out.write(first);
                    for (byte[] more; (more = queue.poll()) != null; ) {
                        out.write(more);
                    }
                    out.flush();
                }
            } catch (IOException e) {
                if (!gone && !closed) {
                    log.accept("LSL outlet '" + info.name() + "': consumer " + who + " gone");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        void close() {
            gone = true;
            feeds.remove(this);
            closeQuietly(socket);
        }
    }
}

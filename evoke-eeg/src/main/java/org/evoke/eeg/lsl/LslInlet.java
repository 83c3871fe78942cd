package org.evoke.eeg.lsl;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Receives one LSL stream, as liblsl's inlet does (data protocol 1.10): the full description first (channel labels
 * and units, "LSL:fullinfo"), then the data feed: {@code "LSL:streamfeed/110 <uid>"} with liblsl's headers, an
 * {@code "LSL/110 200 OK"} answer with the byte order, two test-pattern samples checked value by value, then
 * samples: a tag byte (1: timestamp deduced from the previous one and the nominal rate, 2: an 8-byte timestamp
 * follows) and the channel values. Timestamps are returned on this machine's clock (LSL's: a monotonic clock in
 * seconds, {@link #localClock()}), corrected by the offset measured with "LSL:timedata" packets to the outlet's
 * service port. When the feed breaks (the outlet restarted, a network blip, no data for
 * {@value #STALL_MILLIS} ms) the inlet resolves the stream again and reconnects, for up to a given time.
 * Not thread-safe: one reader.
 */
public final class LslInlet implements Closeable {
    /** No data for this long: the feed is taken as broken. */
    public static final int STALL_MILLIS = 10_000;
    /** The longest line of a handshake answer, and the most header lines. */
    static final int MAX_LINE = 16_384, MAX_HEADERS = 64;

    /** Status lines for the user: "lost", "reconnected". */
    public interface Listener {
        void status(String line);
    }

    private final LslConfig config;
    private final String query;
    private final long recoverMillis;
    private final Listener listener;
    private StreamInfo info;
    private InetAddress host;
    private Socket socket;
    private InputStream in;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private final byte[] scratch = new byte[8];
    private double last = Double.NaN;   // the previous sample's timestamp on the outlet's clock
    private double offset;              // outlet clock - this clock
    private boolean closed;

    private LslInlet(LslConfig config, String query, long recoverMillis, Listener listener) {
        this.config = config;
        this.query = query;
        this.recoverMillis = recoverMillis;
        this.listener = listener == null ? line -> { } : listener;
    }

    /**
     * Resolves {@code spec} ("type=EEG", "name=Muse", a name, or an XPath query) and connects to the first stream
     * found. {@code recoverMillis}: how long a broken feed is retried before {@link #pull} gives up (0: never).
     */
    public static LslInlet open(String spec, LslConfig config, long timeoutMillis, long recoverMillis, Listener listener)
            throws LslException {
        String q;
        try {
            q = LslResolver.query(spec);
        } catch (IllegalArgumentException e) {
            throw new LslException(e.getMessage());
        }
        List<LslResolver.Found> found = LslResolver.resolve(q, config, timeoutMillis);
        if (found.isEmpty()) {
            throw new LslException("no LSL stream " + LslResolver.describe(q) + " answered within " + timeoutMillis / 1000.0
                    + " s (" + (config.loopbackOnly() ? "on this machine" : "on this machine or " + config.hosts()) + ")");
        }
        LslInlet inlet = new LslInlet(config, q, recoverMillis, listener);
        if (found.size() > 1) {
            inlet.listener.status(found.size() + " LSL streams match " + LslResolver.describe(q) + "; using '"
                    + found.get(0).info().name() + "' (source " + found.get(0).info().sourceId() + ")");
        }
        inlet.connect(found.get(0));
        return inlet;
    }

    /** Connects to a stream already resolved (or described by a transcript): fullinfo, feed, test patterns. */
    public static LslInlet connect(LslResolver.Found found, LslConfig config, long recoverMillis, Listener listener)
            throws LslException {
        LslInlet inlet = new LslInlet(config, "session_id='default' and name='" + found.info().name() + "'",
                recoverMillis, listener);
        inlet.connect(found);
        return inlet;
    }

    /**
     * An inlet reading a data feed from a stream already open (the fuzz tests' entry: handshake, test patterns and
     * samples from bytes, without a network); a broken feed is not reconnected.
     */
    static LslInlet replay(StreamInfo info, InputStream feed) throws IOException {
        LslInlet inlet = new LslInlet(LslConfig.loopback(), "", 0, null);
        inlet.info = info;
        inlet.handshake(OutputStream.nullOutputStream(), feed);
        return inlet;
    }

    /** The stream's description, with its channel labels and units when the outlet gave them. */
    public StreamInfo info() {
        return info;
    }

    /** Outlet clock minus this machine's clock, in seconds, as last measured. */
    public double timeCorrection() {
        return offset;
    }

    /** LSL's clock on this machine: seconds of a monotonic clock (liblsl's lsl_clock, CLOCK_MONOTONIC on Linux). */
    public static double localClock() {
        return System.nanoTime() / 1e9;
    }

    /**
     * The next sample's values into {@code values} (channel count); returns its timestamp on this machine's clock.
     * Blocks until a sample arrives; reconnects a broken feed; throws when the stream is gone for good.
     */
    public double pull(double[] values) throws LslException {
        while (true) {
            if (closed) {
                throw new LslException("LSL inlet closed");
            }
            try {
                double ts = readSample(values);
                return ts - offset;
            } catch (LslException e) {
                throw e;
            } catch (IOException e) {
                if (closed) {
                    throw new LslException("LSL inlet closed");
                }
                recover(e instanceof SocketTimeoutException ? "no data for " + STALL_MILLIS / 1000 + " s"
                        : e instanceof EOFException ? "the outlet closed the feed" : org.evoke.tensor.io.OneLine.of(String.valueOf(e.getMessage())));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeSocket();
    }

    private void closeSocket() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing
        }
    }

    private void recover(String why) throws LslException {
        closeSocket();
        if (recoverMillis <= 0) {
            throw new LslException("LSL stream '" + info.name() + "' lost: " + why);
        }
        listener.status("LSL stream '" + info.name() + "' lost (" + why + "); reconnecting for up to "
                + recoverMillis / 1000 + " s");
        String again = query + (info.sourceId().isEmpty() ? "" : " and source_id='" + info.sourceId() + "'");
        long end = System.nanoTime() + recoverMillis * 1_000_000L;
        while (System.nanoTime() < end && !closed) {
            List<LslResolver.Found> found = LslResolver.resolve(again, config, 1000);
            if (!found.isEmpty()) {
                StreamInfo before = info;
                try {
                    connect(found.get(0));
                } catch (LslException e) {
                    listener.status("LSL reconnect failed: " + e.getMessage());
                    continue;
                }
                if (info.channelCount() != before.channelCount() || info.format() != before.format()) {
                    throw new LslException("LSL stream '" + before.name() + "' came back with " + info.channelCount()
                            + " " + info.format().xml() + " channels instead of " + before.channelCount() + " "
                            + before.format().xml());
                }
                listener.status("LSL stream '" + info.name() + "' reconnected");
                return;
            }
        }
        throw new LslException("LSL stream '" + info.name() + "' lost (" + why + ") and not back within "
                + recoverMillis / 1000 + " s");
    }

    private void connect(LslResolver.Found found) throws LslException {
        StreamInfo short_ = found.info();
        host = found.host();
        if (short_.format() == ChannelFormat.STRING) {
            throw new LslException("LSL stream '" + short_.name() + "' carries strings (a marker stream?), not EEG");
        }
        if (short_.dataPort() <= 0 || short_.dataPort() > 65_535) {
            throw new LslException("LSL stream '" + short_.name() + "' gives no data port");
        }
        info = fullInfo(short_);
        offset = clockOffset();
        last = Double.NaN;
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, info.dataPort()), 5000);
            socket.setSoTimeout(STALL_MILLIS);
            socket.setTcpNoDelay(true);
            handshake(socket.getOutputStream(), new BufferedInputStream(socket.getInputStream(), 1 << 16));
        } catch (LslException e) {
            closeSocket();
            throw e;
        } catch (IOException e) {
            closeSocket();
            throw new LslException("LSL stream '" + info.name() + "' at " + host.getHostAddress() + ":" + info.dataPort()
                    + ": " + org.evoke.tensor.io.OneLine.of(String.valueOf(e.getMessage())));
        }
    }

    /** The request liblsl's data_receiver sends, header by header. */
    static byte[] request(StreamInfo info) {
        return ("LSL:streamfeed/110 " + info.uid() + "\r\n"
                + "Native-Byte-Order: 1234\r\n"
                + "Endian-Performance: 0\r\n"
                + "Has-IEEE754-Floats: 1\r\n"
                + "Supports-Subnormals: 1\r\n"
                + "Value-Size: " + info.format().bytes() + "\r\n"
                + "Data-Protocol-Version: 110\r\n"
                + "Max-Buffer-Length: 360\r\n"
                + "Max-Chunk-Length: 0\r\n"
                + "Hostname: " + info.hostname() + "\r\n"
                + "Source-Id: " + info.sourceId() + "\r\n"
                + "Session-Id: " + info.sessionId() + "\r\n"
                + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends the request and reads the answer, its headers and the two test-pattern samples. */
    void handshake(OutputStream out, InputStream input) throws IOException {
        out.write(request(info));
        out.flush();
        in = input;
        String status = line(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("LSL/")) {
            throw new LslException("LSL stream '" + info.name() + "': the outlet answered '" + printable(status)
                    + "' instead of an LSL status line");
        }
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new LslException("LSL stream '" + info.name() + "': malformed status line '" + printable(status) + "'");
        }
        if (code != 200) {
            throw new LslException("LSL stream '" + info.name() + "': the outlet refused the data feed: '"
                    + printable(status) + "'" + (code == 404 ? " (the stream is gone)" : ""));
        }
        int protocol = 110;
        order = ByteOrder.LITTLE_ENDIAN;
        java.util.Map<String, String> headers;
        try {
            headers = feedHeaders(in);
        } catch (EOFException e) {
            throw new LslException("LSL stream '" + info.name() + "': the outlet closed the connection during the handshake");
        } catch (LineTooLongException e) {
            throw new LslException("LSL stream '" + info.name() + "': a handshake line longer than " + MAX_LINE + " bytes");
        } catch (LslException e) {
            throw new LslException("LSL stream '" + info.name() + "': " + e.getMessage());
        }
        for (java.util.Map.Entry<String, String> header : headers.entrySet()) {
            String key = header.getKey(), value = header.getValue(), h = key + ": " + value;
            try {
                if (key.equals("byte-order")) {
                    int bo = Integer.parseInt(value);
                    if (bo != 1234 && bo != 4321) {
                        throw new LslException("LSL stream '" + info.name() + "': byte order " + bo + " is neither 1234 nor 4321");
                    }
                    order = bo == 1234 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
                } else if (key.equals("data-protocol-version")) {
                    protocol = Integer.parseInt(value);
                }
            } catch (NumberFormatException e) {
                throw new LslException("LSL stream '" + info.name() + "': header '" + printable(h) + "' is not a number");
            }
        }
        if (protocol != 110) {
            throw new LslException("LSL stream '" + info.name() + "': the outlet speaks data protocol " + protocol
                    + "; evoke reads 110 (liblsl 1.10 and later)");
        }
        double[] v = new double[info.channelCount()];
        for (int pattern : new int[] {4, 2}) {
            double ts;
            try {
                ts = readSample(v);
            } catch (EOFException e) {
                throw new LslException("LSL stream '" + info.name() + "': the outlet closed the connection during the handshake"
                        + " (before its test-pattern samples)");
            }
            for (int k = 0; k < v.length; k++) {
                double expected = testPattern(info.format(), k, pattern);
                if (v[k] != expected) {
                    throw new LslException("LSL stream '" + info.name() + "': test-pattern sample " + (pattern == 4 ? 1 : 2)
                            + ", channel " + (k + 1) + " is " + v[k] + ", expected " + expected
                            + " (a damaged feed or an incompatible outlet)");
                }
            }
            if (ts != 123456.789) {
                throw new LslException("LSL stream '" + info.name() + "': test-pattern timestamp " + ts + ", expected 123456.789");
            }
        }
        last = Double.NaN;
    }

    /** liblsl's test pattern (sample.cpp): channel k holds +-(k + offset + a format's constant). */
    static double testPattern(ChannelFormat f, int k, int offset) {
        long val;
        switch (f) {
            case FLOAT32 -> val = k + offset;
            case DOUBLE64 -> val = k + offset + 16_777_217L;
            case INT32 -> val = (k + offset + 65_537L) % Integer.MAX_VALUE;
            case INT16 -> val = (k + offset + 257L) % Short.MAX_VALUE;
            case INT8 -> val = (k + offset + 1L) % Byte.MAX_VALUE;
            case INT64 -> val = 2_147_483_649L + offset + k;
            default -> throw new IllegalArgumentException("no numeric test pattern for " + f);
        }
        return k % 2 == 0 ? val : -val;
    }

    /** One sample: its timestamp on the outlet's clock (deduced ones from the previous and the nominal rate). */
    private double readSample(double[] values) throws IOException {
        int tag = in.read();
        if (tag < 0) {
            throw new EOFException();
        }
        double ts;
        if (tag == 2) {
            ts = ByteBuffer.wrap(read(8)).order(order).getDouble();
            if (!Double.isFinite(ts)) {
                throw new LslException("LSL stream '" + info.name() + "': a sample with timestamp " + ts);
            }
        } else if (tag == 1) {
            ts = Double.isNaN(last) ? localClock() + offset
                    : info.nominalRate() > 0 ? last + 1.0 / info.nominalRate() : last;
        } else {
            throw new LslException("LSL stream '" + info.name() + "': sample tag " + tag + " is neither 1 nor 2 (a damaged feed)");
        }
        ChannelFormat f = info.format();
        int n = info.channelCount();
        for (int k = 0; k < n; k++) {
            ByteBuffer b = ByteBuffer.wrap(read(f.bytes())).order(order);
            values[k] = switch (f) {
                case FLOAT32 -> b.getFloat();
                case DOUBLE64 -> b.getDouble();
                case INT32 -> b.getInt();
                case INT16 -> b.getShort();
                case INT8 -> b.get();
                case INT64 -> b.getLong();
                default -> throw new LslException("LSL stream '" + info.name() + "' carries strings, not EEG");
            };
        }
        last = ts;
        return ts;
    }

    private byte[] read(int n) throws IOException {
        int got = 0;
        while (got < n) {
            int k = in.read(scratch, got, n - got);
            if (k < 0) {
                throw new EOFException();
            }
            got += k;
        }
        return scratch;
    }

    /** A handshake line; its problems named with the stream. */
    /**
     * The header lines of a feed handshake, up to the blank line that ends them, as lower-case name -> value (a
     * value's "; comment" left out), shared by the inlet (the outlet's answer) and the outlet (an inlet's request).
     *
     * @throws LslException past {@value #MAX_HEADERS} lines; EOFException or LineTooLongException as {@link #readLine}
     */
    static java.util.Map<String, String> feedHeaders(InputStream in) throws IOException {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (int k = 0; ; k++) {
            if (k > MAX_HEADERS) {
                throw new LslException("more than " + MAX_HEADERS + " header lines");
            }
            String h = readLine(in).strip();
            if (h.isEmpty()) {
                return headers;
            }
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                        h.substring(colon + 1).split(";")[0].strip());
            }
        }
    }

    private String line(InputStream s) throws IOException {
        try {
            return readLine(s);
        } catch (EOFException e) {
            throw new LslException("LSL stream '" + info.name() + "': the outlet closed the connection during the handshake");
        } catch (LineTooLongException e) {
            throw new LslException("LSL stream '" + info.name() + "': a handshake line longer than " + MAX_LINE + " bytes");
        }
    }

    /** A line longer than {@link #MAX_LINE} bytes. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException() {
            super("a line longer than " + MAX_LINE + " bytes");
        }
    }

    /**
     * A CRLF- (or LF-) terminated line of at most {@link #MAX_LINE} bytes, without its terminator (the inlet's and
     * the outlet's handshakes). {@link EOFException} when the stream ends first.
     */
    static String readLine(InputStream s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = s.read();
            if (c < 0) {
                throw new EOFException();
            }
            if (c == '\n') {
                break;
            }
            if (b.size() >= MAX_LINE) {
                throw new LineTooLongException();
            }
            b.write(c);
        }
        String t = b.toString(StandardCharsets.UTF_8);
        return t.endsWith("\r") ? t.substring(0, t.length() - 1) : t;
    }

    /** The full description ("LSL:fullinfo" over TCP); the short one if the outlet does not give it. */
    private StreamInfo fullInfo(StreamInfo short_) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, short_.dataPort()), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("LSL:fullinfo\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            byte[] xml = s.getInputStream().readNBytes(1 << 20);
            StreamInfo full = StreamInfo.parse(new String(xml, StandardCharsets.UTF_8), "LSL fullinfo of '" + short_.name() + "'");
            if (!full.uid().equals(short_.uid()) || full.channelCount() != short_.channelCount()) {
                return short_;
            }
            return full.withPorts(short_.dataPort(), short_.servicePort());
        } catch (IOException e) {
            listener.status("LSL stream '" + short_.name() + "': no full description (" + org.evoke.tensor.io.OneLine.of(String.valueOf(e.getMessage()))
                    + "); channel labels unknown");
            return short_;
        }
    }

    /** Outlet clock - this clock from the probe with the shortest round trip (NTP's rule, as liblsl). */
    private double clockOffset() {
        if (info.servicePort() <= 0) {
            return 0;
        }
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(config.bindAddress(), 0))) {
            u.setSoTimeout(200);
            double bestRtt = Double.MAX_VALUE, best = 0;
            byte[] buf = new byte[512];
            for (int wave = 1; wave <= 8; wave++) {
                double t0 = localClock();
                byte[] msg = ("LSL:timedata\r\n" + wave + " " + t0 + "\r\n").getBytes(StandardCharsets.US_ASCII);
                u.send(new DatagramPacket(msg, msg.length, new InetSocketAddress(host, info.servicePort())));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    u.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                double t3 = localClock();
                String[] f = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).strip().split("\\s+");
                if (f.length < 4 || !f[0].equals(Integer.toString(wave))) {
                    continue;
                }
                double r0 = Double.parseDouble(f[1]), t1 = Double.parseDouble(f[2]), t2 = Double.parseDouble(f[3]);
                double rtt = (t3 - r0) - (t2 - t1);
                if (rtt < bestRtt && Double.isFinite(t1) && Double.isFinite(t2)) {
                    bestRtt = rtt;
                    best = ((t1 - r0) + (t2 - t3)) / 2;
                }
            }
            return bestRtt == Double.MAX_VALUE ? 0 : best;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}

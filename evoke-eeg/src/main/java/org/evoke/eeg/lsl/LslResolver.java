package org.evoke.eeg.lsl;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds LSL streams as liblsl's resolver does: a UDP datagram {@code "LSL:shortinfo\r\n" + query + "\r\n" +
 * returnPort + " " + queryId + "\r\n"} to every target of the {@link LslConfig}, in waves every half second; every
 * outlet whose description matches the query answers {@code queryId + "\r\n" + shortinfo XML} to the return port.
 */
public final class LslResolver {
    /** A stream found: its description and the host that answered (the data port is in the description). */
    public record Found(StreamInfo info, InetAddress host) {
    }

    private LslResolver() {
    }

    /**
     * The query for a user's stream spec: "type=EEG" or "name=Muse" become {@code type='EEG'}, a bare word is a
     * name, anything with quotes or brackets is taken as XPath already; liblsl's session prefix is added.
     */
    public static String query(String spec) {
        String s = spec.strip();
        String predicate;
        if (s.contains("'") || s.contains("[") || s.contains("(") || s.contains(" and ") || s.contains(" or ")) {
            predicate = s;
        } else if (s.contains("=")) {
            String key = s.substring(0, s.indexOf('=')).strip(), value = s.substring(s.indexOf('=') + 1).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException("LSL stream '" + spec + "': expected name=VALUE, type=VALUE or a name");
            }
            predicate = key + "='" + value + "'";
        } else {
            predicate = "name='" + s + "'";
        }
        return "session_id='default' and " + predicate;
    }

    /**
     * Resolves streams matching {@code query}: waits until at least one answered and one more wave brought nothing
     * new, or {@code timeoutMillis} passed. Answers that are not LSL descriptions are skipped; if nothing valid
     * came, the last malformed answer is the exception's line.
     */
    public static List<Found> resolve(String query, LslConfig config, long timeoutMillis) throws LslException {
        new StreamInfo("q", "", 1, 0, ChannelFormat.FLOAT32, "", "", "default", "", 0, 0, 0, List.of(), List.of())
                .matches(query); // a malformed query is one line here, before anything is sent
        List<InetSocketAddress> targets = config.queryTargets();
        String id = Long.toString(Math.abs(query.hashCode()) + System.nanoTime() % 1_000_000);
        Map<String, Found> found = new LinkedHashMap<>();
        String malformed = null;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(config.bindAddress(), 0))) {
            if (!config.loopbackOnly()) {
                socket.setBroadcast(true);
            }
            byte[] msg = ("LSL:shortinfo\r\n" + query + "\r\n" + socket.getLocalPort() + " " + id + "\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            long end = System.nanoTime() + timeoutMillis * 1_000_000L;
            byte[] buf = new byte[65_536];
            int quietWaves = 0;
            while (System.nanoTime() < end) {
                for (InetSocketAddress t : targets) {
                    try {
                        socket.send(new DatagramPacket(msg, msg.length, t));
                    } catch (IOException e) {
                        // an unreachable target is not an error: the next one may answer
                    }
                }
                int before = found.size();
                long waveEnd = Math.min(end, System.nanoTime() + 500_000_000L);
                while (System.nanoTime() < waveEnd) {
                    socket.setSoTimeout((int) Math.max(1, (waveEnd - System.nanoTime()) / 1_000_000L));
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                    int nl = text.indexOf("\r\n");
                    if (nl < 0 || !text.substring(0, nl).strip().equals(id)) {
                        continue; // an answer to another query
                    }
                    try {
                        StreamInfo info = StreamInfo.parse(text.substring(nl + 2), "LSL answer from "
                                + p.getAddress().getHostAddress());
                        found.putIfAbsent(info.uid() + "@" + p.getAddress().getHostAddress(), new Found(info, p.getAddress()));
                    } catch (LslException e) {
                        malformed = e.getMessage();
                    }
                }
                quietWaves = found.size() == before ? quietWaves + 1 : 0;
                if (!found.isEmpty() && quietWaves >= 1) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new LslException("LSL resolve failed: " + org.evoke.tensor.io.OneLine.of(e.getMessage()));
        }
        if (found.isEmpty() && malformed != null) {
            throw new LslException(malformed);
        }
        // one stream answers on several ports (its service port and the multicast port): keep one per uid
        Map<String, Found> byUid = new LinkedHashMap<>();
        for (Found f : found.values()) {
            byUid.putIfAbsent(f.info().uid(), f);
        }
        return new ArrayList<>(byUid.values());
    }

    /** Human words for a query, for messages: "type='EEG'". */
    static String describe(String query) {
        return query.replace("session_id='default' and ", "").toLowerCase(Locale.ROOT).equals(query) ? query
                : query.replace("session_id='default' and ", "");
    }
}

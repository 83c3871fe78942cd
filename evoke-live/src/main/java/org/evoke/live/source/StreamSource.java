package org.evoke.live.source;

import org.evoke.live.EegSource;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Raw EEG from a byte stream (stdin, or a TCP connection): a 16-byte header, then chunks.
 *
 * <pre>
 * header   "EVKE"  int32 channels  int32 sampling rate (Hz)  int32 samples per chunk     all little-endian
 * chunk    float32[channels][samples per chunk], channel-major, little-endian, microvolts
 * </pre>
 * The first 32 channels must be DEAP's EEG channels in its order (more are ignored); the sampling rate must be the
 * preset's (128 Hz); the first 3 s are the resting baseline. The stream ends at a clean end of input between
 * chunks; an end inside a chunk or a bad header is a one-line error.
 */
public final class StreamSource implements EegSource {
    /** The largest chunk accepted (channels x samples x 4 bytes): a header may not make us allocate more. */
    public static final int MAX_CHUNK_BYTES = 4 << 20;

    /** The header's magic bytes. */
    public static final byte[] MAGIC = {'E', 'V', 'K', 'E'};

    private final DataInputStream in;
    private final int channels, rate, chunk;
    private final String description;
    private final byte[] buffer;

    /**
     * Reads and checks the header.
     *
     * @param expectedRate the preset's sampling rate
     * @throws IllegalArgumentException with one line when the header is missing, foreign or not what live recognition needs
     */
    public StreamSource(InputStream input, int expectedRate, String description) {
        this.in = new DataInputStream(input);
        byte[] head = new byte[16];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            throw new IllegalArgumentException(description + ": the stream ended before its 16-byte header (\"EVKE\", channels, rate, samples per chunk)");
        } catch (java.net.SocketTimeoutException e) {
            throw new IllegalArgumentException(description + ": no 16-byte header (\"EVKE\", channels, rate, samples per chunk)"
                    + " within the handshake time; a sender must start with it");
        } catch (IOException e) {
            throw new IllegalArgumentException(description + ": cannot read the stream's header: " + e.getMessage());
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            if (head[i] != MAGIC[i]) {
                throw new IllegalArgumentException(description + ": not an evoke EEG stream (it starts with bytes " + (head[0] & 0xFF) + " "
                        + (head[1] & 0xFF) + " " + (head[2] & 0xFF) + " " + (head[3] & 0xFF) + ", expected \"EVKE\"; docs/live.md gives the format)");
            }
        }
        channels = h.getInt(4);
        rate = h.getInt(8);
        chunk = h.getInt(12);
        if (channels < 32 || channels > 4096) {
            throw new IllegalArgumentException(description + ": the stream has " + channels + " channels; live recognition needs the 32 EEG channels"
                    + " first, in DEAP's order (at most 4096)");
        }
        if (rate != expectedRate) {
            throw new IllegalArgumentException(description + ": the stream is sampled at " + rate + " Hz; the recogniser's preset needs " + expectedRate + " Hz");
        }
        if (chunk < 1 || chunk > 1 << 16) {
            throw new IllegalArgumentException(description + ": " + chunk + " samples per chunk; expected 1..65536");
        }
        if ((long) channels * chunk * 4 > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException(description + ": a chunk of " + channels + " channels x " + chunk + " samples is "
                    + (long) channels * chunk * 4 + " bytes; at most " + MAX_CHUNK_BYTES + " (send smaller chunks)");
        }
        this.buffer = new byte[4 * channels * chunk];
        this.description = description + " (" + channels + " channels, " + rate + " Hz, " + chunk + " samples per chunk)";
    }

    @Override
    public float[][] next() {
        int got = 0;
        try {
            while (got < buffer.length) {
                int n = in.read(buffer, got, buffer.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        } catch (IOException e) {
            return null; // the sender went away: the stream ends
        }
        if (got == 0) {
            return null;
        }
        if (got < buffer.length) {
            throw new IllegalArgumentException(description + ": the stream ended inside a chunk (" + got + " of " + buffer.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[32][chunk];
        for (int c = 0; c < 32; c++) {
            for (int i = 0; i < chunk; i++) {
                out[c][i] = b.getFloat(4 * (c * chunk + i));
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to lose
        }
    }
}

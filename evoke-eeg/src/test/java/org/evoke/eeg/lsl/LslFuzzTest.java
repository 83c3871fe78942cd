package org.evoke.eeg.lsl;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzing what the LSL inlet reads from the network: a stream description (first byte even) or a data feed of a
 * 4-channel stream in one of the numeric formats (first byte odd: handshake, test patterns, samples). Either works
 * or ends in one {@link LslException} line. Seeds: LslFuzzTestInputs/ (liblsl's answers, as in LslInletTest).
 */
class LslFuzzTest {
    static final ChannelFormat[] FORMATS = {ChannelFormat.FLOAT32, ChannelFormat.DOUBLE64, ChannelFormat.INT16,
            ChannelFormat.INT32, ChannelFormat.INT8, ChannelFormat.INT64};

    @FuzzTest(maxDuration = "10s")
    void read(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        try {
            if ((data[0] & 1) == 0) {
                StreamInfo info = StreamInfo.parse(new String(data, 1, data.length - 1, StandardCharsets.UTF_8), "fuzz");
                info.matches("type='EEG'");
            } else {
                ChannelFormat f = FORMATS[((data[0] & 0xff) >> 1) % FORMATS.length];
                StreamInfo info = new StreamInfo("fuzz", "EEG", 4, 100, f, "src", "uid", "default", "host", 1, 0, 0,
                        List.of(), List.of());
                LslInlet in = LslInlet.replay(info, new ByteArrayInputStream(data, 1, data.length - 1));
                double[] v = new double[4];
                for (int i = 0; i < 10_000; i++) {
                    in.pull(v);
                }
            }
        } catch (LslException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + e.getMessage());
            }
        }
    }
}

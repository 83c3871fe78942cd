package org.evoke.cli.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VrmFileTest {
    @TempDir
    Path tmp;

    /** A binary glTF 2.0 file of a header and one JSON chunk (padded with spaces to 4 bytes, as the format asks). */
    private Path glb(String json) throws Exception {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        int padded = (j.length + 3) / 4 * 4;
        ByteBuffer b = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46546C67).putInt(2).putInt(20 + padded).putInt(padded).putInt(0x4E4F534A).put(j);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        Path p = tmp.resolve("avatar" + json.hashCode() + ".vrm");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void anAvatarNameCannotWriteToTheTerminal() throws Exception {
        String evil = "<script>alert(1)</script>\\n\\u001b[31mRED";
        assertEquals("VRM 1.0 \"<script>alert(1)</script>??[31mRED\"",
                VrmFile.check(glb("{\"extensions\":{\"VRMC_vrm\":{\"meta\":{\"name\":\"" + evil + "\"}}}}")));
        assertEquals("VRM 0.x \"a?b\"", VrmFile.check(glb("{\"extensions\":{\"VRM\":{\"meta\":{\"title\":\"a\\tb\"}}}}")));
        assertEquals("VRM 1.0", VrmFile.check(glb("{\"extensions\":{\"VRMC_vrm\":{\"meta\":{}}}}")));
    }
}

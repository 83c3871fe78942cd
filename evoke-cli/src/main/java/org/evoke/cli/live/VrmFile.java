package org.evoke.cli.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a file is a VRM avatar before the page is told to load it: a binary glTF 2.0 file (12-byte header
 * "glTF", version 2, length; then a JSON chunk) whose JSON uses the {@code VRMC_vrm} extension (VRM 1.0) or
 * {@code VRM} (VRM 0.x). The page itself loads it with three.js and @pixiv/three-vrm.
 */
public final class VrmFile {
    private static final int GLTF_MAGIC = 0x46546C67, JSON_CHUNK = 0x4E4F534A;

    private VrmFile() {
    }

    /**
     * @return "VRM 1.0" or "VRM 0.x", with the avatar's name when its metadata gives one
     * @throws IllegalArgumentException with one line naming what is wrong and what was expected
     */
    public static String check(Path file) {
        String expected = "; expected a VRM avatar (binary glTF 2.0 with the VRMC_vrm or VRM extension), e.g. from VRoid Studio";
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--avatar " + file + " is not a file" + expected);
        }
        long size;
        byte[] bytes;
        try {
            size = Files.size(file);
            if (size > LiveServer.MAX_AVATAR_BYTES) {
                throw new IllegalArgumentException("--avatar " + file + " is " + size + " bytes; an avatar may have at most "
                        + LiveServer.MAX_AVATAR_BYTES + " (" + (LiveServer.MAX_AVATAR_BYTES >> 20) + " MiB)");
            }
            // the header and the JSON chunk only: the rest (meshes, textures) is streamed to the page, never read here
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] head = in.readNBytes(20);
                long json = head.length == 20 ? Integer.toUnsignedLong(ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(12)) : 0;
                json = Math.min(json, Math.min(size - head.length, 64L << 20));
                byte[] rest = in.readNBytes((int) Math.max(0, json));
                bytes = new byte[head.length + rest.length];
                System.arraycopy(head, 0, bytes, 0, head.length);
                System.arraycopy(rest, 0, bytes, head.length, rest.length);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--avatar " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 20 || b.getInt(0) != GLTF_MAGIC) {
            throw new IllegalArgumentException("--avatar " + file + " is not a binary glTF file (no \"glTF\" header)" + expected);
        }
        if (b.getInt(4) != 2) {
            throw new IllegalArgumentException("--avatar " + file + " is glTF version " + b.getInt(4) + expected);
        }
        long length = Integer.toUnsignedLong(b.getInt(8));
        if (length != size) {
            throw new IllegalArgumentException("--avatar " + file + " is truncated or padded: its header says " + length + " bytes, the file has "
                    + size);
        }
        int jsonLength = b.getInt(12);
        if (b.getInt(16) != JSON_CHUNK || jsonLength < 2 || 20L + jsonLength > bytes.length) {
            throw new IllegalArgumentException("--avatar " + file + " has no JSON chunk after its header" + expected);
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(new String(bytes, 20, jsonLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("--avatar " + file + ": its JSON chunk does not parse (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode ext = json.path("extensions");
        if (ext.has("VRMC_vrm")) {
            String name = ext.path("VRMC_vrm").path("meta").path("name").asText("");
            return "VRM 1.0" + (name.isEmpty() ? "" : " \"" + org.evoke.tensor.io.OneLine.of(name) + "\"");
        }
        if (ext.has("VRM")) {
            String name = ext.path("VRM").path("meta").path("title").asText("");
            return "VRM 0.x" + (name.isEmpty() ? "" : " \"" + org.evoke.tensor.io.OneLine.of(name) + "\"");
        }
        throw new IllegalArgumentException("--avatar " + file + " is a glTF model without VRM data (no VRMC_vrm or VRM extension)" + expected);
    }
}

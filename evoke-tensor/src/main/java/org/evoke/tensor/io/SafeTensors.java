package org.evoke.tensor.io;

import org.evoke.tensor.blas.BlasCore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors), the file format of every
 * weight, golden vector and feature cache in this project.
 *
 * <pre>
 * [8 bytes]  little-endian u64: N, the length of the JSON header
 * [N bytes]  UTF-8 JSON: {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
 *                         "__metadata__": {"key": "value", ...}}     (padded with spaces)
 * [rest]     the data section: each tensor's raw little-endian row-major bytes at [begin, end) of this section
 * </pre>
 *
 * Supported dtypes: F64, F32, I64, I32, U8, BOOL. Reading checks everything it can (file length, header
 * length, offsets against the data section and against dtype x shape) and fails with a one-line
 * {@link SafeTensorsException} naming the file and the tensor. Writing goes to a temporary file in the same
 * directory that is renamed over the target, so a crash never leaves a half-written file.
 */
public final class SafeTensors {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }


    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers larger than this are refused as corrupt (the reference implementation's limit is 100 MB). */
    private static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    /**
     * The contents of a safetensors file: tensors by name in file order, and the metadata string map.
     *
     * @param tensors  tensors by name, in the order of their data offsets
     * @param metadata the {@code __metadata__} map, empty when the file has none
     */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {
        /** The tensor called {@code name}; a clear error naming the missing tensor when there is none. */
        public INDArray get(String name) {
            INDArray t = tensors.get(name);
            if (t == null) {
                throw new SafeTensorsException("no tensor '" + name + "' in file; it has " + tensors.keySet());
            }
            return t;
        }

        public boolean has(String name) {
            return tensors.containsKey(name);
        }
    }

    /** Reads every tensor of the file at {@code path}. */
    public static Contents read(Path path) {
        ByteBuffer bytes;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new SafeTensorsException(path + ": truncated safetensors file (" + size
                        + " bytes; expected at least the 8-byte header length)");
            }
            if (size > Integer.MAX_VALUE) {
                throw new SafeTensorsException(path + ": safetensors file of " + size + " bytes is over the 2 GiB this reader supports");
            }
            bytes = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new SafeTensorsException(path + ": cannot read safetensors file: " + e.getMessage(), e);
        }
        return parse(bytes, path.toString());
    }

    /** Parses a whole safetensors file held in memory; {@code source} names it in error messages. */
    public static Contents parse(ByteBuffer file, String source) {
        ByteBuffer buf = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long size = buf.remaining();
        if (size < 8) {
            throw new SafeTensorsException(source + ": truncated safetensors file (" + size
                    + " bytes; expected at least the 8-byte header length)");
        }
        long headerLen = buf.getLong(0);
        if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
            throw new SafeTensorsException(source + ": header length " + headerLen + " does not fit a file of "
                    + size + " bytes (truncated file, or not safetensors)");
        }
        byte[] headerBytes = new byte[(int) headerLen];
        buf.position(8);
        buf.get(headerBytes);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new SafeTensorsException(source + ": header is not valid JSON (not a safetensors file?): "
                    + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new SafeTensorsException(source + ": header is not a JSON object (not a safetensors file?)");
        }
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        java.util.List<Slot> slots = new java.util.ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            if (METADATA.equals(name)) {
                if (!node.isObject()) {
                    throw new SafeTensorsException(source + ": __metadata__ must be a map of strings");
                }
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            Dtype dtype = Dtype.parse(node.path("dtype").asText(null), source, name);
            JsonNode shapeNode = node.path("shape");
            JsonNode offs = node.path("data_offsets");
            if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
                throw new SafeTensorsException(source + ": tensor '" + name
                        + "' needs a 'shape' array and 'data_offsets' [begin, end]");
            }
            long[] shape = new long[shapeNode.size()];
            long numel = 1, bytes;
            try {
                for (int i = 0; i < shape.length; i++) {
                    JsonNode d = shapeNode.get(i);
                    shape[i] = d.isIntegralNumber() && d.canConvertToLong() ? d.asLong() : -1;
                    if (shape[i] < 0) {
                        throw new SafeTensorsException(source + ": tensor '" + name + "' has a dimension that is not a"
                                + " size: " + d);
                    }
                    numel = Math.multiplyExact(numel, shape[i]);
                }
                bytes = Math.multiplyExact(numel, (long) dtype.size);
            } catch (ArithmeticException overflow) {
                throw new SafeTensorsException(source + ": tensor '" + name + "' has shape " + shapeNode
                        + ", whose size overflows a long (the file has " + size + " bytes)");
            }
            if (numel > Integer.MAX_VALUE - 8) {
                throw new SafeTensorsException(source + ": tensor '" + name + "' has " + numel + " elements, more than"
                        + " one array holds");
            }
            JsonNode b0 = offs.get(0), b1 = offs.get(1);
            long begin = b0.isIntegralNumber() && b0.canConvertToLong() ? b0.asLong() : -1;
            long end = b1.isIntegralNumber() && b1.canConvertToLong() ? b1.asLong() : -1;
            if (begin < 0 || end < begin || end > dataLen) {
                throw new SafeTensorsException(source + ": tensor '" + name + "' has data_offsets [" + begin + ", "
                        + end + "] outside the data section of " + dataLen + " bytes (truncated file?)");
            }
            if (end - begin != bytes) {
                throw new SafeTensorsException(source + ": tensor '" + name + "' is " + dtype + " " + shapeStr(shape)
                        + " = " + bytes + " bytes, but its data_offsets span " + (end - begin));
            }
            slots.add(new Slot(name, dtype, shape, begin, end));
        }
        slots.sort(java.util.Comparator.comparingLong(Slot::begin));
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        long covered = 0;
        for (Slot t : slots) {
            if (t.begin() < covered) {
                throw new SafeTensorsException(source + ": tensor '" + t.name()
                        + "' overlaps the previous tensor's data (the header lies about offsets)");
            }
            covered = t.end();
            ByteBuffer slice = buf.duplicate();
            slice.position((int) (dataStart + t.begin())).limit((int) (dataStart + t.end()));
            tensors.put(t.name(), t.dtype().decode(slice.slice().order(ByteOrder.LITTLE_ENDIAN), t.shape()));
        }
        return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    /** The exact size in bytes of the file {@link #write} would produce for these tensors and metadata. */
    public static long fileSize(Map<String, INDArray> tensors, Map<String, String> metadata) {
        long data = 0;
        for (INDArray a : tensors.values()) {
            data += a.length() * Dtype.of(a.dataType()).size;
        }
        return header(tensors, metadata).remaining() + data;
    }

    /** The 8-byte length and the JSON header, padded with spaces to a multiple of 8 bytes. */
    private static ByteBuffer header(Map<String, INDArray> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            if (METADATA.equals(e.getKey())) {
                throw new IllegalArgumentException("'" + METADATA + "' is reserved and cannot name a tensor");
            }
            INDArray a = e.getValue();
            Dtype dtype = Dtype.of(a.dataType());
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype.name());
            ArrayNode shape = t.putArray("shape");
            for (long d : a.shape()) {
                shape.add(d);
            }
            long len = a.length() * dtype.size;
            t.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h;
        try {
            h = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int pad = (8 - (h.length % 8)) % 8;
        ByteBuffer head = ByteBuffer.allocate(8 + h.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(h.length + pad).put(h);
        for (int i = 0; i < pad; i++) {
            head.put((byte) ' ');
        }
        head.flip();
        return head;
    }

    /** Writes {@code tensors} (in the map's order) and {@code metadata} atomically to {@code path}. */
    public static void write(Path path, Map<String, INDArray> tensors, Map<String, String> metadata) {
        ByteBuffer head = header(tensors, metadata);
        try {
            AtomicFiles.write(path, tmp -> {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    writeFully(ch, head);
                    for (INDArray a : tensors.values()) {
                        writeFully(ch, Dtype.of(a.dataType()).encode(a));
                    }
                    ch.force(true);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw new SafeTensorsException(path + ": cannot write safetensors file: " + e.getCause().getMessage(), e);
        }
    }

    /** Writes tensors without metadata. */
    public static void write(Path path, Map<String, INDArray> tensors) {
        write(path, tensors, Map.of());
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private record Slot(String name, Dtype dtype, long[] shape, long begin, long end) {
    }

    static String shapeStr(long[] shape) {
        return java.util.Arrays.toString(shape);
    }

    /** The dtypes this implementation reads and writes, with their ND4J twin and element size. */
    enum Dtype {
        F64(DataType.DOUBLE, 8), F32(DataType.FLOAT, 4), I64(DataType.LONG, 8),
        I32(DataType.INT, 4), U8(DataType.UBYTE, 1), BOOL(DataType.BOOL, 1);

        final DataType nd4j;
        final int size;

        Dtype(DataType nd4j, int size) {
            this.nd4j = nd4j;
            this.size = size;
        }

        static Dtype parse(String s, String source, String tensor) {
            if (s != null) {
                for (Dtype d : values()) {
                    if (d.name().equals(s)) {
                        return d;
                    }
                }
            }
            throw new SafeTensorsException(source + ": tensor '" + tensor + "' has unsupported dtype " + s
                    + " (supported: F64, F32, I64, I32, U8, BOOL)");
        }

        static Dtype of(DataType t) {
            for (Dtype d : values()) {
                if (d.nd4j == t) {
                    return d;
                }
            }
            throw new IllegalArgumentException("cannot store ND4J dtype " + t
                    + " in safetensors (supported: DOUBLE, FLOAT, LONG, INT, UBYTE, BOOL)");
        }

        INDArray decode(ByteBuffer b, long[] shape) {
            int n = (int) (b.remaining() / size);
            switch (this) {
                case F64: {
                    double[] v = new double[n];
                    b.asDoubleBuffer().get(v);
                    return Nd4j.create(v, shape, DataType.DOUBLE);
                }
                case F32: {
                    float[] v = new float[n];
                    b.asFloatBuffer().get(v);
                    return Nd4j.create(v, shape, DataType.FLOAT);
                }
                case I64: {
                    long[] v = new long[n];
                    b.asLongBuffer().get(v);
                    return Nd4j.createFromArray(v).reshape(shape);
                }
                case I32: {
                    int[] v = new int[n];
                    b.asIntBuffer().get(v);
                    return Nd4j.createFromArray(v).reshape(shape);
                }
                default: {
                    byte[] v = new byte[n];
                    b.get(v);
                    INDArray u = Nd4j.createFromArray(v).reshape(shape);
                    return u.castTo(nd4j);
                }
            }
        }

        ByteBuffer encode(INDArray a) {
            INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
            ByteBuffer out = ByteBuffer.allocate((int) (c.length() * size)).order(ByteOrder.LITTLE_ENDIAN);
            switch (this) {
                case F64 -> out.asDoubleBuffer().put(c.data().asDouble(), 0, (int) c.length());
                case F32 -> out.asFloatBuffer().put(c.data().asFloat(), 0, (int) c.length());
                case I64 -> out.asLongBuffer().put(c.data().asLong(), 0, (int) c.length());
                case I32 -> out.asIntBuffer().put(c.data().asInt(), 0, (int) c.length());
                default -> {
                    byte[] v = c.castTo(DataType.UBYTE).data().asBytes();
                    out.put(v, 0, (int) c.length());
                }
            }
            out.position(0).limit((int) (c.length() * size));
            return out;
        }
    }
}

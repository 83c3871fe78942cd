package org.evoke.eeg.deap;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.IObjectPickler;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Pickler;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * NumPy arrays in pickles, on top of net.razorvine:pickle (which knows Python's own types but not NumPy's).
 *
 * <p>Reading: a pickled {@code ndarray} is {@code numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b')}
 * followed by a BUILD opcode whose state is {@code (version, shape, dtype, is_fortran, raw_bytes)}; the dtype is
 * {@code numpy.dtype('f8', False, True)} followed by BUILD with {@code (3, '<', None, None, None, -1, -1, 0)}.
 * razorvine turns GLOBAL + REDUCE into a call of a registered {@link IObjectConstructor} and BUILD into a reflective
 * call of the target's {@code __setstate__(Object[])} (the mechanism of its {@code ClassDict.__setstate__});
 * {@link ArrayState} and {@link Dtype} have such a method, and {@link DeapUnpickler} dispatches BUILD to it directly
 * (reflection from razorvine's package cannot reach these package-private classes). Protocol 5's
 * {@code numpy.core.numeric._frombuffer(buffer, dtype, shape, order)} is registered too, as are NumPy 2's
 * {@code numpy._core} module names.
 *
 * <p>Python 2 pickles store the raw array bytes as a byte string (opcode BINSTRING); Python 3 can load them only with
 * {@code encoding='latin1'}, which maps each byte to one character. {@link DeapUnpickler} keeps large byte strings as
 * {@code byte[]} instead of decoding them to a {@link String} and back (a 100 MB copy saved); a latin-1 string from
 * elsewhere is turned back into its bytes the same way.
 *
 * <p>Writing: {@link #PICKLER} emits exactly the opcodes NumPy 1.x under Python 2 emits for an ndarray at protocol 2
 * (GLOBAL {@code numpy.core.multiarray _reconstruct}, REDUCE, the state tuple with a BINSTRING of raw little-endian
 * bytes, BUILD), so real Python + NumPy loads the result with {@code pickle.load(f, encoding='latin1')}.
 */
final class NumpyPickle {
    private NumpyPickle() {
    }

    private static final String[] MULTIARRAY = {"numpy.core.multiarray", "numpy._core.multiarray"};
    private static final String[] NUMERIC = {"numpy.core.numeric", "numpy._core.numeric"};

    static {
        IObjectConstructor reconstruct = args -> new ArrayState();
        for (String m : MULTIARRAY) {
            Unpickler.registerConstructor(m, "_reconstruct", reconstruct);
        }
        for (String m : NUMERIC) {
            Unpickler.registerConstructor(m, "_frombuffer", NumpyPickle::fromBuffer);
        }
        Unpickler.registerConstructor("numpy", "ndarray", args -> new ArrayState());
        Unpickler.registerConstructor("numpy", "dtype", args -> {
            if (args.length < 1) {
                throw new PickleException("numpy.dtype() without a type code");
            }
            return new Dtype(text(args[0]));
        });
        Pickler.registerCustomPickler(PyArray.class, new ArrayPickler());
        Pickler.registerCustomPickler(Py2Str.class, (o, out, p) -> writeByteString(out, ((Py2Str) o).bytes()));
    }

    /** Makes sure the constructors and picklers are registered (runs the static initialiser once). */
    static void init() {
    }

    /** A Python 2 byte string ({@code str}), pickled as SHORT_BINSTRING / BINSTRING like cPickle does. */
    record Py2Str(byte[] bytes) {
        static Py2Str of(String ascii) {
            return new Py2Str(ascii.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** A float64 array to be pickled as an ndarray: C-order values and the shape. */
    record PyArray(INDArray array) {
    }

    /** A NumPy dtype as far as arrays of numbers need it: kind, item size and byte order. */
    static final class Dtype {
        final char kind;       // 'f' float, 'i' signed, 'u' unsigned, 'b' bool
        final int itemSize;    // bytes per element
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        final String code;

        Dtype(String code) {
            // numpy writes the type code without byte order ('f8'); a descr may carry one ('<f8')
            String c = code;
            if (!c.isEmpty() && "<>|=".indexOf(c.charAt(0)) >= 0) {
                setOrder(c.charAt(0));
                c = c.substring(1);
            }
            this.code = code;
            if (c.length() < 2 || "fiub".indexOf(c.charAt(0)) < 0) {
                throw new PickleException("numpy dtype '" + code + "' is not a numeric type");
            }
            this.kind = c.charAt(0);
            try {
                this.itemSize = Integer.parseInt(c.substring(1));
            } catch (NumberFormatException e) {
                throw new PickleException("numpy dtype '" + code + "' has no item size");
            }
        }

        /** BUILD state: (version, byteorder, subarray, names, fields, elsize, alignment, flags). */
        public void __setstate__(Object[] state) {
            if (state.length > 1 && state[1] != null) {
                String bo = text(state[1]);
                if (!bo.isEmpty()) {
                    setOrder(bo.charAt(0));
                }
            }
        }

        private void setOrder(char c) {
            order = c == '>' ? ByteOrder.BIG_ENDIAN : c == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
        }

        @Override
        public String toString() {
            return (order == ByteOrder.BIG_ENDIAN ? ">" : "<") + kind + itemSize;
        }
    }

    /** What {@code _reconstruct} returns; filled by BUILD. */
    static final class ArrayState {
        long[] shape;
        Dtype dtype;
        boolean fortran;
        byte[] raw;

        /** BUILD state: (version, shape, dtype, is_fortran, raw bytes) or, older, without the version. */
        public void __setstate__(Object[] state) {
            int o = state.length == 5 ? 1 : 0;
            if (state.length - o != 4) {
                throw new PickleException("ndarray state has " + state.length + " items, expected 4 or 5");
            }
            shape = toShape(state[o]);
            if (!(state[o + 1] instanceof Dtype d)) {
                throw new PickleException("ndarray state has no numpy dtype");
            }
            dtype = d;
            fortran = Boolean.TRUE.equals(state[o + 2]);
            raw = bytes(state[o + 3]);
        }

        /** The array as float64 ND4J, C order; one copy from the raw bytes into ND4J's buffer. */
        INDArray toDouble() {
            if (shape == null || raw == null) {
                throw new PickleException("ndarray was never given its state (BUILD missing)");
            }
            if (dtype.itemSize < 1) {
                throw new PickleException("numpy dtype " + dtype + " has an item size of " + dtype.itemSize + " bytes");
            }
            long n = 1, bytes;
            try {
                for (long d : shape) {
                    n = Math.multiplyExact(n, d);
                }
                bytes = Math.multiplyExact(n, (long) dtype.itemSize);
            } catch (ArithmeticException e) {
                throw new PickleException("ndarray " + Arrays.toString(shape) + " of " + dtype + " has more elements than"
                        + " a long counts (the file holds " + raw.length + " bytes)");
            }
            if (bytes != raw.length) {
                throw new PickleException("ndarray " + Arrays.toString(shape) + " of " + dtype + " needs "
                        + bytes + " bytes but holds " + raw.length);
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new PickleException("ndarray " + Arrays.toString(shape) + " has " + n + " elements, more than evoke reads"
                        + " into one array");
            }
            long[] cShape = shape.length == 0 ? new long[]{1} : shape;
            if (n == 0) { // an empty array (no buffer to fill); the reader says what it lacks
                raw = null;
                return Nd4j.create(DataType.DOUBLE, cShape);
            }
            INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, cShape, fortran ? 'f' : 'c');
            DoubleBuffer dst = out.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            ByteBuffer src = ByteBuffer.wrap(raw).order(dtype.order);
            int len = (int) n;
            switch (dtype.kind + "" + dtype.itemSize) {
                case "f8" -> dst.put(src.asDoubleBuffer());
                case "f4" -> {
                    for (int i = 0; i < len; i++) {
                        dst.put(i, src.getFloat(4 * i));
                    }
                }
                case "i8" -> {
                    for (int i = 0; i < len; i++) {
                        dst.put(i, src.getLong(8 * i));
                    }
                }
                case "i4" -> {
                    for (int i = 0; i < len; i++) {
                        dst.put(i, src.getInt(4 * i));
                    }
                }
                case "i2" -> {
                    for (int i = 0; i < len; i++) {
                        dst.put(i, src.getShort(2 * i));
                    }
                }
                case "u1", "b1" -> {
                    for (int i = 0; i < len; i++) {
                        dst.put(i, raw[i] & 0xff);
                    }
                }
                default -> throw new PickleException("numpy dtype " + dtype + " is not supported (expected float64,"
                        + " float32 or integers)");
            }
            raw = null; // the bytes are in ND4J now; let them go before the next array is read
            return fortran ? out.dup('c') : out;
        }
    }

    /** {@code _frombuffer(buffer, dtype, shape, order)}: NumPy's protocol-5 reduction of an ndarray. */
    private static Object fromBuffer(Object[] args) {
        if (args.length != 4 || !(args[1] instanceof Dtype d)) {
            throw new PickleException("_frombuffer expects (buffer, dtype, shape, order)");
        }
        ArrayState s = new ArrayState();
        s.raw = bytes(args[0]);
        s.dtype = d;
        s.shape = toShape(args[2]);
        s.fortran = "F".equals(text(args[3]));
        return s;
    }

    static long[] toShape(Object o) {
        if (!(o instanceof Object[] t)) {
            throw new PickleException("ndarray shape is not a tuple");
        }
        long[] shape = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] instanceof Number num) || num.longValue() < 0) {
                throw new PickleException("ndarray shape " + Arrays.toString(t) + " is not a tuple of sizes");
            }
            shape[i] = num.longValue();
        }
        return shape;
    }

    static byte[] bytes(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1); // a latin-1 decoded Python 2 str
        }
        throw new PickleException("ndarray data is " + (o == null ? "None" : o.getClass().getSimpleName())
                + ", expected a byte string");
    }

    static String text(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        throw new PickleException("expected a string, got " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    /**
     * razorvine's Unpickler with byte strings kept as bytes: BINSTRING (a Python 2 str of 256 bytes or more) and
     * BINBYTES are read straight into one {@code byte[]}, after checking the length against what the stream holds, so
     * a corrupt length is reported as truncation rather than as an attempt to allocate gigabytes.
     */
    static final class DeapUnpickler extends Unpickler {
        private final long size;
        private final CountingInput in;

        DeapUnpickler(CountingInput in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            if (key == Opcodes.BINSTRING || key == Opcodes.BINBYTES) {
                int len = PickleUtils.bytes_to_integer(PickleUtils.readbytes(input, 4));
                if (len < 0 || len > size - in.position()) {
                    throw new TruncatedException("a byte string of " + Integer.toUnsignedLong(len) + " bytes at offset "
                            + in.position() + " runs past the end of the file (" + size + " bytes)");
                }
                stack.add(PickleUtils.readbytes(input, len));
                return NO_RETURN_VALUE;
            }
            if (key == Opcodes.SETITEM) {
                Object value = stack.pop();
                Object k = stack.pop();
                checkKey(k);
                stack.add(k);
                stack.add(value);
            } else if (key == Opcodes.SETITEMS || key == Opcodes.DICT) {
                java.util.List<Object> items = stack.pop_all_since_marker();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    checkKey(items.get(i));
                }
                stack.add_mark();
                for (Object o : items) {
                    stack.add(o);
                }
            }
            if (key == Opcodes.BUILD) {
                // razorvine calls __setstate__ by reflection, which needs public classes; ours are package-private
                Object state = stack.pop();
                Object target = stack.peek();
                if (target instanceof ArrayState || target instanceof Dtype) {
                    if (!(state instanceof Object[] t)) {
                        throw new PickleException("BUILD state of a numpy object is not a tuple");
                    }
                    if (target instanceof ArrayState a) {
                        a.__setstate__(t);
                    } else {
                        ((Dtype) target).__setstate__(t);
                    }
                    return NO_RETURN_VALUE;
                }
                stack.add(state);
            }
            return super.dispatch(key);
        }
    }

    /** Thrown when the pickle ends before its STOP opcode. */
    /** Tuples nested deeper than this in a dict key are refused (Python's own hash would run out of stack). */
    static final int MAX_KEY_DEPTH = 100;

    /**
     * A dict key must be hashable, as in Python: a list, dict or set is refused at once (Python raises TypeError; hashing
     * a nested list here could take exponential time or overflow the stack), and tuples are looked into, iteratively,
     * to a bounded depth.
     */
    static void checkKey(Object key) {
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depth = new java.util.ArrayDeque<>();
        Object k = key;
        int d = 0;
        while (true) {
            if (k instanceof java.util.List || k instanceof java.util.Map || k instanceof java.util.Set) {
                String what = k instanceof java.util.List ? "list" : k instanceof java.util.Map ? "dict" : "set";
                throw new PickleException("a dict key is a " + what + (d > 0 ? " inside a tuple" : "")
                        + ", which Python cannot hash (unhashable type: '" + what + "'); not a DEAP file");
            }
            if (k instanceof Object[] t) {
                if (d >= MAX_KEY_DEPTH) {
                    throw new PickleException("a dict key is a tuple nested more than " + MAX_KEY_DEPTH + " deep; not a DEAP file");
                }
                todo.push(t);
                depth.push(d + 1);
            }
            if (todo.isEmpty()) {
                return;
            }
            Object[] next = todo.peek();
            int level = depth.peek();
            // visit the elements of the tuple on top one by one: replace it by its tail
            todo.pop();
            depth.pop();
            if (next.length == 0) {
                if (todo.isEmpty()) {
                    return;
                }
                k = null;
                d = 0;
                continue;
            }
            if (next.length > 1) {
                todo.push(java.util.Arrays.copyOfRange(next, 1, next.length));
                depth.push(level);
            }
            k = next[0];
            d = level;
        }
    }

    static final class TruncatedException extends IOException {
        private static final long serialVersionUID = 1L;

        TruncatedException(String message) {
            super(message);
        }
    }

    /** An InputStream over a (mapped) byte buffer that knows its position and whether it ran dry. */
    static final class CountingInput extends InputStream {
        private final ByteBuffer buf;
        boolean hitEnd;

        CountingInput(ByteBuffer buf) {
            this.buf = buf;
        }

        long position() {
            return buf.position();
        }

        @Override
        public int read() {
            if (!buf.hasRemaining()) {
                hitEnd = true;
                return -1;
            }
            return buf.get() & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buf.hasRemaining()) {
                hitEnd = true;
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            buf.get(b, off, n);
            return n;
        }
    }

    /** Writes a Python 2 {@code str}: SHORT_BINSTRING below 256 bytes, BINSTRING above, as cPickle does. */
    static void writeByteString(OutputStream out, byte[] b) throws IOException {
        if (b.length < 256) {
            out.write(Opcodes.SHORT_BINSTRING);
            out.write(b.length);
        } else {
            out.write(Opcodes.BINSTRING);
            out.write(PickleUtils.integer_to_bytes(b.length));
        }
        out.write(b);
    }

    /** Pickles a {@link PyArray} as NumPy 1.x does under Python 2 at protocol 2. */
    static final class ArrayPickler implements IObjectPickler {
        @Override
        public void pickle(Object o, OutputStream out, Pickler p) throws PickleException, IOException {
            INDArray a = ((PyArray) o).array();
            if (a.dataType() != DataType.DOUBLE) {
                throw new PickleException("only float64 arrays are pickled, got " + a.dataType());
            }
            // _reconstruct(ndarray, (0,), 'b')
            out.write(Opcodes.GLOBAL);
            out.write("numpy.core.multiarray\n_reconstruct\n".getBytes(StandardCharsets.US_ASCII));
            out.write(Opcodes.GLOBAL);
            out.write("numpy\nndarray\n".getBytes(StandardCharsets.US_ASCII));
            p.save(0);
            out.write(Opcodes.TUPLE1);
            writeByteString(out, new byte[]{'b'});
            out.write(Opcodes.TUPLE3);
            out.write(Opcodes.REDUCE);
            // state: (1, shape, dtype, False, raw)
            out.write(Opcodes.MARK);
            p.save(1);
            long[] shape = a.shape();
            out.write(Opcodes.MARK);
            for (long d : shape) {
                p.save(d);
            }
            out.write(Opcodes.TUPLE);
            // dtype('f8', False, True) with state (3, '<', None, None, None, -1, -1, 0)
            out.write(Opcodes.GLOBAL);
            out.write("numpy\ndtype\n".getBytes(StandardCharsets.US_ASCII));
            writeByteString(out, new byte[]{'f', '8'});
            out.write(Opcodes.NEWFALSE);
            out.write(Opcodes.NEWTRUE);
            out.write(Opcodes.TUPLE3);
            out.write(Opcodes.REDUCE);
            out.write(Opcodes.MARK);
            p.save(3);
            writeByteString(out, new byte[]{'<'});
            out.write(Opcodes.NONE);
            out.write(Opcodes.NONE);
            out.write(Opcodes.NONE);
            p.save(-1);
            p.save(-1);
            p.save(0);
            out.write(Opcodes.TUPLE);
            out.write(Opcodes.BUILD);
            out.write(Opcodes.NEWFALSE);
            writeRaw(out, a);
            out.write(Opcodes.TUPLE);
            out.write(Opcodes.BUILD);
        }

        /** The array's C-order float64 values as one little-endian byte string, written in 1 MB chunks. */
        private static void writeRaw(OutputStream out, INDArray a) throws IOException {
            INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
            long n = c.length();
            long bytes = n * 8;
            if (bytes > Integer.MAX_VALUE) {
                throw new PickleException("array of " + bytes + " bytes is over a pickle string's 2 GiB");
            }
            writeByteStringHeader(out, (int) bytes);
            DoubleBuffer src = c.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            DoubleBuffer chunkD = chunk.asDoubleBuffer();
            int per = chunk.capacity() / 8;
            for (long i = 0; i < n; i += per) {
                int m = (int) Math.min(per, n - i);
                chunkD.clear();
                src.limit((int) (i + m)).position((int) i);
                chunkD.put(src);
                out.write(chunk.array(), 0, m * 8);
            }
        }

        private static void writeByteStringHeader(OutputStream out, int len) throws IOException {
            if (len < 256) {
                out.write(Opcodes.SHORT_BINSTRING);
                out.write(len);
            } else {
                out.write(Opcodes.BINSTRING);
                out.write(PickleUtils.integer_to_bytes(len));
            }
        }
    }
}

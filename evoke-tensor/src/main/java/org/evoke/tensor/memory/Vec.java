package org.evoke.tensor.memory;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sun.misc.Unsafe;

import java.lang.reflect.Field;

/**
 * Flat element access to a contiguous c-order ND4J array, in place: reads and writes go straight to the array's
 * native memory. The Java kernels in this package loop over these; index {@code i} is the element's position in c
 * order. Each call site sees at most two classes (float, double), which the JIT inlines.
 *
 * <p>Access is by address ({@code sun.misc.Unsafe}) because NIO direct buffers cost a bounds and liveness check
 * per element in Java 17, which made these loops several times slower than the arithmetic they do. Safety comes
 * from the checks in {@link #of}: the array must be compact and lie inside its data buffer, and every kernel
 * validates shapes before looping, so indices stay in [0, length). Tests run with assertions on, which check
 * every index.
 */
public abstract class Vec {
    private static final Unsafe U = unsafe();
    /** Runs shorter than this are copied by a loop: Unsafe's bulk calls cost ~25 ns each, a 9-element loop less. */
    private static final int BULK = 64;
    /** Where a float[]'s first element sits inside the array object. */
    private static final long HEAP_FLOATS = U.arrayBaseOffset(float[].class);

    public final int length;
    public final long address;

    Vec(long address, int length) {
        this.address = address;
        this.length = length;
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** this[at + k] = src[from + k * stride] for k in [0, n): one call per run, a tight loop inside. */
    public void copyRun(int at, Vec src, int from, int stride, int n) {
        for (int k = 0; k < n; k++) {
            set(at + k, src.get(from + k * stride));
        }
    }

    /** this[at + k * stride] += src[from + k] for k in [0, n). */
    public void addRun(int at, int stride, Vec src, int from, int n) {
        for (int k = 0; k < n; k++) {
            int i = at + k * stride;
            set(i, get(i) + src.get(from + k));
        }
    }

    /** this[at .. at + n) = 0. */
    public void zero(int at, int n) {
        assert at >= 0 && at + n <= length : at + "+" + n;
        if (n >= BULK) {
            U.setMemory(address + (long) at * elementSize(), (long) n * elementSize(), (byte) 0);
        } else {
            for (int k = 0; k < n; k++) {
                set(at + k, 0);
            }
        }
    }

    public abstract int elementSize();

    /** d[k] = max(s[k] + bias, 0) (relu) or s[k] + bias, for k in [0, n): floats at raw addresses, branch-free. */
    public static void biasRun(long s, long d, int n, float bias, boolean relu) {
        if (relu) {
            for (int k = 0; k < n; k++) {
                int b = Float.floatToRawIntBits(U.getFloat(s + 4L * k) + bias);
                U.putInt(d + 4L * k, b & ~(b >> 31));
            }
        } else {
            for (int k = 0; k < n; k++) {
                U.putFloat(d + 4L * k, U.getFloat(s + 4L * k) + bias);
            }
        }
    }

    /** d[k] += s[k] for k in [0, n): floats at raw addresses. */
    public static void addFloats(long s, long d, int n) {
        for (int k = 0; k < n; k++) {
            U.putFloat(d + 4L * k, U.getFloat(d + 4L * k) + U.getFloat(s + 4L * k));
        }
    }

    /**
     * d[k] = g[k] where y[k] &gt; 0, else +0 (ReLU's backward from its output; y null: identity, d = g), for k in
     * [0, n); returns the sum of the d[k]. Floats at raw addresses, branch-free.
     */
    public static double reluGradRun(long g, long y, long d, int n, boolean relu) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            int gb = U.getInt(g + 4L * k);
            if (relu) {
                gb &= ~((U.getInt(y + 4L * k) - 1) >> 31);
            }
            U.putInt(d + 4L * k, gb);
            sum += Float.intBitsToFloat(gb);
        }
        return sum;
    }

    /** Copies n 4-byte elements from address s to address d (non-overlapping), 8 bytes at a time. */
    public static void copy32(long s, long d, int n) {
        int k = 0;
        for (; k + 2 <= n; k += 2) {
            U.putLong(d + 4L * k, U.getLong(s + 4L * k));
        }
        if (k < n) {
            U.putInt(d + 4L * k, U.getInt(s + 4L * k));
        }
    }

    /** The float at native address {@code addr}. */
    public static float getFloat(long addr) {
        return U.getFloat(addr);
    }

    /** The double at native address {@code addr}. */
    public static double getDouble(long addr) {
        return U.getDouble(addr);
    }

    /** Stores {@code v} at native address {@code addr}. */
    public static void putDouble(long addr, double v) {
        U.putDouble(addr, v);
    }

    /** Stores {@code v} at native address {@code addr}. */
    public static void putFloat(long addr, float v) {
        U.putFloat(addr, v);
    }

    /** Copies n floats from native address {@code src} into {@code dst[at ..]} (the caller checks the range). */
    public static void toHeap(long src, float[] dst, int at, int n) {
        assert at >= 0 && at + n <= dst.length : at + "+" + n + " > " + dst.length;
        if (n >= BULK) {
            U.copyMemory(null, src, dst, HEAP_FLOATS + 4L * at, 4L * n);
            return;
        }
        long d = HEAP_FLOATS + 4L * at;
        for (int k = 0; k < n; k++) {
            U.putFloat(dst, d + 4L * k, U.getFloat(src + 4L * k));
        }
    }

    /** Copies n floats from {@code src[at ..]} to native address {@code dst}. */
    public static void fromHeap(float[] src, int at, long dst, int n) {
        assert at >= 0 && at + n <= src.length : at + "+" + n + " > " + src.length;
        if (n >= BULK) {
            U.copyMemory(src, HEAP_FLOATS + 4L * at, null, dst, 4L * n);
            return;
        }
        long s = HEAP_FLOATS + 4L * at;
        for (int k = 0; k < n; k++) {
            U.putFloat(dst + 4L * k, U.getFloat(src, s + 4L * k));
        }
    }

    public static Vec of(INDArray a, String what) {
        long address = address(a, what);
        int n = (int) a.length();
        return a.dataType() == DataType.FLOAT ? new F(address, n) : new D(address, n);
    }

    /**
     * The native address of the array's first element, for a compact c-order FLOAT or DOUBLE array of at most 2^31
     * elements (checked: a one-line error otherwise). Remembered per thread for the arrays seen last: an ND4J array's
     * {@code data().addressPointer()} makes a new pointer object on every call, which was most of the garbage of a
     * transformer's inference; the layers hand the same buffers from call to call, so the second call of a kernel on
     * an array finds its address here. Weak references: a remembered array can still be collected, and a new array is
     * never taken for an old one.
     */
    public static long address(INDArray a, String what) {
        AddressCache c = ADDRESSES.get();
        int slot = System.identityHashCode(a) & (AddressCache.SLOTS - 1);
        java.lang.ref.WeakReference<INDArray> r = c.arrays[slot];
        if (r != null && r.get() == a) {
            return c.addresses[slot];
        }
        if (!isCompact(a)) {
            throw new IllegalArgumentException(what + " must be a contiguous c-order array (no view with strides), got "
                    + a.shapeInfoToString().replace('\n', ' '));
        }
        if (a.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " has " + a.length() + " elements, over the 2^31 these kernels support");
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(what + " must be FLOAT or DOUBLE, got " + a.dataType());
        }
        long address = computeAddress(a, what);
        c.arrays[slot] = new java.lang.ref.WeakReference<>(a);
        c.addresses[slot] = address;
        return address;
    }

    private static final ThreadLocal<AddressCache> ADDRESSES = ThreadLocal.withInitial(AddressCache::new);

    /** A direct-mapped table of the last arrays seen by this thread's kernels and their addresses. */
    private static final class AddressCache {
        static final int SLOTS = 4096; // a transformer's forward touches a few hundred arrays; few share a slot
        @SuppressWarnings("unchecked")
        final java.lang.ref.WeakReference<INDArray>[] arrays = new java.lang.ref.WeakReference[SLOTS];
        final long[] addresses = new long[SLOTS];
    }

    /** The address, computed: the data buffer's pointer plus the array's offset, checked to lie inside the buffer. */
    private static long computeAddress(INDArray a, String what) {
        DataBuffer d = a.data();
        long skip = a.offset() - d.offset(); // elements between the data buffer's start and the array's first element
        if (skip < 0 || skip + a.length() > d.length()) {
            throw new IllegalStateException(what + ": array of " + a.length() + " elements at offset " + a.offset()
                    + " does not lie inside its data buffer of " + d.length());
        }
        return d.addressPointer().address() + skip * d.getElementSize();
    }

    /** True when the array's elements are exactly {@code length} consecutive values in c order. */
    public static boolean isCompact(INDArray a) {
        if (a.length() <= 1) {
            return true;
        }
        long[] shape = a.shape(), stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    public static final class F extends Vec {
        F(long address, int n) {
            super(address, n);
        }

        @Override
        public double get(int i) {
            assert i >= 0 && i < length : i;
            return U.getFloat(address + 4L * i);
        }

        @Override
        public void set(int i, double v) {
            assert i >= 0 && i < length : i;
            U.putFloat(address + 4L * i, (float) v);
        }

        @Override
        public int elementSize() {
            return 4;
        }

        /** this[i] as a float: the non-virtual accessor the float-specialised loops use. */
        public float f(int i) {
            assert i >= 0 && i < length : i;
            return U.getFloat(address + 4L * i);
        }

        /** this[i] = v. */
        public void f(int i, float v) {
            assert i >= 0 && i < length : i;
            U.putFloat(address + 4L * i, v);
        }

        @Override
        public void copyRun(int at, Vec src, int from, int stride, int n) {
            if (!(src instanceof F)) {
                super.copyRun(at, src, from, stride, n);
                return;
            }
            assert n == 0 || (at >= 0 && at + n <= length && from >= 0 && from + (n - 1) * stride < src.length);
            long d = address + 4L * at, s0 = src.address + 4L * from;
            if (stride == 1 && n >= BULK) {
                U.copyMemory(s0, d, 4L * n);
                return;
            }
            for (int k = 0; k < n; k++) {
                U.putFloat(d + 4L * k, U.getFloat(s0 + 4L * k * stride));
            }
        }

        @Override
        public void addRun(int at, int stride, Vec src, int from, int n) {
            if (!(src instanceof F)) {
                super.addRun(at, stride, src, from, n);
                return;
            }
            assert n == 0 || (at >= 0 && at + (n - 1) * stride < length && from >= 0 && from + n <= src.length);
            long d = address + 4L * at, s0 = src.address + 4L * from;
            for (int k = 0; k < n; k++) {
                long di = d + 4L * k * stride;
                U.putFloat(di, U.getFloat(di) + U.getFloat(s0 + 4L * k));
            }
        }
    }

    static final class D extends Vec {
        D(long address, int n) {
            super(address, n);
        }

        @Override
        public double get(int i) {
            assert i >= 0 && i < length : i;
            return U.getDouble(address + 8L * i);
        }

        @Override
        public void set(int i, double v) {
            assert i >= 0 && i < length : i;
            U.putDouble(address + 8L * i, v);
        }

        @Override
        public int elementSize() {
            return 8;
        }
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

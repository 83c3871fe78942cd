package org.evoke.tensor;

import org.evoke.tensor.blas.BlasCore;
import org.evoke.tensor.blas.Gemm;
import org.evoke.tensor.memory.Vec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable buffers: {@link #ensure} returns the caller's buffer when it already has the wanted shape and type, and
 * allocates a new one (counted) otherwise. Layers keep their outputs and scratch arrays in fields and pass them
 * through here on every call, so allocation happens on the first call for a batch size and never again; the
 * counter lets tests prove it.
 */
public final class Buffers {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    private static final AtomicLong ALLOCATIONS = new AtomicLong();

    private Buffers() {
    }

    /** {@code current} if it is a c-order array of {@code type} and {@code shape}; a new zeroed one otherwise. */
    public static INDArray ensure(INDArray current, DataType type, long... shape) {
        if (current != null && current.dataType() == type && sameShape(current, shape)) {
            return current;
        }
        ALLOCATIONS.incrementAndGet();
        long[] copy = new long[shape.length]; // a copy, so that the caller's varargs array never escapes: when this
        for (int i = 0; i < shape.length; i++) { // method is inlined, the JIT removes that array on the hit path
            copy[i] = shape[i];
        }
        return Nd4j.create(type, copy, 'c');
    }

    /** {@link #ensure(INDArray, DataType, long...)} for rank 1, with no shape array on the hit path. */
    public static INDArray ensure(INDArray current, DataType type, long d0) {
        if (current != null && current.dataType() == type && current.rank() == 1 && current.size(0) == d0) {
            return current;
        }
        return fresh(type, new long[] {d0});
    }

    /** Rank 2, no shape array on the hit path. */
    public static INDArray ensure(INDArray current, DataType type, long d0, long d1) {
        if (current != null && current.dataType() == type && current.rank() == 2 && current.size(0) == d0 && current.size(1) == d1) {
            return current;
        }
        return fresh(type, new long[] {d0, d1});
    }

    /** Rank 3, no shape array on the hit path. */
    public static INDArray ensure(INDArray current, DataType type, long d0, long d1, long d2) {
        if (current != null && current.dataType() == type && current.rank() == 3 && current.size(0) == d0 && current.size(1) == d1
                && current.size(2) == d2) {
            return current;
        }
        return fresh(type, new long[] {d0, d1, d2});
    }

    /** Rank 4, no shape array on the hit path. */
    public static INDArray ensure(INDArray current, DataType type, long d0, long d1, long d2, long d3) {
        if (current != null && current.dataType() == type && current.rank() == 4 && current.size(0) == d0 && current.size(1) == d1
                && current.size(2) == d2 && current.size(3) == d3) {
            return current;
        }
        return fresh(type, new long[] {d0, d1, d2, d3});
    }

    private static INDArray fresh(DataType type, long[] shape) {
        ALLOCATIONS.incrementAndGet();
        return Nd4j.create(type, shape, 'c');
    }

    /** The shape comparison as a plain loop: passing {@code shape} to Arrays.equals would let it escape. */
    private static boolean sameShape(INDArray a, long[] shape) {
        if (a.rank() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (a.size(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets every element of {@code a} to zero, in place: one memset on a contiguous CPU array (an ND4J
     * {@code assign(0)} is a native op dispatch, tens of microseconds each, which made zeroing the gradients 7% of a
     * student training step); {@code assign(0)} for views and other backends.
     */
    public static void zero(INDArray a) {
        if (Gemm.direct() && Vec.isCompact(a) && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE)) {
            Vec v = Vec.of(a, "zeroed array");
            v.zero(0, v.length);
        } else {
            a.assign(0);
        }
    }

    /** How many buffers {@link #ensure} has allocated in this JVM. */
    public static long allocations() {
        return ALLOCATIONS.get();
    }
}

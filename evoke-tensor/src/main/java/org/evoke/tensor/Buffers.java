package org.evoke.tensor;

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
        if (current != null && current.dataType() == type && Arrays.equals(current.shape(), shape)) {
            return current;
        }
        ALLOCATIONS.incrementAndGet();
        return Nd4j.create(type, shape, 'c');
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

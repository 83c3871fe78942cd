package org.evoke.tensor.memory;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The native address of the array a kernel was last given, kept while the same array object comes back: asking
 * ND4J for an address builds pointer objects (a few hundred bytes of garbage per call), and an array's memory
 * never moves, so an identity check is enough. One per operand of a kernel workspace; not thread-safe.
 */
public final class Address {
    private INDArray array;
    private long address;

    /** The address of {@code a}'s first element (FLOAT or DOUBLE, compact: checked when it is new). */
    /** As {@link #of(INDArray, String)}, the name {@code who + suffix} built only when the array is new (no string per call). */
    public long of(INDArray a, String who, String suffix) {
        return a == array ? address : of(a, who + suffix);
    }

    public long of(INDArray a, String what) {
        if (a != array) {
            if (!Vec.isCompact(a)) {
                throw new IllegalArgumentException(what + " must be a contiguous c-order array (no view with strides)");
            }
            address = Vec.address(a, what);
            array = a;
        }
        return address;
    }
}

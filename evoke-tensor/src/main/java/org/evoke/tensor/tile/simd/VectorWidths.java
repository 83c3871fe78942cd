package org.evoke.tensor.tile.simd;

import jdk.incubator.vector.FloatVector;

/**
 * What the running JIT offers the Vector API: the width of its preferred float vectors (512 on AVX-512, 256 on AVX2
 * or with {@code -XX:UseAVX=2}, 128 on NEON and SSE). {@link org.evoke.tensor.Kernels} asks it by reflection, so that
 * a runtime without {@code jdk.incubator.vector} never loads this class.
 */
public final class VectorWidths {
    private VectorWidths() {
    }

    /** {@code FloatVector.SPECIES_PREFERRED.vectorBitSize()}: the widest vectors the JIT compiles to single instructions. */
    public static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}

package org.evoke.tensor.tile;

import org.evoke.tensor.Kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * The tile implementations that the kernel sweeps run: the scalar reference, then the Vector API tiles of every
 * width the JIT compiles natively (512, 256 and 128 bits on an AVX-512 machine; 256 and 128 with -XX:UseAVX=2),
 * whichever width this JVM's layers run.
 */
public final class TileSweep {
    private TileSweep() {
    }

    /** Scalar, then each native vector width, widest first. */
    public static List<Tiles> tiles() {
        List<Tiles> t = new ArrayList<>();
        t.add(ScalarTiles.INSTANCE);
        if (Kernels.vector()) {
            for (int bits : Kernels.nativeWidths()) {
                t.add(Kernels.vectorTiles(bits));
            }
        }
        return t;
    }
}

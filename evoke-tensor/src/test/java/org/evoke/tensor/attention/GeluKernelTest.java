package org.evoke.tensor.attention;

import org.evoke.tensor.Kernels;
import org.evoke.tensor.ops.RowOps;
import org.evoke.tensor.testing.TensorAssert;
import org.evoke.tensor.tile.ScalarRowMath;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The chunked, threaded float32 GELU against the double-arithmetic reference loops of {@link RowOps}, forward and
 * backward, on lengths around the chunk size; and the kernel on this JVM's row math against the scalar one, bit
 * for bit.
 */
class GeluKernelTest {
    @Test
    void matchesTheReferenceLoopsAroundTheChunkSize() {
        Nd4j.getRandom().setSeed(3);
        for (int n : new int[] {1, 15, GeluKernel.CHUNK - 1, GeluKernel.CHUNK + 1, 3 * GeluKernel.CHUNK + 5}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, n).subi(0.5).muli(12), dy = Nd4j.rand(DataType.FLOAT, n).subi(0.5);
            INDArray want = x.ulike(), got = x.ulike().assign(Float.NaN), scalar = got.dup();
            RowOps.gelu(x, want);
            new GeluKernel().forward(x, got);
            TensorAssert.assertClose("GELU, n = " + n, want, got, 1e-6);
            new GeluKernel(ScalarRowMath.INSTANCE).forward(x, scalar);
            assertArrayEquals(scalar.data().asFloat(), got.data().asFloat(), "GELU on " + Kernels.rowMath().describe() + ", n = " + n);

            INDArray wantDx = x.ulike(), dx = x.ulike().assign(Float.NaN), scalarDx = dx.dup();
            RowOps.geluBackward(x, dy, wantDx);
            new GeluKernel().backward(x, dy, dx);
            TensorAssert.assertClose("GELU backward, n = " + n, wantDx, dx, 1e-6);
            new GeluKernel(ScalarRowMath.INSTANCE).backward(x, dy, scalarDx);
            assertArrayEquals(scalarDx.data().asFloat(), dx.data().asFloat(), "GELU backward, n = " + n);
        }
    }

    @Test
    void runsInPlace() {
        INDArray x = Nd4j.linspace(DataType.FLOAT, -5, 5, 1001), want = x.ulike();
        RowOps.gelu(x, want);
        new GeluKernel().forward(x, x);
        TensorAssert.assertClose("GELU in place", want, x, 1e-6);
    }
}

package org.evoke.tensor.blas;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.evoke.tensor.testing.TensorAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gemm against EJML, an independent pure-Java implementation, on odd shapes and every transpose combination. */
class GemmTest {
    static final int[][] MKN = {{1, 1, 1}, {1, 1296, 256}, {81, 64, 64}, {7, 3, 5}, {162, 1024, 16}, {5, 17, 1}};

    static DMatrixRMaj ejml(INDArray a) {
        return new DMatrixRMaj((int) a.size(0), (int) a.size(1), true, a.castTo(DataType.DOUBLE).dup('c').data().asDouble());
    }

    static INDArray nd(DMatrixRMaj m, DataType dt) {
        return Nd4j.create(m.getData(), new long[]{m.numRows, m.numCols}, DataType.DOUBLE).castTo(dt);
    }

    @Test
    void matchesEjmlForEveryTransposeAndAccumulates() {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] s : MKN) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], k = s[1], n = s[2];
                    INDArray a = ta ? Nd4j.rand(dt, k, m) : Nd4j.rand(dt, m, k);
                    INDArray b = tb ? Nd4j.rand(dt, n, k) : Nd4j.rand(dt, k, n);
                    INDArray c0 = Nd4j.rand(dt, m, n);
                    // reference: 0.5 * op(A) op(B) + 2 * C0, by EJML in double
                    DMatrixRMaj ea = ejml(a), eb = ejml(b), prod = new DMatrixRMaj(m, n);
                    if (ta) {
                        ea = CommonOps_DDRM.transpose(ea, null);
                    }
                    if (tb) {
                        eb = CommonOps_DDRM.transpose(eb, null);
                    }
                    CommonOps_DDRM.mult(0.5, ea, eb, prod);
                    CommonOps_DDRM.addEquals(prod, 2.0, ejml(c0));
                    INDArray c = c0.dup();
                    Gemm.gemm(a, b, c, ta, tb, 0.5, 2.0);
                    double tol = dt == DataType.FLOAT ? 1e-5 : 1e-12;
                    TensorAssert.assertClose("gemm " + m + "x" + k + "x" + n + " tA=" + ta + " tB=" + tb + " " + dt,
                            nd(prod, dt), c, tol);
                    INDArray cn = c0.dup();
                    Gemm.gemmNaive(a, b, cn, ta, tb, 0.5, 2.0);
                    TensorAssert.assertClose("gemmNaive", nd(prod, dt), cn, tol);
                }
            }
        }
    }

    /**
     * On the CPU backend gemm calls OpenBLAS directly; it must agree with ND4J's own gemm, and views with strides
     * (which the direct path does not take) must still be multiplied correctly through ND4J.
     */
    @Test
    void directBlasAgreesWithNd4jAndStridedViewsFallBack() {
        assertTrue(Gemm.direct(), "the CPU backend's BLAS should be called directly");
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.rand(dt, 33, 70), b = Nd4j.rand(dt, 19, 70), c = Nd4j.rand(dt, 33, 19);
            INDArray viaNd4j = c.dup(), direct = c.dup();
            Nd4j.gemm(a, b, viaNd4j, false, true, 1.5, 0.5);
            Gemm.gemm(a, b, direct, false, true, 1.5, 0.5);
            TensorAssert.assertClose("direct vs Nd4j.gemm " + dt, viaNd4j, direct, dt == DataType.FLOAT ? 1e-6 : 1e-13);

            INDArray at = Nd4j.rand(dt, 70, 33).transpose(), bt = Nd4j.rand(dt, 70, 19); // at: a strided (33, 70) view
            INDArray got = Nd4j.create(dt, 33, 19), ref = Nd4j.create(dt, 33, 19);
            Gemm.gemm(at, bt, got, false, false);
            Gemm.gemmNaive(at, bt, ref, false, false, 1.0, 0.0);
            TensorAssert.assertClose("strided view " + dt, ref, got, dt == DataType.FLOAT ? 1e-5 : 1e-12);
        }
    }

    @Test
    void shapeMismatchIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(
                Nd4j.create(DataType.FLOAT, 2, 3), Nd4j.create(DataType.FLOAT, 4, 5), Nd4j.create(DataType.FLOAT, 2, 5), false, false));
        assertTrue(e.getMessage().contains("gemm shape mismatch"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(
                Nd4j.create(DataType.FLOAT, 2, 3), Nd4j.create(DataType.DOUBLE, 3, 5), Nd4j.create(DataType.FLOAT, 2, 5), false, false));
        assertTrue(e.getMessage().contains("data types differ"), e.getMessage());
    }
}

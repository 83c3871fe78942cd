package org.evoke.nn;

import org.evoke.nn.layers.Conv2d;
import org.evoke.nn.models.Models;
import org.evoke.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each Maven test run of the golden checks declares which kernels it means to exercise (the system property
 * {@code evoke.test.expectedPath}: vector, blas or nd4j, and for vector runs {@code evoke.test.expectedBits}: 512,
 * 256 or 128; see the parent pom's surefire executions). This test fails when the JVM runs other kernels than the run
 * claims to check, so a green run on a path and width is a run on it.
 */
class KernelPathTest {
    @Test
    void theRunExercisesTheKernelsItClaims() {
        String expected = System.getProperty("evoke.test.expectedPath");
        if (expected == null) {
            return; // run from an IDE: nothing claimed
        }
        Model m = Models.evokeStudent(1);
        m.forward(Nd4j.rand(DataType.FLOAT, 2, 4, 9, 9));
        Conv2d conv1 = (Conv2d) m.network().layers().get(0), conv2 = (Conv2d) m.network().layers().get(2);
        switch (expected) {
            case "vector" -> {
                assertTrue(Kernels.vector(), "expected the Vector API kernels: " + Kernels.describe());
                String bits = System.getProperty("evoke.test.expectedBits");
                if (bits != null && !bits.equals("preferred")) {
                    assertEquals(Integer.parseInt(bits), Kernels.vectorBits(), "the vector width that ran: " + Kernels.describe());
                    assertTrue(Kernels.describe().contains(bits + "-bit"), Kernels.describe());
                } else {
                    assertEquals(Kernels.preferredBits(), Kernels.vectorBits(), "the JIT's preferred width: " + Kernels.describe());
                }
                assertEquals("direct", conv1.lastPath(), "conv1 (4 input channels): the direct convolution");
                assertEquals("winograd", conv2.lastPath(), "conv2 (64 input channels): Winograd's F(3x3, 4x4)");
            }
            case "blas" -> {
                assertEquals(Kernels.Path.BLAS, Kernels.path(), Kernels.describe());
                assertEquals("im2col", conv2.lastPath());
            }
            case "nd4j" -> {
                assertEquals(Kernels.Path.ND4J, Kernels.path(), Kernels.describe());
                assertEquals("nd4j", conv2.lastPath());
            }
            default -> throw new IllegalArgumentException("evoke.test.expectedPath must be vector, blas or nd4j, got " + expected);
        }
    }
}

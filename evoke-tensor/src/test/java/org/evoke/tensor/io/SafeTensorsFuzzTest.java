package org.evoke.tensor.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;

/**
 * Fuzzing the safetensors reader: any input is read or refused with one {@link SafeTensorsException} line (never an
 * ArithmeticException, an ND4J error or a huge allocation). Seeds: SafeTensorsFuzzTestInputs/.
 */
class SafeTensorsFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void parse(byte[] data) {
        try {
            SafeTensors.parse(ByteBuffer.wrap(data), "fuzz");
        } catch (SafeTensorsException e) {
            if (e.getMessage() == null || e.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + e.getMessage());
            }
        }
    }
}

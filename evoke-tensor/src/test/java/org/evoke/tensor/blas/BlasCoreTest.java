package org.evoke.tensor.blas;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The OpenBLAS kernel choice from /proc/cpuinfo text: only for Intel, from the instruction-set flags. */
class BlasCoreTest {
    static String cpuinfo(String vendor, String flags) {
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: 6\nmodel\t\t: 207\n"
                + "model name\t: Intel(R) Xeon(R) Processor\nflags\t\t: " + flags + "\n\nprocessor\t: 1\n";
    }

    @Test
    void intelWithAvx512GetsTheSkylakeXKernels() {
        assertEquals("SkylakeX", BlasCore.choose(cpuinfo("GenuineIntel",
                "fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni")));
    }

    @Test
    void intelWithAvx2OnlyGetsTheHaswellKernels() {
        assertEquals("Haswell", BlasCore.choose(cpuinfo("GenuineIntel", "fpu sse sse2 avx avx2 fma")));
        // AVX-512 F alone (no BW/DQ/VL, as on Xeon Phi) is not enough for the SkylakeX kernels
        assertEquals("Haswell", BlasCore.choose(cpuinfo("GenuineIntel", "avx avx2 fma avx512f avx512cd")));
    }

    @Test
    void otherVendorsAndOldCpusAreLeftToOpenBlas() {
        assertNull(BlasCore.choose(cpuinfo("AuthenticAMD", "avx avx2 fma avx512f avx512dq avx512bw avx512vl")));
        assertNull(BlasCore.choose(cpuinfo("GenuineIntel", "fpu sse sse2 sse4_2 avx")));
        assertNull(BlasCore.choose("processor : 0\n"));
    }

    @Test
    void describeSaysWhatWasDone() {
        String d = BlasCore.describe();
        assertFalse(d == null || d.isBlank(), "a description");
    }
}

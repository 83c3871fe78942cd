package org.evoke.tensor.blas;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.systems.global.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses OpenBLAS's kernels before ND4J loads it, where OpenBLAS's own CPU detection would choose badly.
 *
 * <p>The OpenBLAS inside ND4J 1.0.0-M2.1 (0.3.19, January 2022) picks its kernels from the CPU model number at
 * load time. On Intel CPUs newer than it knows (Sapphire Rapids, Emerald Rapids: model 143, 207) it falls back to
 * its generic "Prescott" SSE3 kernels: measured on an Emerald Rapids VM, a 1024^3 sgemm ran at 32 GFLOP/s instead
 * of 277 GFLOP/s with the AVX-512 kernels. OpenBLAS reads the environment variable {@code OPENBLAS_CORETYPE} once,
 * when the library is loaded, so it must be set in the process's environment before that.
 *
 * <p>{@link #configure()} does that, once, when all of these hold: the OS is Linux x86-64; neither
 * {@code OPENBLAS_CORETYPE} nor the system property {@code evoke.openblas.coretype} is set (the property, if set,
 * is used as the value, and {@code off} disables all of this); OpenBLAS is not loaded yet; and the CPU is Intel.
 * It then picks from the CPU's instruction-set flags: AVX-512 (F, BW, DQ, VL) gives {@code SkylakeX}, AVX2 with FMA
 * gives {@code Haswell}; otherwise nothing is set. On other vendors OpenBLAS's detection is left alone (0.3.19
 * recognises the AMD Zen families). The library's entry points ({@code Models}, {@code SafeTensors}, the command
 * line, the benchmarks) call it before they touch ND4J; a program that uses ND4J first can call it itself, or
 * export the variable.
 */
public final class BlasCore {
    /** The environment variable OpenBLAS reads at load time. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";
    private static String outcome;

    private BlasCore() {
    }

    /** Sets {@code OPENBLAS_CORETYPE} if it should (see the class comment); idempotent and never throws. */
    public static synchronized void configure() {
        if (outcome != null) {
            return;
        }
        try {
            outcome = decide();
        } catch (Throwable t) { // no libc binding on this platform, unreadable /proc: leave OpenBLAS to itself
            outcome = "not set (" + t.getClass().getSimpleName() + ")";
        }
    }

    /** What {@link #configure()} found or did, for reports: e.g. {@code "SkylakeX (chosen by evoke for ...)"}. */
    public static synchronized String describe() {
        configure();
        return outcome;
    }

    private static String decide() throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT), arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "OpenBLAS's own detection (not Linux x86-64)";
        }
        String property = System.getProperty("evoke.openblas.coretype");
        if ("off".equalsIgnoreCase(property)) {
            return "OpenBLAS's own detection (evoke.openblas.coretype=off)";
        }
        Loader.load(linux.class);
        String env = nativeGetenv(VARIABLE);
        if (env != null) {
            return env + " (" + VARIABLE + " set by the user)";
        }
        if (openBlasLoaded()) {
            return "OpenBLAS's own detection (OpenBLAS was loaded before evoke could choose)";
        }
        String core = property != null && !property.isBlank() ? property : choose(cpuInfo());
        if (core == null) {
            return "OpenBLAS's own detection";
        }
        linux.setenv(VARIABLE, core, 0);
        return core + (property != null ? " (from evoke.openblas.coretype)" : " (chosen by evoke from the CPU's flags)");
    }

    /** The kernel family for an Intel CPU from its /proc/cpuinfo text, or null to leave OpenBLAS's detection alone. */
    static String choose(String cpuinfo) {
        String vendor = field(cpuinfo, "vendor_id");
        if (!"GenuineIntel".equals(vendor)) {
            return null;
        }
        String flagLine = field(cpuinfo, "flags");
        Set<String> flags = flagLine == null ? Set.of() : Set.of(flagLine.split("\\s+"));
        if (flags.containsAll(List.of("avx512f", "avx512bw", "avx512dq", "avx512vl"))) {
            return "SkylakeX";
        }
        if (flags.containsAll(List.of("avx2", "fma"))) {
            return "Haswell";
        }
        return null;
    }

    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String cpuInfo() throws IOException {
        return Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII);
    }

    private static boolean openBlasLoaded() {
        return Loader.getLoadedLibraries().keySet().stream()
                .anyMatch(k -> k.contains("openblas") || k.contains("nd4jcpu"));
    }

    /** The process's current environment (System.getenv is a snapshot taken at JVM start). */
    private static String nativeGetenv(String name) {
        try (BytePointer n = new BytePointer(name)) {
            BytePointer v = linux.getenv(n);
            return v == null || v.isNull() ? null : v.getString();
        }
    }
}

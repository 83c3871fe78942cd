package org.evoke.tensor;

import org.evoke.tensor.blas.BlasCore;
import org.evoke.tensor.blas.Gemm;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Properties;
import java.util.TreeMap;

/** What ND4J is running on: backend, BLAS, threads, CPU features. Printed in reports and benchmark headers. */
public final class Backend {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    private Backend() {
    }

    /** One line: the layers' kernels, backend, BLAS vendor, OpenMP threads, cores, Java version. */
    public static String describe() {
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        return String.format("evoke kernels: %s; ND4J %s backend, BLAS %s (kernels: %s%s), %s threads, %d cores, Java %s",
                Kernels.describe(),
                Nd4j.getBackend().getClass().getSimpleName().replace("Backend", ""),
                p.getOrDefault("blas.vendor", "?"), BlasCore.describe(), Gemm.direct() ? ", called directly" : "",
                p.getOrDefault("omp.threads", "?"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    /** Every property ND4J reports about its environment, sorted. */
    public static TreeMap<String, String> properties() {
        TreeMap<String, String> m = new TreeMap<>();
        Nd4j.getExecutioner().getEnvironmentInformation().forEach((k, v) -> m.put(k.toString(), String.valueOf(v)));
        return m;
    }
}

package org.evoke.bench;

import org.evoke.tensor.Backend;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a measurement ran on: CPU model, cores, load, ND4J backend and threads, Java. */
public final class Machine {
    private Machine() {
    }

    /** The CPU model from /proc/cpuinfo, or the OS architecture where there is none. */
    public static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(info)) {
                Optional<String> line = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst();
                if (line.isPresent()) {
                    return line.get().substring(line.get().indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown CPU (" + info + " unreadable: " + e.getMessage() + ")";
        }
        return "unknown CPU model, " + System.getProperty("os.arch");
    }

    /** The one-minute load average, or -1 where the OS does not report it. */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One line: CPU, logical cores, load average, the ND4J backend line, ONNX Runtime's threads. */
    public static String describe() {
        return String.format("%s, %d logical cores, load average %.2f; %s; ONNX Runtime %d intra-op threads",
                cpuModel(), Runtime.getRuntime().availableProcessors(), loadAverage(), Backend.describe(), Engines.ORT_THREADS);
    }
}

package org.evoke.tensor.testing;

import org.evoke.tensor.io.SafeTensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the reference files in {@code shared/golden} beside the repository root. Maven passes the folder as the
 * system property {@code evoke.golden} (set in the parent pom from {@code maven.multiModuleProjectDirectory});
 * run from an IDE, the folder is searched for upward from the working directory.
 */
public final class Golden {
    private Golden() {
    }

    /** The golden folder; fails the test with a clear message when it cannot be found. */
    public static Path dir() {
        String prop = System.getProperty("evoke.golden");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/golden").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            candidate = p.resolve("shared/golden");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("golden folder not found: set -Devoke.golden=<repo>/../shared/golden "
                + "(it lives in shared/golden beside the repository root)");
    }

    /** The path of one golden file. */
    public static Path path(String file) {
        Path p = dir().resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("golden file missing: " + p);
        }
        return p;
    }

    /** Reads one golden safetensors file. */
    public static SafeTensors.Contents load(String file) {
        return SafeTensors.read(path(file));
    }
}

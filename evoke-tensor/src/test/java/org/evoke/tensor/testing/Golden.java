package org.evoke.tensor.testing;

import org.evoke.tensor.io.SafeTensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the reference answers in {@code testdata/golden} at the repository root (made by
 * {@code tools/golden/make_golden.py}; {@code tools/golden/README.md} lists them). Maven passes the folder as the
 * system property {@code evoke.golden} (set in the parent pom from {@code maven.multiModuleProjectDirectory});
 * run from an IDE, the folder is searched for upward from the working directory.
 */
public final class Golden {
    private static final String FOLDER = "testdata/golden";

    private Golden() {
    }

    /** The golden folder; fails the test with a clear message when it cannot be found. */
    public static Path dir() {
        String prop = System.getProperty("evoke.golden");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve(FOLDER);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("golden folder not found: " + FOLDER + " at the repository root, or "
                + "-Devoke.golden=<folder>" + (prop == null ? "" : " (evoke.golden=" + prop + " is not a folder)"));
    }

    /** The path of one golden file. */
    public static Path path(String file) {
        Path p = dir().resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("golden file missing: " + p + " (tools/golden/make_golden.py makes it)");
        }
        return p;
    }

    /** Reads one golden safetensors file. */
    public static SafeTensors.Contents load(String file) {
        return SafeTensors.read(path(file));
    }
}

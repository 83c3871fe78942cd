package org.evoke.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository's root and its files, for the tests of this package. */
final class Repository {
    private Repository() {
    }

    /** The root: the folder with .ci/run and the parent pom, above the working directory (Maven's is the module). */
    static Path root() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(".ci/run")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root (a folder with .ci/run and pom.xml) not found above "
                + Paths.get("").toAbsolutePath());
    }

    /** Every file and folder of the repository as a '/'-separated path from the root, build output left out. */
    static List<String> paths(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !excluded(root.relativize(p)))
                    .map(p -> root.relativize(p).toString().replace('\\', '/') + (Files.isDirectory(p) ? "/" : ""))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean excluded(Path rel) {
        for (Path part : rel) {
            String n = part.toString();
            if (n.equals("target") || n.equals(".git") || n.equals("node_modules") || n.equals("runs")
                    || n.equals(".evoke-cache")) {
                return true;
            }
        }
        return false;
    }
}

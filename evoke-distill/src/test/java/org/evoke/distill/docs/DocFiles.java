package org.evoke.distill.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds {@code docs/distillation.md} by walking up from the working directory (Maven runs tests in the module). */
final class DocFiles {
    private DocFiles() {
    }

    static Path repositoryRoot() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/distillation.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("docs/distillation.md not found in " + Paths.get("").toAbsolutePath()
                + " or any parent folder");
    }

    static Path distillationDoc() {
        return repositoryRoot().resolve("docs/distillation.md");
    }
}

package org.evoke.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A report directory that appears whole or not at all. Files are written into a hidden sibling
 * {@code .<name>.partial}; {@link #commit()} renames it to its final name. If the run fails, or the JVM is stopped
 * (Ctrl-C) before the commit, the partial directory is deleted (by {@link #abandon()} or a shutdown hook), so a
 * {@code runs/} folder only ever holds finished reports.
 */
final class ReportDirectory implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final Thread hook;
    private volatile boolean committed;

    private ReportDirectory(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
        this.hook = new Thread(this::deletePartial, "evoke-report-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a report at {@code target}, which must not exist yet (or be an empty directory).
     *
     * @throws UserException when {@code target} exists and holds files, or cannot be created
     */
    static ReportDirectory create(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw new UserException("--out " + target + " is a file; give a directory that does not exist yet");
            }
            try (Stream<Path> s = Files.list(abs)) {
                if (s.findAny().isPresent()) {
                    throw new UserException("--out " + target + " already holds files; give a new directory (reports are never overwritten)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + target, e);
            }
        }
        Path parent = abs.getParent();
        Path partial = parent.resolve("." + abs.getFileName() + ".partial");
        try {
            Files.createDirectories(parent);
            deleteTree(partial); // left by a run killed with SIGKILL, which runs no hooks
            Files.createDirectories(partial);
        } catch (IOException e) {
            throw new UserException("cannot create the report directory " + partial + ": " + e.getMessage());
        }
        return new ReportDirectory(abs, partial);
    }

    /** Where to write file {@code name} (relative, may contain folders, which are created). */
    Path file(String name) {
        Path f = partial.resolve(name);
        try {
            Files.createDirectories(f.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + f.getParent(), e);
        }
        return f;
    }

    /** The directory's final name. */
    Path target() {
        return target;
    }

    /** The directory files are written into until the commit. */
    Path partial() {
        return partial;
    }

    /** Renames the partial directory to its final name; the report is complete. */
    Path commit() {
        try {
            if (Files.isDirectory(target)) {
                Files.delete(target); // checked empty in create()
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UserException(target + " appeared while the run was writing its report; the report is in " + partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename " + partial + " to " + target, e);
        }
        committed = true;
        removeHook();
        return target;
    }

    /** Deletes the partial directory (a failed run leaves nothing behind). */
    void abandon() {
        deletePartial();
        removeHook();
    }

    @Override
    public void close() {
        if (!committed) {
            abandon();
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }

    private void deletePartial() {
        if (!committed) {
            try {
                deleteTree(partial);
            } catch (IOException e) {
                System.err.println("evoke: could not delete the unfinished report " + partial + ": " + e.getMessage());
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

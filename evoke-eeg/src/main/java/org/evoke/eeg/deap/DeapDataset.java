package org.evoke.eeg.deap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A directory of DEAP subjects ({@code s01.dat}, {@code s02.dat}, ... or {@code .mat}), listed once and read one
 * subject at a time: the dataset holds file names, never the raw data of more than the subject being read.
 *
 * <p>Which files: every regular file ending in {@code .dat} or {@code .mat} (any case), sorted by name with numbers
 * compared by value ({@code s2} before {@code s10}). The subject id is the file name without extension. Two files
 * with the same id (for example {@code s01.dat} and {@code s01.mat}) are an error: the dataset would be ambiguous.
 * Each file is still read by content ({@link DeapReader}), whatever its extension.
 */
public final class DeapDataset implements Iterable<DeapSubject> {
    private final Path dir;
    private final List<Path> files;
    private final List<String> ids;

    private DeapDataset(Path dir, List<Path> files) {
        this.dir = dir;
        this.files = List.copyOf(files);
        List<String> ids = new ArrayList<>();
        for (Path f : files) {
            ids.add(DeapReader.idOf(f));
        }
        this.ids = List.copyOf(ids);
    }

    /** Lists the subjects in {@code dir}; a clear error when it is missing, not a directory, or holds none. */
    public static DeapDataset open(Path dir) {
        if (!Files.exists(dir)) {
            throw new DeapFormatException(dir + ": no such directory (expected a folder of DEAP subjects s01.dat ..."
                    + " or s01.mat ...)");
        }
        if (!Files.isDirectory(dir)) {
            throw new DeapFormatException(dir + ": not a directory (expected a folder of DEAP subjects s01.dat ..."
                    + " or s01.mat ...)");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(DeapDataset::isSubjectFile).forEach(files::add);
        } catch (IOException e) {
            throw new DeapFormatException(dir + ": cannot list directory: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new DeapFormatException(dir + ": no DEAP subjects (no *.dat or *.mat files); expected s01.dat ..."
                    + " from data_preprocessed_python or s01.mat ... from data_preprocessed_matlab");
        }
        files.sort(Comparator.comparing((Path p) -> p.getFileName().toString(), DeapDataset::natural));
        Map<String, Path> seen = new HashMap<>();
        for (Path f : files) {
            Path other = seen.put(DeapReader.idOf(f), f);
            if (other != null) {
                throw new DeapFormatException(dir + ": subject " + DeapReader.idOf(f) + " appears twice ("
                        + other.getFileName() + " and " + f.getFileName() + "); keep one format per subject");
            }
        }
        return new DeapDataset(dir, files);
    }

    /** A dataset of exactly these files, in this order. */
    public static DeapDataset of(List<Path> files) {
        if (files.isEmpty()) {
            throw new DeapFormatException("empty list of DEAP subject files");
        }
        Path parent = files.get(0).toAbsolutePath().getParent();
        return new DeapDataset(parent, files);
    }

    private static boolean isSubjectFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && (n.endsWith(".dat") || n.endsWith(".mat"));
    }

    /** Compares names with digit runs compared as numbers: s2 < s10. */
    static int natural(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i), cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(a.length() - i, b.length() - j);
        return c != 0 ? c : a.compareTo(b);
    }

    public Path directory() {
        return dir;
    }

    /** Number of subjects. */
    public int size() {
        return files.size();
    }

    /** The subject files, sorted. */
    public List<Path> files() {
        return files;
    }

    /** The subject ids, in the order of {@link #files()}. */
    public List<String> subjectIds() {
        return ids;
    }

    /** Reads subject {@code i} from disk (each call reads it again). */
    public DeapSubject read(int i) {
        return DeapReader.read(files.get(i), ids.get(i));
    }

    /** Reads the subjects one by one; each is read when {@code next()} asks for it. */
    @Override
    public Iterator<DeapSubject> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < files.size();
            }

            @Override
            public DeapSubject next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return read(next++);
            }
        };
    }

    @Override
    public String toString() {
        return "DeapDataset[" + dir + ", " + files.size() + " subjects: " + String.join(", ",
                ids.size() <= 6 ? ids : Collections.unmodifiableList(ids.subList(0, 6))) + (ids.size() > 6 ? ", ..." : "") + "]";
    }
}

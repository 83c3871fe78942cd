package org.evoke.repository;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docs that do not rot: in README.md, CONTRIBUTING.md, docs/ and tools/, every relative link (and its #heading) resolves, and every
 * repository path written in code quotes exists: a full path ({@code tools/golden/make_golden.py}), one abbreviated
 * with "..." ({@code evoke-nn/.../nn/models/Models.java}, {@code .../eeg/labels/}), or a bare {@code Name.java}.
 * Paths that only exist at run time ({@code runs/}, {@code target/}, {@code .evoke-cache/}), absolute paths and
 * patterns with placeholders ({@code <time>}, {@code *}) are not checked.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$", Pattern.MULTILINE);
    private static final Pattern PATHLIKE = Pattern.compile("[A-Za-z0-9_./-]+");
    private static final Pattern BARE_JAVA = Pattern.compile("[A-Z][A-Za-z0-9_]*\\.java");

    @Test
    void everyRelativeLinkAndRepositoryPathInTheDocsExists() throws IOException {
        Path root = Repository.root();
        Checker checker = new Checker(root, Repository.paths(root));
        List<String> problems = new ArrayList<>();
        for (Path doc : docs(root)) {
            problems.addAll(checker.check(root.relativize(doc).toString().replace('\\', '/'), Files.readString(doc)));
        }
        assertTrue(problems.isEmpty(), problems.size() + " broken paths or links:\n" + String.join("\n", problems));
    }

    @Test
    void theCheckFindsBrokenPathsLinksAndHeadings() {
        Path root = Repository.root();
        Checker checker = new Checker(root, Repository.paths(root));
        String text = "# Title\n"
                + "[ok](docs/design.md) [ok too](docs/design.md#4-the-distillation-math) [self](#title)\n"
                + "`tools/golden/make_golden.py` `evoke-nn/.../nn/models/Models.java` `.../eeg/labels/` `Golden.java`\n"
                + "`runs/<time>/report.md` `lo/nyq` `/usr/lib/jvm` `benchmarks/target/benchmarks.jar`\n"
                + "[gone](docs/no-such-page.md) [bad heading](docs/design.md#no-such-heading) [no anchor](#nope)\n"
                + "`tools/golden/no_such_script.py` `evoke-nn/.../nn/models/Gone.java` `NoSuchClass.java`\n"
                + "`evoke-tensor/.../tensor/tile/simd` `tile/simd/VectorTiles512.java` `simd/NoSuchTiles.java`\n";
        List<String> problems = checker.check("README.md", text);
        assertEquals(7, problems.size(), String.join("\n", problems));
        for (String broken : List.of("docs/no-such-page.md", "#no-such-heading", "#nope", "no_such_script.py",
                "Gone.java", "NoSuchClass.java", "NoSuchTiles.java")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(broken)), broken + " not reported: " + problems);
        }
        assertTrue(problems.get(0).startsWith("README.md:5: "), problems.get(0));
    }

    private static List<Path> docs(Path root) throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        docs.add(root.resolve("CONTRIBUTING.md"));
        for (String dir : List.of("docs", "tools")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                docs.addAll(s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
            }
        }
        return docs;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        String plain = heading.replaceAll("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        StringBuilder sb = new StringBuilder();
        for (char c : plain.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                sb.append(c);
            } else if (c == ' ') {
                sb.append('-');
            }
        }
        return sb.toString();
    }

    /** The checks on one document's text. */
    static final class Checker {
        private final Path root;
        private final List<String> paths;
        private final Set<String> pathSet;
        private final Set<String> topLevel = new HashSet<>();

        Checker(Path root, List<String> paths) {
            this.root = root;
            this.paths = paths;
            this.pathSet = new HashSet<>(paths);
            for (String p : paths) {
                int slash = p.indexOf('/');
                topLevel.add(slash < 0 ? p : p.substring(0, slash));
            }
        }

        List<String> check(String doc, String text) {
            List<String> problems = new ArrayList<>();
            Path dir = root.resolve(doc).getParent();
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                String where = doc + ":" + line(text, m.start()) + ": ";
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? root.resolve(doc) : dir.resolve(file).normalize();
                if (!resolved.startsWith(root) || !Files.exists(resolved)) {
                    problems.add(where + "link to " + target + ": no such file");
                } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved, doc, text)
                        .contains(anchor)) {
                    problems.add(where + "link to " + target + ": no heading #" + anchor);
                }
            }
            Matcher c = CODE.matcher(text);
            while (c.find()) {
                String token = c.group(1).trim();
                String problem = checkPath(token);
                if (problem != null) {
                    problems.add(doc + ":" + line(text, c.start()) + ": `" + token + "`: " + problem);
                }
            }
            problems.sort((a, b) -> Integer.compare(lineOf(a), lineOf(b)));
            return problems;
        }

        private static int lineOf(String problem) {
            String[] parts = problem.split(":", 3);
            return Integer.parseInt(parts[1]);
        }

        private Set<String> anchors(Path file, String doc, String text) {
            String content;
            try {
                content = file.equals(root.resolve(doc)) ? text : Files.readString(file);
            } catch (IOException e) {
                return Set.of();
            }
            Set<String> anchors = new HashSet<>();
            Matcher h = HEADING.matcher(content.replaceAll("(?ms)^```.*?^```", ""));
            while (h.find()) {
                String s = slug(h.group(1));
                String unique = s;
                for (int i = 1; !anchors.add(unique); i++) {
                    unique = s + "-" + i;
                }
            }
            return anchors;
        }

        /** Null when the token is not a repository path or names one that exists; else what is wrong. */
        private String checkPath(String token) {
            if (BARE_JAVA.matcher(token).matches()) {
                return paths.stream().anyMatch(p -> p.endsWith("/" + token)) ? null : "no such file in the repository";
            }
            if (!PATHLIKE.matcher(token).matches() || !token.contains("/") || token.startsWith("/")
                    || token.contains("target/") || token.startsWith("runs/") || token.startsWith(".evoke-cache")) {
                return null;
            }
            if (token.contains("...")) {
                int at = token.indexOf("...");
                String prefix = token.substring(0, at);
                String suffix = token.substring(at + 3);
                if (!suffix.startsWith("/") || suffix.length() < 2) {
                    return null;
                }
                boolean found = paths.stream().anyMatch(p -> p.startsWith(prefix)
                        && (p.endsWith(suffix) || p.endsWith(suffix + "/"))
                        && p.length() >= prefix.length() + suffix.length());
                return found ? null : "no such path in the repository";
            }
            String first = token.substring(0, token.indexOf('/'));
            if (!topLevel.contains(first) && !topLevel.contains(first + "/")) {
                if (token.endsWith(".java")) { // the tail of a source path: simd/VectorTiles.java
                    return paths.stream().anyMatch(p -> p.endsWith("/" + token)) ? null
                            : "no such file in the repository";
                }
                return null; // not a repository path (lo/nyq, b/a, ...)
            }
            return pathSet.contains(token) || pathSet.contains(token + "/") || Files.exists(root.resolve(token))
                    ? null : "no such path in the repository";
        }

        private static int line(String text, int offset) {
            int n = 1;
            for (int i = 0; i < offset; i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }
    }
}

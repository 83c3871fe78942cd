package org.evoke.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evoke.distill.train.Evaluation;
import org.evoke.distill.train.TrainingData;
import org.evoke.eeg.cache.FeatureSet;
import org.evoke.eeg.split.Fold;
import org.evoke.eeg.split.SplitProtocol;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.evoke.tensor.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code evoke run} end to end on a tiny configuration (2 synthetic subjects x 3 trials, the three split protocols
 * with 2 folds each, 2 epochs at most, 2 student seeds), its
 * report, its reproducibility, its bad-input cases and an interrupted run.
 */
class RunCommandTest {
    @TempDir
    static Path tmp;
    static Path cache;
    static Path report;
    static Cli first;

    static final String[] TINY = {"--subjects", "2", "--trials", "3", "--folds", "2", "--epochs-teacher", "2",
            "--epochs-student", "2", "--threads", "2"};

    static String[] run(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("run"));
        a.addAll(List.of(TINY));
        a.addAll(List.of("--cache", cache.toString(), "--out", out.toString()));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @BeforeAll
    static void tinyRun() {
        cache = tmp.resolve("cache");
        report = tmp.resolve("runs").resolve("first");
        first = Cli.run(run(report, "--table-ms", "20"));
        assertEquals(0, first.exit(), first.err() + first.out());
    }

    @Test
    void theDefaultRunOnATinyConfigurationWritesEveryPartOfTheReport() throws Exception {
        String md = Files.readString(report.resolve("report.md"));
        for (String part : List.of("## What ran", "synthetic DEAP", "Generator difficulty: effect=", "2-fold over windows",
                "2-fold over trials", "leave-one-subject-out (2 folds)", "## Results on held-out windows, protocols side by side",
                "the paper's \"accuracy\"", "| window 2-fold | teacher (CCNN) |", "| trial 2-fold | student, distilled |",
                "| leave-one-subject-out (2) | student, from scratch |", "| window 2-fold | majority-class baseline |",
                "### Paired comparisons", "student, distilled - student, from scratch", "distilled minus scratch, mean_accuracy:",
                "Early stopping: 0.2 of each fold's training trials", "trained 2 times from different initial weights",
                "Not comparable with ours", "61.11 %", "## Window-level 2-fold (the paper's protocol; optimistic)",
                "## Leave-one-subject-out (2 subjects)", "Epochs per fold (kept / run",
                "Majority-class baseline", "Table I: measured here next to the paper", "| EVOKE, paper (RTX A6000) |",
                "## Emotion timeline of one trial", "EmotionRecognizer", "Learning and validation curves", "## Avatars")) {
            assertTrue(md.contains(part), "report.md lacks '" + part + "'");
        }
        for (String f : List.of("results.json", "timeline.csv", "plots/window/learning-curves-fold-0.png", "plots/subject/learning-curves-fold-1.png",
                "plots/emotion-timeline.png", "weights/window/fold-0-teacher.safetensors", "weights/window/fold-0-distilled.safetensors",
                "weights/window/fold-0-scratch.safetensors", "weights/window/fold-1-distilled.safetensors",
                "weights/trial/fold-0-teacher.safetensors", "weights/subject/fold-1-distilled.safetensors")) {
            assertTrue(Files.isRegularFile(report.resolve(f)), "missing " + f);
        }
        // every emotion's picture and its ARKit/FACS preset, next to each other
        for (String emotion : org.evoke.eeg.avatar.ExpressionLibrary.defaultLibrary().all().keySet()) {
            assertTrue(Files.isRegularFile(report.resolve("avatars/" + emotion + ".svg")), emotion + ".svg");
            JsonNode preset = new ObjectMapper().readTree(report.resolve("avatars/" + emotion + ".json").toFile());
            assertEquals(emotion, preset.get("name").asText());
            assertEquals(52, preset.get("blendshapes").size(), emotion);
        }
        JsonNode json = new ObjectMapper().readTree(report.resolve("results.json").toFile());
        assertEquals(3, json.get("protocols").size());
        for (JsonNode p : json.get("protocols")) {
            JsonNode c = p.get("comparison");
            assertEquals(2, c.get("seeds").asInt());
            assertEquals(6, c.get("paired").size(), "3 pairs x 2 metrics");
            assertEquals(4, c.get("paired").get(0).get("n").asInt(), "2 folds x 2 seeds");
            assertEquals(2, p.get("majorityBaselinePerFold").size());
            for (JsonNode fold : c.get("folds")) {
                assertEquals(5, fold.get("runs").size(), "teacher + 2 x (distilled, scratch)");
                JsonNode teacher = fold.get("runs").get(0).get("training");
                int val = teacher.get("validationRows").asInt();
                assertTrue(val > 0, "a validation part");
                if (!p.get("protocol").asText().equals("window")) { // a window split leaves a trial's other windows in the test part
                    assertEquals(0, val % 60, "validation holds out whole trials of 60 windows");
                }
            }
        }
        for (String png : List.of("plots/window/learning-curves-fold-0.png", "plots/emotion-timeline.png")) {
            byte[] b = Files.readAllBytes(report.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png + " is not a PNG");
        }
        try (Stream<Path> avatars = Files.list(report.resolve("avatars"))) {
            List<Path> svgs = avatars.filter(f -> f.toString().endsWith(".svg")).toList();
            assertFalse(svgs.isEmpty(), "no avatar pictures");
            for (Path svg : svgs) {
                String text = Files.readString(svg);
                assertTrue(text.startsWith("<svg") || text.startsWith("<?xml"), svg + " is not SVG");
                assertTrue(md.contains("avatars/" + svg.getFileName()), "report does not show " + svg.getFileName());
            }
        }
        // the timeline streams every window of the trial: 60 one-second windows after the 3 s baseline
        assertEquals(61, Files.readAllLines(report.resolve("timeline.csv")).size());
        // the report is complete and alone: no partial directory, no checkpoints left in the cache
        try (Stream<Path> s = Files.list(report.getParent())) {
            assertEquals(List.of(report), s.toList());
        }
        try (Stream<Path> s = Files.walk(cache.resolve("checkpoints"))) {
            assertTrue(s.noneMatch(Files::isRegularFile), "checkpoints of a finished run are removed");
        }
        assertTrue(first.out().contains("report: " + report.toAbsolutePath()), first.out());
    }

    @Test
    void theSavedDistilledStudentReproducesTheReportedHeldOutMetrics() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report.resolve("results.json").toFile());
        JsonNode fold0 = json.get("protocols").get(0).get("comparison").get("folds").get(0);
        assertEquals(0, fold0.get("fold").asInt());
        JsonNode distilled = null;
        for (JsonNode r : fold0.get("runs")) {
            if (r.get("role").asText().equals("distilled") && r.get("replicate").asInt() == 0) { // the saved replicate
                distilled = r;
            }
        }
        assertNotNull(distilled);
        double reported = distilled.get("test").get("metrics").get("mean_accuracy").asDouble();

        // rebuild the features with the features command from the cached synthetic subject, and fold 0 of the split
        Path features = tmp.resolve("features.safetensors");
        Path synth;
        try (Stream<Path> dirs = Files.list(cache.resolve("synthetic"))) {
            synth = dirs.filter(d -> d.getFileName().toString().startsWith("seed-2024-trials-3-")).findFirst().orElseThrow();
        }
        Cli f = Cli.run("features", "--data", synth.toString(), "--out", features.toString(), "--cache", cache.toString());
        assertEquals(0, f.exit(), f.err());
        FeatureSet set = FeatureSet.load(features);
        assertEquals(json.get("dataHash").asText(), set.dataHash(), "the run and the features command see the same data");
        Fold fold = SplitProtocol.WINDOW.folds(2, set.subject(), set.trial(), 2024).get(0);

        Model m = Models.evokeStudent(0);
        m.load(report.resolve("weights/window/fold-0-distilled.safetensors"));
        double recomputed = Evaluation.of(m, TrainingData.of(set), fold.test(), 32).metrics().get("mean_accuracy");
        assertEquals(reported, recomputed, 1e-12);
        SafeTensors.Contents w = SafeTensors.read(report.resolve("weights/window/fold-0-distilled.safetensors"));
        assertEquals("distilled", w.metadata().get("role"));
        assertEquals("window", w.metadata().get("split"));
        assertEquals(set.dataHash(), w.metadata().get("data_hash"));
    }

    @Test
    void theSameSeedGivesTheSameResultsAndTheCacheIsReused() throws Exception {
        Path again = tmp.resolve("runs-again").resolve("again");
        Cli c = Cli.run(run(again, "--no-table"));
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("from the cache") && c.out().contains("(2 from cache)"), c.out());
        ObjectMapper om = new ObjectMapper();
        for (int p = 0; p < 3; p++) {
            JsonNode a = om.readTree(report.resolve("results.json").toFile()).get("protocols").get(p).get("comparison");
            JsonNode b = om.readTree(again.resolve("results.json").toFile()).get("protocols").get(p).get("comparison");
            assertEquals(a.get("summary"), b.get("summary"));
            assertEquals(a.get("paired"), b.get("paired"));
        }
        assertTrue(Files.readString(again.resolve("report.md")).contains("Not measured in this run (`--no-table`)"));
    }

    @Test
    void theSweepWritesTheFigureFourTableAndPlotsOnATrialLevelSplit() throws Exception {
        Path out = tmp.resolve("runs-sweep").resolve("sweep");
        Cli c = Cli.run(run(out, "--sweep", "--split", "trial", "--no-table"));
        assertEquals(0, c.exit(), c.err());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Temperature and alpha (the paper's Fig. 4)") && md.contains("2-fold over trials"), md);
        int from = md.indexOf("## Temperature and alpha");
        String sweep = md.substring(from, md.indexOf("## Table I", from));
        assertEquals(9, sweep.lines().filter(l -> l.matches("\\| [0-9.]+ \\| [0-9.]+ \\| .*")).count(), "nine (T, alpha) rows");
        for (String p : List.of("accuracy-vs-T.png", "f1-vs-T.png", "accuracy-vs-alpha.png", "f1-vs-alpha.png")) {
            assertTrue(Files.isRegularFile(out.resolve("plots").resolve(p)), p);
        }
        assertEquals(9, new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("sweep").get("points").size());
        assertTrue(md.contains("the whole trial was held out"), "a trial-level split holds out the timeline's whole trial");
        assertTrue(md.contains("95 % interval"), "the sweep's error bars are intervals");
        try (Stream<Path> w = Files.list(out.resolve("weights").resolve("trial"))) {
            assertEquals(4, w.count(), "fold 0's three models and fold 1's distilled student, no sweep weights");
        }
    }

    /** --spark local[2]: the same report numbers as the run without Spark, and the same weights kept. */
    @Test
    void anEmbeddedSparkGivesTheNumbersOfTheRunWithout() throws Exception {
        Path plain = tmp.resolve("runs-spark").resolve("plain"), spark = tmp.resolve("runs-spark").resolve("spark");
        Cli a = Cli.run(run(plain, "--split", "trial", "--seeds", "1", "--no-table"));
        Cli b = Cli.run(run(spark, "--split", "trial", "--seeds", "1", "--no-table", "--spark", "local[2]"));
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("spark      stage 2: 4 student and model runs"), b.out());
        var ja = new ObjectMapper().readTree(plain.resolve("results.json").toFile()).get("protocols");
        var jb = new ObjectMapper().readTree(spark.resolve("results.json").toFile()).get("protocols");
        assertEquals(ja.get(0).get("comparison").get("summary"), jb.get(0).get("comparison").get("summary"));
        assertEquals(ja.get(0).get("comparison").get("paired"), jb.get(0).get("comparison").get("paired"));
        try (Stream<Path> w = Files.list(spark.resolve("weights").resolve("trial"))) {
            assertEquals(4, w.count(), "fold 0's three models and fold 1's distilled student, sent back by the executors");
        }
    }

    @Test
    void tableOneModelsOnDeAndPsdFillBothHalvesOfTheResultsTable() throws Exception {
        Path out = tmp.resolve("runs-models").resolve("models");
        Cli c = Cli.run(run(out, "--models", "ccnn,student,arjunvit", "--feature", "de,psd", "--split", "trial", "--seeds", "1",
                "--no-table"));
        assertEquals(0, c.exit(), c.err());
        String md = Files.readString(out.resolve("report.md"));
        String table = md.substring(md.indexOf("## Table I, results half"), md.indexOf("## DE: Trial-level"));
        assertTrue(table.contains("| DE F1 | DE accuracy (%) | PSD F1 | PSD accuracy (%) | paper DE F1"), table);
        // every model has numbers in both feature columns, and the paper's beside them
        for (String row : List.of("| trial 2-fold | Arjun ViT | ", "| trial 2-fold | CCNN (teacher) | ", "| trial 2-fold | EVOKE student, distilled | ")) {
            String line = table.lines().filter(l -> l.startsWith(row)).findFirst().orElseThrow(() -> new AssertionError(row + " in " + table));
            assertTrue(line.matches("\\| [^|]+ \\| [^|]+ \\|( [0-9.]+ \\|){4}.*"), line);
        }
        assertTrue(table.contains("| trial 2-fold | Arjun ViT | ") && table.contains("0.65 | 62.24 | 0.77 | 77.78 |"), "the paper's Arjun ViT row");
        assertTrue(md.contains("## PSD: Trial-level 2-fold"), "a section per feature and split");
        var json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(2, json.get("protocols").size());
        assertEquals("PSD", json.get("protocols").get(1).get("feature").asText());
        assertTrue(json.get("protocols").get(1).get("comparison").get("summary").has("arjunvit"));
        // the weights of each feature apart; Arjun ViT's names the network predict must build
        Path arjun = out.resolve("weights").resolve("psd").resolve("trial").resolve("fold-0-arjunvit.safetensors");
        assertEquals("arjunvit-bands", org.evoke.tensor.io.SafeTensors.read(arjun).metadata().get("model"));
    }

    @Test
    void badOptionsEndInOneLineAndLeaveNoReport() throws Exception {
        Path out = tmp.resolve("bad").resolve("never");
        String[][] userErrors = {
                {"--split", "bogus"}, {"--folds", "1"}, {"--alpha", "2"}, {"--temperature", "0"}, {"--subjects", "0"},
                {"--epochs-teacher", "0"}, {"--feature", "xyz"}, {"--preset", "nope"}, {"--lr", "-1"}, {"--threads", "0"},
                {"--data", tmp.resolve("missing").toString()}, {"--split", "subject", "--subjects", "1"}, {"--seeds", "0"},
                {"--validation", "1"}, {"--patience", "-1"}, {"--knob", "loudness=3"}, {"--knob", "effect=-1"},
                {"--split", "trial", "--subjects", "1", "--trials", "2", "--folds", "2"}, {"--models", "resnet"},
                {"--feature", "raw", "--models", "ccnn,student"}, {"--sweep", "--models", "student,vit"}, {"--spark", "nowhere"},
                {"--spark", "local[2]", "--spark-conf", "executor.memory=4g"}, {"--spark", "local[2]", "--spark-task-threads", "0"}};
        String[] expected = {"--split must be window, trial or subject", "--folds must be at least 2", "--alpha must be in [0, 1]",
                "--temperature must be", "--subjects must be at least 1", "--epochs-teacher must be at least 1", "--feature must be de, psd or raw",
                "nope", "--lr must be", "--threads must be at least 1", "not a directory", "at least 2 subjects", "--seeds must be at least 1",
                "--validation must be a fraction in [0, 1)", "--patience must be at least 0", "unknown difficulty knob 'loudness'",
                "effect = -1.0: expected a finite number >= 0", "trains on 1 trial", "unknown model 'resnet'; expected one of ccnn, student, arjunvit, vit",
                "--feature raw: none of --models ccnn,student reads it", "--models must contain ccnn and student",
                "--spark nowhere: expected a Spark master URL", "--spark-conf executor.memory=4g: expected spark.KEY=VALUE",
                "--spark-task-threads must be at least 1"};
        for (int i = 0; i < userErrors.length; i++) {
            List<String> a = new ArrayList<>(List.of("run", "--cache", cache.toString(), "--out", out.toString()));
            a.addAll(List.of(userErrors[i]));
            Cli c = Cli.run(a.toArray(new String[0]));
            assertEquals(Main.USER_ERROR, c.exit(), String.join(" ", userErrors[i]) + ": " + c.err());
            assertTrue(c.oneLineError() && c.err().contains(expected[i]), String.join(" ", userErrors[i]) + " -> " + c.err());
        }
        Cli unknown = Cli.run(run(out, "--bogus"));
        assertEquals(Main.BAD_OPTION, unknown.exit());
        assertTrue(unknown.oneLineError() && unknown.err().contains("--bogus") && unknown.err().contains("try 'evoke run --help'"),
                unknown.err());
        Cli notANumber = Cli.run(run(out, "--epochs-teacher", "many"));
        assertEquals(Main.BAD_OPTION, notANumber.exit());
        Cli banana = Cli.run(run(out, "--temperature", "banana"));
        assertEquals(Main.BAD_OPTION, banana.exit());
        assertTrue(banana.oneLineError() && banana.err().contains("'banana'") && banana.err().contains("try 'evoke run --help'"),
                banana.err());

        // a foreign file where DEAP is expected: found after the report directory was started, which then disappears
        Path foreign = tmp.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("s01.dat"), "not a pickle at all");
        Files.writeString(foreign.resolve("s02.dat"), "not a pickle either");
        Cli c = Cli.run(run(out, "--data", foreign.toString()));
        assertEquals(Main.USER_ERROR, c.exit(), c.err());
        assertTrue(c.oneLineError() && (c.err().contains("s01.dat") || c.err().contains("s02.dat")), c.err()); // read in parallel

        // an existing report is never overwritten
        Cli taken = Cli.run(run(report));
        assertEquals(Main.USER_ERROR, taken.exit());
        assertTrue(taken.oneLineError() && taken.err().contains("already holds files"), taken.err());

        assertFalse(Files.exists(out), "no report for a failed run");
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.toList(), "no partial report left behind");
        }
    }

    @Test
    void anInterruptedRunLeavesNoReportAndTheNextRunResumesFromItsCheckpoints() throws Exception {
        Path out = tmp.resolve("interrupted").resolve("run");
        Path ownCache = tmp.resolve("cache-interrupted");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--split", "window", "--subjects", "1", "--trials", "4",
                "--folds", "2", "--epochs-teacher", "3", "--epochs-student", "1", "--no-table", "--threads", "2",
                "--cache", ownCache.toString(), "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("fold 0 teacher")) {
                    break; // fold 0's teacher is trained and checkpointed; stop the run like Ctrl-C would (SIGTERM, hooks run)
                }
            }
            assertTrue(seen.toString().contains("fold 0 teacher"), seen.toString());
            p.destroy();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not stop");
        }
        assertFalse(Files.exists(out), "an interrupted run leaves no report");
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(List.of(), s.toList(), "and no partial report: " + seen);
        }
        try (Stream<Path> s = Files.walk(ownCache.resolve("checkpoints"))) {
            assertTrue(s.anyMatch(f -> f.getFileName().toString().equals("last.safetensors")), "checkpoints are kept for the next run");
        }

        Cli resumed = Cli.run("run", "--split", "window", "--subjects", "1", "--trials", "4", "--folds", "2", "--epochs-teacher", "3", "--epochs-student", "1",
                "--no-table", "--threads", "2", "--cache", ownCache.toString(), "--out", out.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("fold 0 teacher") && resumed.out().contains("already trained"), resumed.out());
        assertTrue(Files.isRegularFile(out.resolve("report.md")));
    }
}

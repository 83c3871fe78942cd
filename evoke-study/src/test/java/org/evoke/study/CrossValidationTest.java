package org.evoke.study;

import org.evoke.distill.train.Fixtures;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.distill.train.TrainingData;
import org.evoke.distill.train.TrainingListener;
import org.evoke.eeg.split.Fold;
import org.evoke.eeg.split.SplitProtocol;
import org.evoke.nn.models.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossValidationTest {

    /** 2 subjects x 4 trials x 6 windows. */
    static StudyData small() {
        TrainingData d = Fixtures.learnable(48, 21);
        int[] subject = IntStream.range(0, 48).map(i -> i / 24).toArray();
        int[] trial = IntStream.range(0, 48).map(i -> (i / 6) % 4).toArray();
        return new StudyData(d, subject, trial);
    }

    static StudyConfig config(int parallel) {
        TrainingConfig b = new TrainingConfig(2, 16, 1e-3, 3, 0, 0);
        return new StudyConfig(SplitProtocol.TRIAL, 4, 5, 6, b, b, 1.25, 0.25, parallel);
    }

    /** The small student stands in for the teacher to keep the test fast; the bookkeeping is the same. */
    static CrossValidation cv(StudyData d, StudyConfig c) {
        return new CrossValidation(d, c, Models::evokeStudent, Models::evokeStudent);
    }

    /**
     * The units run one by one in other instances (as evoke-spark's executors do, here serialised and read back like
     * a task's result), then handed to a fresh instance, give the comparison and the sweep of a plain run.
     */
    @Test
    void unitsRunElsewhereAssembleIntoTheSameComparisonAndSweep() throws Exception {
        StudyData d = small();
        StudyConfig c = config(1).withSeeds(2);
        List<SweepPoint> points = List.of(new SweepPoint(2, 0.5), new SweepPoint(4, 0.75));
        CrossValidation plain = cv(d, c);
        ComparisonResult a = plain.compare();
        SweepResult sa = plain.sweep(points);

        CrossValidation driver = cv(d, c);
        List<CrossValidation.TeacherRun> teachers = new java.util.ArrayList<>();
        for (int f : driver.teacherFolds()) {
            teachers.add(roundTrip(cv(d, c).runTeacher(f)));
        }
        Map<CrossValidation.WorkUnit, RunResult> results = new java.util.LinkedHashMap<>();
        List<CrossValidation.WorkUnit> units = new java.util.ArrayList<>(driver.compareUnits());
        units.addAll(driver.sweepUnits(points));
        assertEquals(4 * 2 * 2 + 2 * 4 * 2, units.size(), "4 folds x 2 seeds x (distilled, scratch), and 2 points x 4 folds x 2 seeds");
        for (CrossValidation.WorkUnit u : units) {
            CrossValidation elsewhere = cv(d, c); // a fresh executor: the teacher comes with the task
            results.put(roundTrip(u), roundTrip(elsewhere.runUnit(u, u.distilled() ? teachers.get(u.fold()) : null)));
        }
        AtomicInteger trained = new AtomicInteger();
        driver.onTrained((fold, role, replicate, model) -> trained.incrementAndGet());
        driver.precomputed(teachers, results);
        ComparisonResult b = driver.compare();
        SweepResult sb = driver.sweep(points);
        assertEquals(0, trained.get(), "nothing was trained again");
        assertEquals(a.summary(), b.summary());
        assertEquals(a.paired(), b.paired());
        for (int f = 0; f < a.folds().size(); f++) {
            for (int k = 0; k < a.folds().get(f).runs().size(); k++) {
                assertEquals(a.folds().get(f).runs().get(k).test(), b.folds().get(f).runs().get(k).test());
            }
        }
        for (int i = 0; i < points.size(); i++) {
            assertEquals(sa.points().get(i).folds(), sb.points().get(i).folds());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> driver.runUnit(new CrossValidation.WorkUnit("vit", 0, 0, 0, 0), null));
        assertTrue(e.getMessage().contains("no model 'vit'"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void otherTableOneModelsTrainBesideTheThreeFromScratchWithTheTeachersBudget() {
        StudyData d = small();
        StudyConfig c = config(1).withSeeds(2);
        CrossValidation cv = cv(d, c).models(true, true, List.of(new CrossValidation.Contender("arjunvit",
                TableOneModels.factory("arjunvit", org.evoke.eeg.features.FeatureKind.DE, 4))));
        assertEquals(List.of("teacher", "distilled", "scratch", "arjunvit"), cv.roles());
        ComparisonResult r = cv.compare();
        assertEquals(List.of("teacher", "distilled", "scratch", "arjunvit"), List.copyOf(r.summary().keySet()));
        for (FoldResult f : r.folds()) {
            assertEquals(1, f.runs("arjunvit").size(), "once per fold, like the teacher");
            RunResult a = f.run("arjunvit");
            assertEquals("bce", a.training().objective());
            assertEquals(2, a.training().epochsRun());
            assertEquals(cv.folds().get(f.fold()).train().length, a.training().trainRows());
            assertEquals(2, f.runs("scratch").size());
        }
        assertEquals(6, r.paired().size(), "the paper's three pairs on two metrics; contenders are not paired");
        // the contender's numbers do not depend on which other models run beside it
        ComparisonResult alone = cv(d, c).models(false, false, List.of(new CrossValidation.Contender("arjunvit",
                TableOneModels.factory("arjunvit", org.evoke.eeg.features.FeatureKind.DE, 4)))).compare();
        assertEquals(List.of("arjunvit"), List.copyOf(alone.summary().keySet()));
        assertEquals(r.summary().get("arjunvit"), alone.summary().get("arjunvit"));
        assertTrue(alone.paired().isEmpty());
        // a student without a teacher is trained from scratch only
        CrossValidation noTeacher = cv(d, config(1)).models(false, true, List.of());
        assertEquals(List.of("scratch"), noTeacher.roles());
        assertThrows(IllegalArgumentException.class, () -> noTeacher.sweep(SweepPoint.paperLines()));
        assertThrows(IllegalArgumentException.class, () -> cv(d, c).models(false, false, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CrossValidation.Contender("teacher", Models::ccnn));
    }

    @Test
    void everyFoldTrainsTheThreeModelsOnTheSameWindowsAndTestsOnTheRest() {
        StudyData d = small();
        CrossValidation cv = cv(d, config(1));
        ComparisonResult r = cv.compare();
        assertEquals("trial", r.protocol());
        assertEquals(4, r.folds().size());
        int tested = 0;
        for (FoldResult f : r.folds()) {
            Fold fold = cv.folds().get(f.fold());
            assertEquals(fold.test().length, f.testWindows());
            assertEquals(48, f.trainWindows() + f.testWindows());
            tested += f.testWindows();
            assertEquals(List.of("teacher", "distilled", "scratch"), f.runs().stream().map(RunResult::role).toList());
            for (RunResult run : f.runs()) {
                assertEquals(fold.train().length, run.training().trainRows());
                assertEquals(2, run.training().epochsRun());
            }
            assertEquals(f.run("distilled").modelSeed(), f.run("scratch").modelSeed(), "students start alike");
            assertNotEquals(f.run("teacher").modelSeed(), f.run("scratch").modelSeed());
            assertTrue(f.run("distilled").training().objective().startsWith("distill(T=1.25"));
            assertEquals("bce", f.run("scratch").training().objective());
        }
        assertEquals(48, tested, "test parts partition the windows");
        Stat acc = r.summary().get("distilled").get("mean_accuracy");
        double[] perFold = r.folds().stream().mapToDouble(f -> f.run("distilled").test().metrics().get("mean_accuracy")).toArray();
        assertEquals(Stat.of(perFold), acc);
        assertEquals(4, acc.n());
        assertTrue(r.summary().get("teacher").containsKey("loss"));
    }

    @Test
    void theModelSinkReceivesEveryTrainedModelWithTheWeightsItWasEvaluatedWith() {
        StudyData d = small();
        CrossValidation cv = cv(d, config(1));
        Map<String, Map<String, Double>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        ComparisonResult r = cv.onTrained((fold, role, replicate, model) -> seen.put(fold + "/" + role,
                org.evoke.distill.train.Evaluation.of(model, d.data(), cv.folds().get(fold).test(), 16).metrics())).compare();
        assertEquals(12, seen.size(), "4 folds x 3 roles");
        for (FoldResult f : r.folds()) {
            for (RunResult run : f.runs()) {
                assertEquals(run.test().metrics(), seen.get(f.fold() + "/" + run.role()), f.fold() + "/" + run.role());
            }
        }
    }

    @Test
    void foldsRunInParallelOnlyAsFarAsMemoryAllows() {
        StudyData d = small();
        assertEquals(4, cv(d, config(4)).foldsAtOnce(), "small models: every fold at once");
        assertEquals(1, cv(d, config(1)).foldsAtOnce());
        // a batch so large that one fold's activations alone exceed what ND4J may allocate
        TrainingConfig huge = new TrainingConfig(1, 50_000_000, 1e-3, 3, 0, 0);
        StudyConfig c = config(4).withBudgets(huge, huge);
        assertEquals(1, new CrossValidation(d, c, Models::ccnn, Models::evokeStudent).foldsAtOnce());
        long ccnn = CrossValidation.foldBytes(Models.ccnn(0).summary(), 128);
        long student = CrossValidation.foldBytes(Models.evokeStudent(0).summary(), 128);
        assertTrue(ccnn > 4L * 4 * 6_234_627 && ccnn > 4 * student, ccnn + " vs " + student);
    }

    @Test
    void parallelFoldsGiveTheSameResultsAsSequentialOnes() {
        StudyData d = small();
        ComparisonResult a = cv(d, config(1)).compare();
        ComparisonResult b = cv(d, config(2)).compare();
        for (int f = 0; f < 4; f++) {
            for (String role : List.of("teacher", "distilled", "scratch")) {
                assertEquals(a.folds().get(f).run(role).test(), b.folds().get(f).run(role).test(), "fold " + f + " " + role);
            }
        }
    }

    @Test
    void theSweepReusesEachFoldsTeacherAndSummarisesEveryPoint(@TempDir Path dir) throws Exception {
        AtomicInteger teacherRuns = new AtomicInteger();
        CrossValidation cv = cv(small(), config(1)).listener(new TrainingListener() {
            @Override
            public void onStart(String run, int firstEpoch, int epochs, int batches) {
                if (run.endsWith("teacher")) {
                    teacherRuns.incrementAndGet();
                }
            }
        });
        ComparisonResult c = cv.compare();
        List<SweepPoint> points = SweepPoint.lines(List.of(1.0, 4.0), 0.5, List.of(0.0, 0.5), 1.0);
        assertEquals(3, points.size(), "the shared point (1, 0.5) appears once");
        SweepResult s = cv.sweep(points);
        assertEquals(4, teacherRuns.get(), "one teacher per fold, shared by compare and sweep");
        assertEquals(3, s.points().size());
        for (SweepResult.Point p : s.points()) {
            assertEquals(4, p.folds().size());
            assertEquals(4, p.summary().get("mean_accuracy").n());
        }
        // the sweep's point at the comparison's (T, alpha) would retrain the same student: check one
        SweepResult same = cv.sweep(List.of(new SweepPoint(1.25, 0.25)));
        assertEquals(c.summary().get("distilled").get("mean_accuracy"), same.points().get(0).summary().get("mean_accuracy"));

        List<Path> pngs = Plots.writeSweep(s, dir);
        assertEquals(4, pngs.size());
        for (Path p : pngs) {
            assertTrue(Files.size(p) > 1000, p.toString());
        }
        Path curves = dir.resolve("curves.png");
        Plots.savePng(Plots.learningCurves(c, 0), curves);
        assertTrue(Files.size(curves) > 1000);
        String table = Tables.sweep(s);
        assertEquals(3 + 4, table.split("\n").length, table);
    }

    @Test
    void resultsSurviveAJsonRoundTripAndMakeMarkdownTables(@TempDir Path dir) {
        ComparisonResult r = cv(small(), config(1)).compare();
        Path file = dir.resolve("results.json");
        Results.write(file, r);
        ComparisonResult back = Results.read(file, ComparisonResult.class);
        assertEquals(r.summary(), back.summary());
        assertEquals(r.folds().get(2).run("scratch").test(), back.folds().get(2).run("scratch").test());
        assertEquals(r.folds().get(1).run("teacher").training().history(), back.folds().get(1).run("teacher").training().history());
        String md = Tables.comparison(r);
        assertTrue(md.startsWith("Split: trial, 4 folds"), md);
        assertTrue(md.contains("| student, distilled | "), md);
        assertEquals(2 + 2 + 3, md.split("\n").length, md);
        assertEquals(2 + 4, Tables.folds(r).split("\n").length);
        assertThrows(IllegalArgumentException.class, () -> Results.fromJson("{\"k\": \"x\"}", ComparisonResult.class));
    }

    @Test
    void checkpointsGoToOneDirectoryPerFoldAndRole(@TempDir Path dir) {
        cv(small(), config(1)).checkpointInto(dir).compare();
        for (int f = 0; f < 4; f++) {
            for (String role : List.of("teacher", "distilled", "scratch")) {
                assertTrue(Files.exists(dir.resolve("fold-" + f).resolve(role).resolve("last.safetensors")), f + " " + role);
            }
        }
        Map<String, String> meta = org.evoke.tensor.io.SafeTensors.read(dir.resolve("fold-2/distilled/last.safetensors")).metadata();
        assertEquals("trial", meta.get("split"));
        assertEquals("2", meta.get("fold"));
        assertEquals("1.25", meta.get("temperature"));
        assertEquals("0.25", meta.get("alpha"));
    }

    @Test
    void statIsTheMeanAndSampleStandardDeviation() {
        Stat s = Stat.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, s.mean());
        assertEquals(Math.sqrt(5.0 / 3.0), s.std(), 1e-15);
        assertEquals(0.0, Stat.of(new double[] {7}).std());
        assertThrows(IllegalArgumentException.class, () -> Stat.of(new double[0]));
        assertTrue(Arrays.equals(new double[] {1, 4}, new double[] {s.min(), s.max()}));
    }

    @Test
    void replicatesPairTheStudentsAndTheTeacherOnTheSameFolds() {
        StudyData d = small();
        TrainingConfig b = new TrainingConfig(3, 16, 1e-3, 3, 0.25, 1);
        StudyConfig c = new StudyConfig(SplitProtocol.TRIAL, 4, 5, 6, b, b, 1.25, 0.25, 1, 2);
        CrossValidation cv = cv(d, c);
        ComparisonResult r = cv.compare();
        assertEquals(2, r.seeds());
        for (FoldResult f : r.folds()) {
            assertEquals(1, f.runs("teacher").size());
            assertEquals(2, f.runs("distilled").size());
            for (int rep = 0; rep < 2; rep++) {
                RunResult dist = f.runs("distilled").get(rep), scr = f.runs("scratch").get(rep);
                assertEquals(rep, dist.replicate());
                assertEquals(dist.modelSeed(), scr.modelSeed(), "a replicate's students start alike");
                assertEquals(cv.modelSeed(f.fold(), 1 + rep), dist.modelSeed());
            }
            assertNotEquals(f.runs("scratch").get(0).modelSeed(), f.runs("scratch").get(1).modelSeed());
            // validation held out whole trials of the fold's training part
            RunResult t = f.run("teacher");
            assertEquals(f.trainWindows(), t.training().trainRows() + t.training().validationRows());
            assertEquals(0, t.training().validationRows() % 6, "whole trials of 6 windows");
        }
        assertEquals(8, r.summary().get("scratch").get("mean_accuracy").n(), "4 folds x 2 seeds");
        assertEquals(4, r.summary().get("teacher").get("mean_accuracy").n());
        assertEquals(6, r.paired().size(), "3 pairs x 2 metrics");
        Paired ds = r.paired().get(0);
        assertEquals("distilled", ds.first());
        assertEquals("scratch", ds.second());
        double sum = 0;
        for (FoldResult f : r.folds()) {
            for (int rep = 0; rep < 2; rep++) {
                sum += f.runs("distilled").get(rep).test().metrics().get("mean_accuracy")
                        - f.runs("scratch").get(rep).test().metrics().get("mean_accuracy");
            }
        }
        assertEquals(sum / 8, ds.meanDifference(), 1e-12);
        assertEquals(8, ds.n());
        assertEquals(cv.overlap(), ds.rho(), 0);
        assertEquals(12.0 / 36, cv.overlap(), 1e-12, "4-fold over trials: 12 held out for 36 trained");
    }
}

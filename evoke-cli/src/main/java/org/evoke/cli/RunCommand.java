package org.evoke.cli;

import org.evoke.bench.Machine;
import org.evoke.bench.TableOne;
import org.evoke.study.ComparisonResult;
import org.evoke.study.CrossValidation;
import org.evoke.study.Plots;
import org.evoke.study.Results;
import org.evoke.study.StudyConfig;
import org.evoke.study.StudyData;
import org.evoke.study.SweepPoint;
import org.evoke.study.SweepResult;
import org.evoke.study.TableOneModels;
import org.evoke.distill.train.EpochRecord;
import org.evoke.distill.train.Evaluation;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.distill.train.TrainingListener;
import org.evoke.eeg.avatar.ExpressionLibrary;
import org.evoke.eeg.avatar.SvgFaceRenderer;
import org.evoke.eeg.cache.FeatureSet;
import org.evoke.eeg.deap.DeapDataset;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.split.Fold;
import org.evoke.eeg.split.SplitProtocol;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.evoke.tensor.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evoke run}: the whole EVOKE study. Without {@code --data} it generates a synthetic DEAP; then it extracts
 * the features (cached), cross-validates the teacher, the distilled student and the same student trained without
 * distillation on the same folds (optionally the T/alpha sweep), streams one trial through the live recogniser,
 * measures Table I, and writes the report directory. The defaults are a small configuration that finishes in a few
 * minutes on 2 cores; {@code --paper} gives the paper's settings.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole study and write a report directory (report.md, results.json, plots, avatars, weights).",
                "Without --data it uses a synthetic DEAP (docs/synthetic-deap.md). Defaults finish in a few minutes on 2 cores;"
                        + " --paper gives the paper's settings (all subjects, 100 epochs, batch 128)."})
final class RunCommand implements Callable<Integer> {
    /** The defaults without {@code --paper} (docs/training.md: how they were set from the measured training speed). */
    static final int SUBJECTS = 4, TRIALS = 8, FOLDS = 4, EPOCHS_TEACHER = 6, EPOCHS_STUDENT = 10, BATCH = 64, SEEDS = 2, PATIENCE = 2;
    static final double VALIDATION = 0.2;
    /** The paper's settings ({@code --paper}). */
    static final int PAPER_SUBJECTS = 32, PAPER_TRIALS = 40, PAPER_EPOCHS = 100, PAPER_BATCH = 128, PAPER_FOLDS = 5;
    static final double LR = 1e-3, TEMPERATURE = 1.25, ALPHA = 0.25;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of DEAP subjects (sXX.dat or sXX.mat); without it a synthetic DEAP is generated.")
    Path data;

    @Option(names = "--subjects", paramLabel = "N", description = "Subjects to use: synthetic ones generated (default " + SUBJECTS
            + "), or the first N of --data (default all); --paper: " + PAPER_SUBJECTS + " / all.")
    Integer subjects;

    @Option(names = "--trials", paramLabel = "N", description = "Trials per synthetic subject (default " + TRIALS + "; --paper: "
            + PAPER_TRIALS + ", as DEAP). Ignored with --data.")
    Integer trials;

    @Option(names = "--folds", paramLabel = "K", description = "k of the k-fold splits (default " + FOLDS + "; --paper: " + PAPER_FOLDS + ", the paper's).")
    Integer folds;

    @Option(names = "--split", paramLabel = "LIST", split = ",",
            description = "Split protocols, comma-separated: window (window-level k-fold, the paper's, optimistic), trial (trial-level"
                    + " k-fold), subject (leave-one-subject-out). Default: all three, side by side; --paper: window.")
    List<String> split;

    @Option(names = "--seeds", paramLabel = "N", description = "Student replicates per fold, each from other initial weights, for the"
            + " paired comparisons (default " + SEEDS + "; --paper: 1).")
    Integer seeds;

    @Option(names = "--validation", paramLabel = "F", description = "Fraction of each fold's training trials held out (whole trials)"
            + " to pick the best epoch and stop early (default " + VALIDATION + "; --paper: 0, every epoch runs and the last is kept).")
    Double validation;

    @Option(names = "--patience", paramLabel = "P", description = "Stop after P epochs without a lower validation loss; the best"
            + " epoch's weights are kept (default " + PATIENCE + "; 0 never stops early).")
    Integer patience;

    @Option(names = "--epochs-teacher", paramLabel = "E", description = "Teacher epochs (default " + EPOCHS_TEACHER + "; --paper: " + PAPER_EPOCHS + ").")
    Integer epochsTeacher;

    @Option(names = "--epochs-student", paramLabel = "E", description = "Student epochs, distilled and from scratch alike (default "
            + EPOCHS_STUDENT + "; --paper: " + PAPER_EPOCHS + ").")
    Integer epochsStudent;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size (default " + BATCH + "; --paper: " + PAPER_BATCH + ").")
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate (default 1e-3, the paper's).")
    Double lr;

    @Option(names = "--temperature", paramLabel = "T", description = "Distillation temperature (default 1.25, the paper's best).")
    Double temperature;

    @Option(names = "--alpha", paramLabel = "A", description = "Weight of the soft loss, in [0, 1] (default 0.25, the paper's best).")
    Double alpha;

    @Option(names = "--sweep", description = "Also sweep T in {1, 1.25, 2, 4, 8} at alpha 0.25 and alpha in {0, .25, .5, .75, 1} at T 1.25 (the paper's Fig. 4).")
    boolean sweep;

    @Option(names = "--knob", paramLabel = "NAME=VALUE", description = "A difficulty knob of the synthetic DEAP (repeatable): "
            + Knobs.NAMES + "; default " + Knobs.DEFAULT + " (docs/synthetic-deap.md). Ignored with --data.")
    Map<String, String> knobs;

    @Option(names = "--preset", paramLabel = "P", description = "Feature preset: torcheeg (default), torcheeg-1.1.0 or decnn.")
    String preset;

    @Option(names = "--feature", paramLabel = "LIST", split = ",", description = "Features, comma-separated: de (differential"
            + " entropy, default), psd (band power), raw (z-scored raw windows, Arjun ViT's own input). Each runs the whole study;"
            + " `--feature de,psd` fills both halves of Table I.")
    List<String> feature;

    @Option(names = "--models", paramLabel = "LIST", split = ",", description = "Table I's models to train, comma-separated: ccnn"
            + " (the teacher), student (distilled from ccnn, and from scratch), arjunvit, vit (torcheeg's small ViT). Default"
            + " ccnn,student; the transformers train from scratch with the teacher's budget (docs/models.md).")
    List<String> models;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the synthetic data, the folds and the models (default 2024).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default runs/<timestamp>); must not exist or be empty.")
    Path out;

    @Option(names = "--paper", description = "The paper's settings: " + PAPER_SUBJECTS + " subjects x " + PAPER_TRIALS
            + " trials, window-level 5-fold, " + PAPER_EPOCHS + " epochs, batch " + PAPER_BATCH
            + ", lr 1e-3, T 1.25, alpha 0.25. About 27 hours on 2 cores (from the measured training throughput of"
            + " 2026-12-03: 364 teacher and 5,594 student samples/s; 60 hours before the Vector API kernels)."
            + " Options given explicitly still win.")
    boolean paper;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for evoke's kernels, ND4J's operations and the preprocessing (default: all cores).")
    Integer threads;

    @Option(names = "--parallel-folds", paramLabel = "N", description = "Folds trained at once (default 1; each holds its own models).")
    Integer parallelFolds;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = ".evoke-cache",
            description = "Cache for the synthetic data, features and resumable checkpoints (default: ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--no-table", description = "Skip the Table I timing in the report (about 30 s: ours, ONNX Runtime and PyTorch).")
    boolean noTable;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run the folds, seeds and sweep points as Apache Spark tasks:"
            + " local[*] (an embedded Spark on this machine), local[N], or spark://HOST:7077 (a standalone cluster; its executors"
            + " get this machine's class path, so the cluster needs the same paths, see docs/spark.md). Same numbers as without.")
    String spark;

    @Option(names = "--spark-task-threads", defaultValue = "1", paramLabel = "N", description = "Cores each Spark task's kernels"
            + " use (spark.task.cpus; default: ${DEFAULT-VALUE}).")
    int sparkTaskThreads;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g. spark.executor.memory=4g (repeatable).")
    List<String> sparkConf = new ArrayList<>();

    @Option(names = "--table-ms", paramLabel = "MS", defaultValue = "500",
            description = "JMH iteration time of the report's Table I timing, in ms (default: ${DEFAULT-VALUE}); `evoke table` measures longer.")
    int tableMillis;

    /** The options resolved against the defaults and {@code --paper}. */
    record Settings(Path data, Integer subjects, int trials, int folds, List<SplitProtocol> splits, int epochsTeacher,
                    int epochsStudent, int batch, double lr, double temperature, double alpha, boolean sweep,
                    Preset preset, List<FeatureKind> features, List<String> models, long seed, int threads, int parallelFolds, boolean paper,
                    int seeds, double validation, int patience, org.evoke.eeg.synth.Difficulty difficulty) {

        /** The study of one split protocol. */
        StudyConfig study(SplitProtocol split) {
            TrainingConfig t = new TrainingConfig(epochsTeacher, batch, lr, seed, validation, patience);
            return new StudyConfig(split, folds, seed, seed, t, t.withEpochs(epochsStudent), temperature, alpha, parallelFolds, seeds);
        }
    }

    Settings settings() {
        int cores = Runtime.getRuntime().availableProcessors();
        Settings s = new Settings(data,
                subjects != null ? subjects : data != null ? null : paper ? PAPER_SUBJECTS : SUBJECTS,
                or(trials, paper ? PAPER_TRIALS : TRIALS),
                or(folds, paper ? PAPER_FOLDS : FOLDS),
                split == null ? (paper ? List.of(SplitProtocol.WINDOW) : List.of(SplitProtocol.values()))
                        : split.stream().map(RunCommand::parseSplit).distinct().toList(),
                or(epochsTeacher, paper ? PAPER_EPOCHS : EPOCHS_TEACHER),
                or(epochsStudent, paper ? PAPER_EPOCHS : EPOCHS_STUDENT),
                or(batch, paper ? PAPER_BATCH : BATCH),
                lr != null ? lr : LR,
                temperature != null ? temperature : TEMPERATURE,
                alpha != null ? alpha : ALPHA,
                sweep,
                Preset.byName(preset == null ? "torcheeg" : preset),
                feature == null ? List.of(FeatureKind.DE) : feature.stream().map(FeaturesCommand::kind).distinct().toList(),
                models == null ? List.of(TableOneModels.CCNN, TableOneModels.STUDENT) : models.stream().map(RunCommand::parseModel).distinct().toList(),
                seed != null ? seed : 2024L,
                or(threads, cores),
                or(parallelFolds, StudyConfig.DEFAULT_PARALLEL_FOLDS),
                paper,
                or(seeds, paper ? 1 : SEEDS),
                validation != null ? validation : paper ? 0 : VALIDATION,
                or(patience, paper ? 0 : PATIENCE),
                Knobs.parse(knobs));
        positive("--subjects", s.subjects() == null ? 1 : s.subjects());
        positive("--trials", s.trials());
        positive("--epochs-teacher", s.epochsTeacher());
        positive("--epochs-student", s.epochsStudent());
        positive("--batch", s.batch());
        positive("--threads", s.threads());
        positive("--parallel-folds", s.parallelFolds());
        positive("--table-ms", tableMillis);
        positive("--seeds", s.seeds());
        if (s.features().isEmpty()) {
            throw new UserException("--feature needs at least one of de, psd, raw");
        }
        if (s.models().isEmpty()) {
            throw new UserException("--models needs at least one of " + String.join(", ", TableOneModels.ALL));
        }
        for (FeatureKind k : s.features()) {
            if (s.models().stream().noneMatch(m -> TableOneModels.reads(m, k))) {
                throw new UserException("--feature " + k.name().toLowerCase(Locale.ROOT) + ": none of --models " + String.join(",", s.models())
                        + " reads it; raw windows feed arjunvit only");
            }
        }
        if (s.sweep() && !(s.models().contains(TableOneModels.CCNN) && s.models().contains(TableOneModels.STUDENT))) {
            throw new UserException("--sweep distils the student from the ccnn teacher; --models must contain ccnn and student");
        }
        if (s.splits().isEmpty()) {
            throw new UserException("--split needs at least one of window, trial, subject");
        }
        if (!(s.validation() >= 0 && s.validation() < 1)) {
            throw new UserException("--validation must be a fraction in [0, 1), got " + s.validation());
        }
        if (s.patience() < 0) {
            throw new UserException("--patience must be at least 0, got " + s.patience());
        }
        if (s.splits().stream().anyMatch(p -> p != SplitProtocol.SUBJECT) && s.folds() < 2) {
            throw new UserException("--folds must be at least 2 for k-fold splits, got " + s.folds());
        }
        if (!(s.lr() > 0) || Double.isInfinite(s.lr())) {
            throw new UserException("--lr must be a finite number > 0, got " + s.lr());
        }
        if (!(s.temperature() > 0) || Double.isInfinite(s.temperature())) {
            throw new UserException("--temperature must be a finite number > 0, got " + s.temperature());
        }
        if (!(s.alpha() >= 0 && s.alpha() <= 1)) {
            throw new UserException("--alpha must be in [0, 1], got " + s.alpha());
        }
        if (s.data() == null && s.splits().contains(SplitProtocol.SUBJECT) && s.subjects() < 2) {
            throw new UserException("--split subject needs at least 2 subjects, got --subjects " + s.subjects());
        }
        if (spark != null && !spark.matches("local(\\[(\\*|\\d+)(,\\s*\\d+)?])?|(spark|yarn|k8s)://?.+|yarn")) {
            throw new UserException("--spark " + spark + ": expected a Spark master URL: local[*], local[N] or spark://HOST:PORT");
        }
        positive("--spark-task-threads", sparkTaskThreads);
        for (String kv : sparkConf) {
            if (!kv.matches("spark\\.[^=]+=.*")) {
                throw new UserException("--spark-conf " + kv + ": expected spark.KEY=VALUE");
            }
        }
        return s;
    }

    /** The Spark context of --spark (see docs/spark.md). */
    private org.apache.spark.api.java.JavaSparkContext sparkContext(PrintWriter o) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (String kv : sparkConf) {
            extra.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        o.printf("spark      %s, %d core%s per task%n", spark, sparkTaskThreads, sparkTaskThreads == 1 ? "" : "s");
        o.flush();
        try {
            return org.evoke.spark.SparkStudy.context(spark, sparkTaskThreads, extra);
        } catch (RuntimeException e) {
            throw new UserException("--spark " + spark + ": Spark did not start (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "); see docs/spark.md");
        }
    }

    @Override
    public Integer call() {
        Settings s = settings();
        PrintWriter o = spec.commandLine().getOut();
        long started = System.nanoTime();
        Nd4j.getEnvironment().setMaxMasterThreads(s.threads()); // ND4J's own ops (OpenMP)
        Nd4j.getEnvironment().setMaxThreads(s.threads());
        Nd4j.factory().blas().setMaxThreads(s.threads());        // OpenBLAS's gemm
        Parallel.setThreads(s.threads());                        // evoke's own kernels
        if (s.data() != null && !Files.isDirectory(s.data())) {
            throw new UserException("--data " + s.data() + " is not a directory; give the folder holding sXX.dat or sXX.mat files");
        }
        Path target = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")));
        try (ReportDirectory report = ReportDirectory.create(target)) {
            o.printf("evoke run: report in %s (written when the run completes)%n", target);
            o.flush();

            DeapDataset dataset = dataset(s, o);
            RunProgress listener = new RunProgress(o);
            Model[] timelineStudent = new Model[1]; // the first grid feature's first protocol: fold 0's distilled student streams a trial
            List<ProtocolRun> runs = new ArrayList<>();
            List<Path> checkpointDirs = new ArrayList<>();
            Map<FeatureKind, FeatureSet> sets = new LinkedHashMap<>();
            SweepResult sweepResult = null;
            org.apache.spark.api.java.JavaSparkContext sparkContext = spark == null ? null : sparkContext(o);
            Fold timelineFold = null;
            FeatureKind timelineKind = null;
            for (FeatureKind kind : s.features()) {
                FeatureSet set = FeaturesCommand.extract(dataset, s.preset(), kind, cache, s.threads(), o);
                sets.put(kind, set);
                StudyData study = StudyData.of(set);
                Map<String, String> provenance = provenance(s, set);
                List<String> models = s.models().stream().filter(m -> TableOneModels.reads(m, kind)).toList();
                List<String> skipped = s.models().stream().filter(m -> !models.contains(m)).toList();
                if (!skipped.isEmpty()) {
                    o.printf("study      %s: %s read%s grid features, not raw windows; skipped for this feature%n", kind,
                            String.join(", ", skipped), skipped.size() == 1 ? "s" : "");
                }
                boolean teacher = models.contains(TableOneModels.CCNN), students = models.contains(TableOneModels.STUDENT);
                if (students && !teacher) {
                    o.printf("study      %s: no ccnn among --models, so no teacher: the student is trained from scratch only%n", kind);
                }
                int bands = kind.onGrid() ? (int) set.features().size(1) : 0;
                List<CrossValidation.Contender> others = models.stream()
                        .filter(m -> m.equals(TableOneModels.ARJUN_VIT) || m.equals(TableOneModels.VIT))
                        .map(m -> new CrossValidation.Contender(m, TableOneModels.factory(m, kind, bands))).toList();
                for (SplitProtocol protocol : s.splits()) {
                    StudyConfig config = s.study(protocol);
                    CrossValidation cv = new CrossValidation(study, config).models(teacher, students, others);
                    requireValidationTrials(s, study, cv);
                    Path checkpoints = cache.resolve("checkpoints").resolve(runKey(s, set, protocol, models));
                    checkpointDirs.add(checkpoints);
                    cv.checkpointInto(checkpoints);
                    if (cv.foldsAtOnce() < Math.min(s.parallelFolds(), cv.folds().size())) {
                        o.printf("study      --parallel-folds %d lowered to %d: each fold needs about %d MB for its teacher's training%n",
                                s.parallelFolds(), cv.foldsAtOnce(), CrossValidation.foldBytes(Models.ccnn(0).summary(), s.batch()) >> 20);
                    }
                    o.printf("study      %s, %s split, %d folds, %d windows; %s; %s up to %d epochs%s, batch %d, lr %s, T %s, alpha %s, %s%n",
                            kind, protocol.label(), cv.folds().size(), set.size(), String.join(", ", cv.roles()),
                            teacher || !others.isEmpty() ? (teacher ? "teacher" : "") + (teacher && !others.isEmpty() ? " and " : "")
                                    + (others.isEmpty() ? "" : "transformers") : "students",
                            teacher || !others.isEmpty() ? s.epochsTeacher() : s.epochsStudent(),
                            students ? String.format(Locale.ROOT, ", students up to %d epochs x %d seed%s", s.epochsStudent(), s.seeds(),
                                    s.seeds() == 1 ? "" : "s") : "",
                            s.batch(), num(s.lr()), num(s.temperature()), num(s.alpha()),
                            s.validation() > 0 ? "validation " + num(s.validation()) + " of the training trials, patience " + s.patience()
                                    : "no validation (every epoch runs)");
                    o.flush();
                    boolean timelineRun = timelineKind == null && kind.onGrid() && teacher && students;
                    String dir = "weights/" + (s.features().size() > 1 ? kind.name().toLowerCase(Locale.ROOT) + "/" : "") + protocol.label() + "/";
                    CrossValidation.ModelSink keep = (fold, role, replicate, model) -> {
                        if (replicate != 0 || role.startsWith("distilled T=")) {
                            return; // other replicates and sweep points: their numbers are in the report, their weights are not kept
                        }
                        if (fold == 0 || role.equals(CrossValidation.DISTILLED)) {
                            Map<String, String> meta = new LinkedHashMap<>(provenance);
                            meta.put("split", protocol.label());
                            meta.put("role", role);
                            meta.put("fold", Integer.toString(fold));
                            meta.put("model", modelName(role, kind));
                            model.save(report.file(dir + "fold-" + fold + "-" + role.replace(' ', '_') + ".safetensors"), meta);
                        }
                        if (timelineRun && fold == 0 && role.equals(CrossValidation.DISTILLED)) {
                            timelineStudent[0] = model;
                        }
                    };
                    cv.listener(listener).onTrained(keep);
                    boolean sweepHere = sweepResult == null && s.sweep() && teacher && students;
                    if (sparkContext != null) {
                        org.evoke.spark.StudySpec spec = org.evoke.spark.StudySpec.of(set, kind, config, teacher, students,
                                others.stream().map(CrossValidation.Contender::role).toList(), sparkTaskThreads);
                        new org.evoke.spark.SparkStudy(sparkContext).distribute(spec, cv, sweepHere ? SweepPoint.paperLines() : List.of(),
                                org.evoke.spark.SparkStudy.KeepWeights.RUN, keep, line -> {
                                    o.println(line);
                                    o.flush();
                                });
                    }
                    ComparisonResult comparison = cv.compare();
                    listener.close();
                    if (sweepHere) {
                        sweepResult = cv.sweep(SweepPoint.paperLines());
                        listener.close();
                    }
                    if (timelineRun) {
                        timelineFold = cv.folds().get(0);
                        timelineKind = kind;
                    }
                    runs.add(new ProtocolRun(protocol.label(), kind.name(), comparison, majorityBaselines(study, cv.folds())));
                }
            }
            if (sparkContext != null) {
                sparkContext.close();
            }
            FeatureSet set = sets.values().iterator().next();

            // the live recogniser on one trial, with the first protocol's fold 0 distilled student
            EmotionTimeline timeline = timelineKind == null ? null
                    : timeline(s, dataset, sets.get(timelineKind), timelineKind, timelineFold, timelineStudent[0]);

            String table = null;
            if (!noTable) {
                table = tableOne(o);
            }

            // the report's files
            Map<String, Object> described = describeData(s, dataset, set);
            described.put("feature", String.join(", ", s.features().stream().map(FeatureKind::name).toList()));
            Results.write(report.file("results.json"), new RunRecord(version(), commandLine(), set.dataHash(), s, described,
                    runs, sweepResult, timeline, table, Machine.describe(), seconds(started)));
            List<String> plots = new ArrayList<>();
            for (ProtocolRun run : runs) {
                ComparisonResult comparison = run.comparison();
                for (int f = 0; f < comparison.folds().size(); f++) {
                    String name = "plots/" + run.plotDir() + "/learning-curves-fold-" + comparison.folds().get(f).fold() + ".png";
                    Plots.savePng(Plots.learningCurves(comparison, f), report.file(name));
                    plots.add(name);
                }
            }
            if (sweepResult != null) {
                for (Path p : Plots.writeSweep(sweepResult, report.partial().resolve("plots"))) {
                    plots.add("plots/" + p.getFileName());
                }
            }
            ExpressionLibrary lib = ExpressionLibrary.defaultLibrary();
            SvgFaceRenderer faces = new SvgFaceRenderer();
            for (String name : lib.all().keySet()) { // every emotion's picture and its ARKit/FACS preset, side by side
                faces.write(report.file("avatars/" + name + ".svg"), lib.get(name));
                org.evoke.tensor.io.AtomicFiles.writeString(report.file("avatars/" + name + ".json"), ExpressionLibrary.toJson(lib.get(name)));
            }
            if (timeline != null) {
                Plots.savePng(timeline.chart(), report.file("plots/emotion-timeline.png"));
                plots.add("plots/emotion-timeline.png");
                org.evoke.tensor.io.AtomicFiles.writeString(report.file("timeline.csv"), timeline.csv());
            }
            String md = StudyReport.markdown(new StudyReport.Inputs(commandLine(), s, described, runs,
                    sweepResult, timeline, table, plots, Machine.describe(), seconds(started)));
            org.evoke.tensor.io.AtomicFiles.writeString(report.file("report.md"), md);
            Path done = report.commit();
            for (Path c : checkpointDirs) {
                ReportDirectory.deleteTree(c);
            }

            o.println();
            o.print(StudyReport.sideBySide(runs));
            for (ProtocolRun run : runs) {
                for (org.evoke.study.Paired p : run.comparison().paired()) {
                    if (p.metric().equals("mean_accuracy")) {
                        o.println(run.label() + ": " + p.sentence());
                    }
                }
            }
            o.printf("report: %s (%s)%n", done.resolve("report.md"), Progress.format(java.time.Duration.ofNanos(System.nanoTime() - started)));
            o.flush();
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DEAP subjects to study: {@code --data} (first N), or the synthetic DEAP generated into the cache. */
    private DeapDataset dataset(Settings s, PrintWriter o) {
        if (s.data() != null) {
            DeapDataset all = DeapDataset.open(s.data());
            if (s.subjects() == null || s.subjects() >= all.size()) {
                if (s.subjects() != null && s.subjects() > all.size()) {
                    throw new UserException("--subjects " + s.subjects() + " but " + s.data() + " holds " + all.size() + " subjects");
                }
                return all;
            }
            return DeapDataset.of(all.files().subList(0, s.subjects()));
        }
        SyntheticDeap gen = new SyntheticDeap(s.seed(), s.trials(), s.difficulty());
        Path dir = cache.resolve("synthetic").resolve("seed-" + s.seed() + "-trials-" + s.trials() + "-" + gen.fingerprint());
        List<Path> files = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < s.subjects(); i++) {
            Path f = dir.resolve(SyntheticDeap.id(i) + SyntheticDeap.Format.DAT.extension);
            files.add(f);
            complete &= Files.isRegularFile(f);
        }
        if (complete) {
            o.printf("%-10s %d subjects x %d trials from the cache (%s)%n", "synth", s.subjects(), s.trials(), dir);
        } else {
            try (Progress p = Progress.start("synth", s.subjects(), o)) {
                gen.write(dir, s.subjects(), EnumSet.of(SyntheticDeap.Format.DAT), s.threads(),
                        done -> p.step(done, null));
                p.done(s.subjects() + " subjects x " + s.trials() + " trials, seed " + s.seed() + ", in " + dir);
            }
        }
        return DeapDataset.of(files);
    }

    /** One (feature, split protocol)'s comparison and its majority-class baselines. */
    record ProtocolRun(String protocol, String feature, ComparisonResult comparison, List<Double> majorityBaselinePerFold) {
        double majority() {
            return majorityBaselinePerFold.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
        }

        /** e.g. "trial" or "PSD trial". */
        String label() {
            return feature.equals(FeatureKind.DE.name()) ? protocol : feature + " " + protocol;
        }

        /** The plots' folder: the protocol, under the feature for PSD and raw. */
        String plotDir() {
            return feature.equals(FeatureKind.DE.name()) ? protocol : feature.toLowerCase(Locale.ROOT) + "-" + protocol;
        }
    }

    /** The model name saved in a weights file's metadata, as {@code evoke predict} reads it. */
    static String modelName(String role, FeatureKind kind) {
        return switch (role) {
            case CrossValidation.TEACHER -> "ccnn";
            case CrossValidation.DISTILLED, CrossValidation.SCRATCH -> "student";
            case TableOneModels.ARJUN_VIT -> kind.onGrid() ? "arjunvit-bands" : "arjunvit";
            default -> role;
        };
    }

    /** With validation on, every fold must leave at least 2 training trials (one to train on, one to validate). */
    private static void requireValidationTrials(Settings s, StudyData study, CrossValidation cv) {
        if (s.validation() <= 0) {
            return;
        }
        int[] g = study.trialGroups();
        for (Fold f : cv.folds()) {
            long trials = java.util.Arrays.stream(f.train()).map(r -> g[r]).distinct().count();
            if (trials < 2) {
                throw new UserException("--validation holds out whole trials, but fold " + f.index() + " of the "
                        + cv.config().protocol().label() + " split trains on " + trials + " trial; give more --trials or --subjects, or --validation 0");
            }
        }
    }

    /** The majority-class baseline of every fold. */
    static List<Double> majorityBaselines(StudyData study, List<Fold> folds) {
        return folds.stream().map(f -> Evaluation.majorityBaseline(study.data(), f.train(), f.test())).toList();
    }

    /** Streams the trial with the most held-out windows in fold 0 through the recogniser on fold 0's distilled student. */
    private static EmotionTimeline timeline(Settings s, DeapDataset dataset, FeatureSet set, FeatureKind kind, Fold fold0, Model student) {
        if (student == null || fold0 == null) {
            return null;
        }
        int[] subject = set.subject(), trial = set.trial();
        Map<Long, Integer> heldOutCount = new LinkedHashMap<>();
        for (int row : fold0.test()) {
            heldOutCount.merge(((long) subject[row] << 32) | trial[row], 1, Integer::sum);
        }
        long best = heldOutCount.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
        int subj = (int) (best >>> 32), tr = (int) best;
        java.util.Set<Integer> test = new java.util.HashSet<>();
        for (int row : fold0.test()) {
            test.add(row);
        }
        List<Boolean> held = new ArrayList<>();
        boolean[] labels = null;
        INDArray y = set.labels();
        for (int row = 0; row < set.size(); row++) {
            if (subject[row] == subj && trial[row] == tr) {
                held.add(test.contains(row));
                if (labels == null) {
                    labels = new boolean[] {y.getDouble(row, 0) >= 0.5, y.getDouble(row, 1) >= 0.5, y.getDouble(row, 2) >= 0.5};
                }
            }
        }
        boolean[] heldOut = new boolean[held.size()];
        for (int i = 0; i < heldOut.length; i++) {
            heldOut[i] = held.get(i);
        }
        DeapSubject raw = dataset.read(subj);
        return EmotionTimeline.of(student, s.preset(), kind, raw, tr, labels, heldOut);
    }

    /** Table I with a short in-process JMH measurement. */
    private String tableOne(PrintWriter o) {
        try (Progress p = Progress.start("table I", 4, o)) {
            TableOne.Settings js = new TableOne.Settings(2, tableMillis, 3, tableMillis, 0);
            Map<String, TableOne.Measured> m = TableOne.measure(js);
            String t = TableOne.render(Models.ccnn(0).summary(), Models.evokeStudent(0).summary(), m, Machine.describe(),
                    js + " in the run's own JVM (a quick look; `./evoke table` forks, measures longer and adds the transformers)");
            p.done(String.format(Locale.ROOT, "student %.3f ms at batch 1, %,.0f samples/s at batch 128; teacher %.3f ms, %,.0f samples/s",
                    m.get("evoke/student").latencyMs().value(), m.get("evoke/student").samplesPerSecond().value(),
                    m.get("evoke/ccnn").latencyMs().value(), m.get("evoke/ccnn").samplesPerSecond().value()));
            return t;
        } catch (org.openjdk.jmh.runner.RunnerException e) {
            throw new IllegalStateException("Table I timing failed: " + e.getMessage(), e);
        }
    }

    /** What the data was, for the report. */
    private static Map<String, Object> describeData(Settings s, DeapDataset dataset, FeatureSet set) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", s.data() == null ? "synthetic DEAP (docs/synthetic-deap.md), seed " + s.seed() : "DEAP at " + s.data().toAbsolutePath());
        if (s.data() == null) {
            d.put("difficulty", s.difficulty().toString());
            d.put("generator_version", SyntheticDeap.VERSION);
        }
        d.put("subjects", dataset.subjectIds());
        d.put("trials_per_subject", s.data() == null ? s.trials() : "as in the files");
        d.put("windows", set.size());
        d.put("preset", set.preset());
        d.put("preset_fingerprint", set.presetFingerprint());
        d.put("feature", set.kind().toString());
        d.put("data_hash", set.dataHash());
        INDArray y = set.labels();
        Map<String, Double> high = new LinkedHashMap<>();
        String[] names = {"valence", "arousal", "dominance"};
        for (int j = 0; j < 3; j++) {
            high.put(names[j], y.getColumn(j).meanNumber().doubleValue());
        }
        d.put("fraction_high", high);
        return d;
    }

    private static Map<String, String> provenance(Settings s, FeatureSet set) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("splits", String.join(",", s.splits().stream().map(SplitProtocol::label).toList()));
        m.put("folds", Integer.toString(s.folds()));
        m.put("split_seed", Long.toString(s.seed()));
        m.put("temperature", Double.toString(s.temperature()));
        m.put("alpha", Double.toString(s.alpha()));
        m.put("preset", set.preset());
        m.put("feature", set.kind().toString());
        m.put("data_hash", set.dataHash());
        return m;
    }

    /** Checkpoints of a run resume only a run with the same data and settings. */
    private static String runKey(Settings s, FeatureSet set, SplitProtocol protocol, List<String> models) {
        String key = set.dataHash() + "|" + set.kind() + "|" + set.presetFingerprint() + "|" + models + "|" + s.study(protocol) + "|"
                + (s.sweep() && protocol == s.splits().get(0));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String commandLine() {
        return "evoke " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private static String version() {
        try {
            return new Main.Version().getVersion()[0];
        } catch (IOException e) {
            return "evoke (unknown version)";
        }
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static String parseModel(String v) {
        try {
            return TableOneModels.parse(v);
        } catch (IllegalArgumentException e) {
            throw new UserException("--models: " + e.getMessage());
        }
    }

    private static SplitProtocol parseSplit(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "window" -> SplitProtocol.WINDOW;
            case "trial" -> SplitProtocol.TRIAL;
            case "subject" -> SplitProtocol.SUBJECT;
            default -> throw new UserException("--split must be window, trial or subject, got '" + v + "'");
        };
    }

    private static int or(Integer v, int d) {
        return v != null ? v : d;
    }

    private static void positive(String option, int v) {
        if (v < 1) {
            throw new UserException(option + " must be at least 1, got " + v);
        }
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
    }

    /** Everything a run measured, as {@code results.json}. */
    record RunRecord(String version, String command, String dataHash, Settings settings, Map<String, Object> data,
                     List<ProtocolRun> protocols, SweepResult sweep,
                     EmotionTimeline timeline, String tableOneMarkdown, String machine, double seconds) {
    }

    /** One progress bar per training run (a fold's teacher or student), with a one-line summary when it ends. */
    private static final class RunProgress implements TrainingListener {
        private final PrintWriter out;
        private Progress bar;
        private String run;
        private int batches, firstEpoch, epochs;

        RunProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void onStart(String run, int firstEpoch, int epochs, int batches) {
            close();
            this.run = run;
            this.batches = batches;
            this.firstEpoch = firstEpoch;
            this.epochs = epochs;
            if (firstEpoch > epochs) {
                out.printf("%-10s already trained: its checkpoint from an interrupted run was complete%n", run);
                out.flush();
                return;
            }
            bar = Progress.start(run, (long) (epochs - firstEpoch + 1) * batches, out);
        }

        @Override
        public synchronized void onBatch(String run, int epoch, int batch, int batches, double loss) {
            if (bar != null && run.equals(this.run)) {
                bar.step((long) (epoch - firstEpoch) * batches + batch, String.format(Locale.ROOT, "epoch %d/%d loss %.4f", epoch, epochs, loss));
            }
        }

        @Override
        public synchronized void onEnd(String run, org.evoke.distill.train.TrainingResult r) {
            if (bar == null || !run.equals(this.run)) {
                return;
            }
            EpochRecord last = r.history().isEmpty() ? null : r.history().get(r.history().size() - 1);
            EpochRecord best = r.bestEpoch() > 0 && r.bestEpoch() <= r.history().size() ? r.history().get(r.bestEpoch() - 1) : null;
            String what = r.interrupted() ? "interrupted after epoch " + r.epochsRun()
                    : r.stoppedEarly() ? String.format(Locale.ROOT, "stopped early at epoch %d of %d", r.epochsRun(), epochs)
                    : String.format(Locale.ROOT, "%d epoch%s", r.epochsRun(), r.epochsRun() == 1 ? "" : "s");
            String resumed = firstEpoch > 1 ? " (resumed after epoch " + (firstEpoch - 1) + ")" : "";
            String kept = best != null && best.validationLoss() != null
                    ? String.format(Locale.ROOT, ", kept epoch %d (validation loss %.4f)", r.bestEpoch(), best.validationLoss())
                    : last == null ? "" : String.format(Locale.ROOT, ", last epoch's training loss %.4f", last.trainLoss());
            bar.done(what + resumed + kept);
            bar = null;
        }

        synchronized void close() {
            if (bar != null) {
                bar.done("stopped");
                bar = null;
            }
        }
    }
}

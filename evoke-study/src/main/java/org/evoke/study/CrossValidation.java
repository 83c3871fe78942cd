package org.evoke.study;

import org.evoke.tensor.OrderedMap;
import org.evoke.distill.train.CheckpointOptions;
import org.evoke.distill.train.Evaluation;
import org.evoke.distill.train.Objective;
import org.evoke.distill.train.Trainer;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.distill.train.TrainingData;
import org.evoke.distill.train.TrainingListener;
import org.evoke.distill.train.TrainingResult;
import org.evoke.eeg.split.Fold;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Cross-validation of the EVOKE method over one split protocol. For every fold: the teacher is trained on the
 * fold's training windows (BCE), its logits on those windows are computed once, the distilled student learns from
 * them, and the same student architecture is trained from the same initial weights without distillation (BCE,
 * same budget); all three are evaluated on the fold's held-out windows.
 *
 * <pre>
 * CrossValidation cv = new CrossValidation(StudyData.of(featureSet), StudyConfig.paper(42));
 * ComparisonResult r = cv.compare();                     // the paper's three-way comparison
 * SweepResult s = cv.sweep(SweepPoint.paperLines());      // Fig. 4, reusing each fold's teacher
 * </pre>
 *
 * <p>Folds run on a bounded pool of {@link StudyConfig#parallelFolds()} threads; the results do not depend on it
 * (each fold's models, seeds and shuffles are its own). A fold's teacher is trained once per instance and reused by
 * {@link #compare()} and {@link #sweep}. With a checkpoint root, each run checkpoints into
 * {@code root/fold-<f>/<role>/} and resumes from there.
 */
public final class CrossValidation {
    /** Role names in results. */
    public static final String TEACHER = "teacher", DISTILLED = "distilled", SCRATCH = "scratch";

    private final StudyData study;
    private final StudyConfig config;
    private final List<Fold> folds;
    private final LongFunction<Model> teacherFactory;
    private final LongFunction<Model> studentFactory;
    private Path checkpointRoot;
    private TrainingListener listener = TrainingListener.NONE;
    private ModelSink sink = (fold, role, replicate, model) -> { };
    private final Map<Integer, CompletableFuture<TeacherFold>> teachers = new ConcurrentHashMap<>();
    private boolean teacherOn = true, studentsOn = true;
    private List<Contender> others = List.of();
    /** Results computed elsewhere (evoke-spark): used instead of training, see {@link #precomputed}. */
    private Map<WorkUnit, RunResult> done = Map.of();

    /**
     * Another model of Table I (Arjun ViT, ViT) trained on every fold like the paper's candidate teachers: from
     * scratch, BCE on the hard labels, the teacher's budget, once per fold.
     *
     * @param role    its name in results (e.g. {@code arjunvit})
     * @param factory builds it from a seed; it must take the study's input shape
     */
    public record Contender(String role, LongFunction<Model> factory) {
        public Contender {
            if (List.of(TEACHER, DISTILLED, SCRATCH).contains(role) || role.isBlank()) {
                throw new IllegalArgumentException("contender role '" + role + "' is taken; give the model's own name");
            }
        }
    }

    /** A fold's trained teacher, reduced to what the students need. */
    private record TeacherFold(RunResult result, INDArray logitsByRow) {
    }

    /** The paper's models: CCNN teacher, EVOKE student. */
    public CrossValidation(StudyData study, StudyConfig config) {
        this(study, config, Models::ccnn, Models::evokeStudent);
    }

    /** Other architectures, each built from a seed. */
    public CrossValidation(StudyData study, StudyConfig config, LongFunction<Model> teacherFactory,
                           LongFunction<Model> studentFactory) {
        this.study = study;
        this.config = config;
        this.teacherFactory = teacherFactory;
        this.studentFactory = studentFactory;
        this.folds = config.protocol().folds(config.folds(), study.subject(), study.trial(), config.splitSeed());
    }

    /**
     * Which models the comparison trains: the teacher, the two students (distilled from the teacher when there is
     * one, and from scratch), and other models ({@link Contender}) beside them. The default is the paper's three-way
     * comparison without others.
     */
    public CrossValidation models(boolean teacher, boolean students, List<Contender> contenders) {
        if (!teacher && !students && contenders.isEmpty()) {
            throw new IllegalArgumentException("cross-validation needs at least one model to train");
        }
        if (contenders.stream().map(Contender::role).distinct().count() != contenders.size()) {
            throw new IllegalArgumentException("contender roles must differ, got " + contenders.stream().map(Contender::role).toList());
        }
        this.teacherOn = teacher;
        this.studentsOn = students;
        this.others = List.copyOf(contenders);
        return this;
    }

    /** The roles {@link #compare()} reports, in order: teacher, distilled, scratch (those trained), then the others. */
    public List<String> roles() {
        List<String> r = new ArrayList<>();
        if (teacherOn) {
            r.add(TEACHER);
        }
        if (studentsOn && teacherOn) {
            r.add(DISTILLED);
        }
        if (studentsOn) {
            r.add(SCRATCH);
        }
        others.forEach(c -> r.add(c.role()));
        return r;
    }

    /** Checkpoints every run under {@code root} (and resumes from there). */
    public CrossValidation checkpointInto(Path root) {
        this.checkpointRoot = root;
        return this;
    }

    /** Progress of every run; must be thread-safe when folds run in parallel. */
    public CrossValidation listener(TrainingListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Receives each trained model right after its held-out evaluation, e.g. to save the weights; with parallel folds
     * it is called from several threads at once and must be thread-safe.
     */
    public interface ModelSink {
        /**
         * @param fold  the fold's index
         * @param role  {@link #TEACHER}, {@link #DISTILLED}, {@link #SCRATCH}, or a sweep point's role name
         * @param replicate the students' replicate (0 .. seeds - 1); 0 for the teacher
         * @param model the trained model (its weights are not touched again by the study)
         */
        void trained(int fold, String role, int replicate, Model model);
    }

    /** Hands every trained model to {@code s} (see {@link ModelSink}). */
    public CrossValidation onTrained(ModelSink s) {
        this.sink = s;
        return this;
    }

    public List<Fold> folds() {
        return folds;
    }

    public StudyConfig config() {
        return config;
    }

    /** The seed of fold {@code f}'s teacher ({@code role} 0) or students of replicate r ({@code role} 1 + r). */
    public long modelSeed(int fold, int role) {
        long z = config.modelSeed() * 0x9E3779B97F4A7C15L + fold * 0xBF58476D1CE4E5B9L + role * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 31)) * 0xD6E8FEB86659FD93L;
        return z ^ (z >>> 32);
    }

    /**
     * One unit of the study's work, to run in another process (evoke-spark): a model trained and evaluated on one
     * fold. {@code role} is {@link #TEACHER}, {@link #DISTILLED}, {@link #SCRATCH}, a contender's role, or a sweep
     * point's {@code "distilled T=... alpha=..."} (with its temperature and alpha); {@code replicate} is the students'.
     * A unit's result depends on nothing but the study, the configuration and, for a distilled student, its fold's
     * teacher ({@link #runTeacher}).
     */
    public record WorkUnit(String role, int fold, int replicate, double temperature, double alpha) implements java.io.Serializable {
        /** Whether it learns from its fold's teacher. */
        public boolean distilled() {
            return role.equals(DISTILLED) || role.startsWith("distilled T=");
        }

        /** A sweep point's run (its weights are not kept). */
        public boolean sweepPoint() {
            return role.startsWith("distilled T=");
        }

        @Override
        public String toString() {
            return "fold " + fold + " " + role + (replicate > 0 ? " replicate " + replicate : "");
        }
    }

    /** A fold's trained teacher: its result, and its logits on every row of the study (zero off the fold's training rows). */
    public record TeacherRun(int fold, RunResult result, float[] logitsByRow) implements java.io.Serializable {
    }

    /** The teachers {@link #compare()} and {@link #sweep} need: one per fold when the teacher is among the models. */
    public List<Integer> teacherFolds() {
        return teacherOn ? folds.stream().map(Fold::index).toList() : List.of();
    }

    /** The units of {@link #compare()} besides the teachers, in the order it runs them. */
    public List<WorkUnit> compareUnits() {
        List<WorkUnit> out = new ArrayList<>();
        for (Fold f : folds) {
            for (Contender c : others) {
                out.add(new WorkUnit(c.role(), f.index(), 0, 0, 0));
            }
            for (int r = 0; studentsOn && r < config.seeds(); r++) {
                if (teacherOn) {
                    out.add(new WorkUnit(DISTILLED, f.index(), r, config.temperature(), config.alpha()));
                }
                out.add(new WorkUnit(SCRATCH, f.index(), r, 0, 0));
            }
        }
        return out;
    }

    /** The units of {@link #sweep}, in the order it runs them. */
    public List<WorkUnit> sweepUnits(List<SweepPoint> points) {
        List<WorkUnit> out = new ArrayList<>();
        for (SweepPoint p : points) {
            for (Fold f : folds) {
                for (int r = 0; r < config.seeds(); r++) {
                    out.add(new WorkUnit(sweepRole(p), f.index(), r, p.temperature(), p.alpha()));
                }
            }
        }
        return out;
    }

    private static String sweepRole(SweepPoint p) {
        return "distilled T=" + p.temperature() + " alpha=" + p.alpha();
    }

    /** Trains fold {@code fold}'s teacher here (once per instance) and returns it for other processes' students. */
    public TeacherRun runTeacher(int fold) {
        TeacherFold t = teacher(foldOf(fold));
        return new TeacherRun(fold, t.result(), t.logitsByRow().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat());
    }

    /**
     * Trains and evaluates one unit here, exactly as {@link #compare()} or {@link #sweep} would: same model, seed,
     * objective and budget. A distilled unit takes its fold's teacher from {@code teacher} (or this instance's own).
     * The model sink ({@link #onTrained}) gets the model.
     */
    public RunResult runUnit(WorkUnit u, TeacherRun teacher) {
        Fold f = foldOf(u.fold());
        if (u.distilled()) {
            if (teacher != null) {
                useTeacher(teacher);
            }
            TeacherFold t = teacher(f);
            return student(f, u.role(), u.replicate(), Objective.distillation(u.temperature(), u.alpha(), t.logitsByRow()));
        }
        if (u.role().equals(SCRATCH)) {
            return student(f, SCRATCH, u.replicate(), Objective.hardLabels());
        }
        if (u.role().equals(TEACHER)) {
            return teacher(f).result();
        }
        for (Contender c : others) {
            if (c.role().equals(u.role())) {
                return other(f, c);
            }
        }
        throw new IllegalArgumentException("no model '" + u.role() + "' in this study; it has " + roles());
    }

    /** A fresh model of the unit's architecture and seed (for loading weights trained elsewhere). */
    public Model newModel(WorkUnit u) {
        if (u.role().equals(TEACHER)) {
            return teacherFactory.apply(modelSeed(u.fold(), 0));
        }
        for (Contender c : others) {
            if (c.role().equals(u.role())) {
                return c.factory().apply(modelSeed(u.fold(), CONTENDER_SEEDS + (c.role().hashCode() & 0xFFFF)));
            }
        }
        return studentFactory.apply(modelSeed(u.fold(), 1 + u.replicate()));
    }

    /**
     * Results computed elsewhere ({@link #runTeacher}, {@link #runUnit}): {@link #compare()} and {@link #sweep} then
     * assemble them instead of training, so the summary, the paired comparisons and the sweep are computed as for a
     * run on this machine. A unit without a result is trained here.
     */
    public CrossValidation precomputed(List<TeacherRun> teacherRuns, Map<WorkUnit, RunResult> results) {
        for (TeacherRun t : teacherRuns) {
            useTeacher(t);
        }
        this.done = Map.copyOf(results);
        return this;
    }

    private void useTeacher(TeacherRun t) {
        INDArray z = org.nd4j.linalg.factory.Nd4j.create(t.logitsByRow(), new long[] {t.logitsByRow().length / 3, 3}, 'c');
        teachers.putIfAbsent(t.fold(), CompletableFuture.completedFuture(new TeacherFold(t.result(), z)));
    }

    private Fold foldOf(int index) {
        for (Fold f : folds) {
            if (f.index() == index) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fold " + index + " among " + folds.size() + " folds");
    }

    /**
     * The comparison on every fold: the fold's teacher once, {@link StudyConfig#seeds()} replicates of the distilled
     * and the scratch student (each replicate's two students from the same initial weights), and each other model
     * ({@link #models}) once. The summary is over folds x replicates; the paired comparisons pair runs of the same
     * fold and replicate (a model trained once per fold pairs with every replicate).
     */
    public ComparisonResult compare() {
        int nf = folds.size(), seeds = config.seeds(), no = others.size();
        int perFold = no + (studentsOn ? seeds : 0);
        List<List<RunResult>> flat = onPool(nf * perFold, task -> {
            Fold f = folds.get(task / perFold);
            int k = task % perFold;
            if (k < no) {
                return List.of(orDone(new WorkUnit(others.get(k).role(), f.index(), 0, 0, 0), () -> other(f, others.get(k))));
            }
            int r = k - no;
            List<RunResult> out = new ArrayList<>(2);
            if (teacherOn) {
                out.add(orDone(new WorkUnit(DISTILLED, f.index(), r, config.temperature(), config.alpha()), () -> {
                    TeacherFold t = teacher(f);
                    return student(f, DISTILLED, r, Objective.distillation(config.temperature(), config.alpha(), t.logitsByRow()));
                }));
            }
            out.add(orDone(new WorkUnit(SCRATCH, f.index(), r, 0, 0), () -> student(f, SCRATCH, r, Objective.hardLabels())));
            return out;
        });
        List<FoldResult> results = new ArrayList<>();
        for (int i = 0; i < nf; i++) {
            Fold f = folds.get(i);
            List<RunResult> runs = new ArrayList<>();
            if (teacherOn) {
                runs.add(teacher(f).result());
            }
            for (int k = no; k < perFold; k++) {
                runs.addAll(flat.get(i * perFold + k));
            }
            for (int k = 0; k < no; k++) {
                runs.addAll(flat.get(i * perFold + k));
            }
            results.add(new FoldResult(f.index(), f.train().length, f.test().length, List.copyOf(runs)));
        }
        Map<String, Map<String, Stat>> summary = new LinkedHashMap<>();
        for (String role : roles()) {
            List<Map<String, Double>> perRun = new ArrayList<>();
            for (FoldResult fr : results) {
                for (RunResult run : fr.runs(role)) {
                    perRun.add(withLoss(run.test()));
                }
            }
            summary.put(role, summarise(perRun));
        }
        TrainingData d = study.data();
        return new ComparisonResult(config.protocol().label(), folds.size(), config.splitSeed(), config.modelSeed(),
                config.temperature(), config.alpha(), config.teacher(), config.student(), d.dataHash(), results, summary,
                seeds, paired(results, seeds, overlap(), roles()));
    }

    /** The metrics the paired comparisons cover. */
    public static final List<String> PAIRED_METRICS = List.of("mean_accuracy", "macro_f1");

    /** Confidence of the paired intervals and of the sweep's error bars. */
    public static final double CONFIDENCE = 0.95;

    /**
     * The correction term of the paired intervals ({@link Paired}): held-out over training windows, averaged over
     * the folds.
     */
    public double overlap() {
        double sum = 0;
        for (Fold f : folds) {
            sum += (double) f.test().length / Math.max(1, f.train().length);
        }
        return sum / folds.size();
    }

    /** Distilled vs scratch, teacher vs distilled, teacher vs scratch, on every paired metric. */
    static List<Paired> paired(List<FoldResult> results, int seeds, double rho) {
        return paired(results, seeds, rho, List.of(TEACHER, DISTILLED, SCRATCH));
    }

    /** The paired comparisons among the three roles of the paper that are in {@code roles}. */
    static List<Paired> paired(List<FoldResult> results, int seeds, double rho, List<String> roles) {
        List<Paired> out = new ArrayList<>();
        String[][] pairs = {{DISTILLED, SCRATCH}, {TEACHER, DISTILLED}, {TEACHER, SCRATCH}};
        for (String metric : PAIRED_METRICS) {
            for (String[] p : pairs) {
                if (!roles.contains(p[0]) || !roles.contains(p[1])) {
                    continue;
                }
                int n = results.size() * seeds;
                double[] a = new double[n], b = new double[n];
                int i = 0;
                for (FoldResult fr : results) {
                    for (int r = 0; r < seeds; r++, i++) {
                        a[i] = value(fr, p[0], r, metric);
                        b[i] = value(fr, p[1], r, metric);
                    }
                }
                out.add(Paired.of(p[0], p[1], metric, a, b, rho, CONFIDENCE));
            }
        }
        return out;
    }

    /** The metric of {@code role}'s replicate r in a fold (a model trained once per fold is shared by the replicates). */
    private static double value(FoldResult fr, String role, int r, String metric) {
        List<RunResult> runs = fr.runs(role);
        return runs.get(runs.size() == 1 ? 0 : r).test().metrics().get(metric);
    }

    /**
     * The distilled student at every (T, alpha) on every fold and replicate, each fold's teacher trained once; the
     * points' error bars use the same corrected interval as the paired comparisons.
     */
    public SweepResult sweep(List<SweepPoint> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("sweep: no (T, alpha) points");
        }
        if (!teacherOn || !studentsOn) {
            throw new IllegalArgumentException("sweep: distillation needs the teacher and the student among the models");
        }
        int nf = folds.size(), seeds = config.seeds(), per = nf * seeds;
        List<Map<String, Double>> flat = onPool(points.size() * per, task -> {
            SweepPoint p = points.get(task / per);
            Fold f = folds.get(task % per / seeds);
            int r = task % seeds;
            String role = sweepRole(p);
            return withLoss(orDone(new WorkUnit(role, f.index(), r, p.temperature(), p.alpha()), () -> {
                TeacherFold t = teacher(f);
                return student(f, role, r, Objective.distillation(p.temperature(), p.alpha(), t.logitsByRow()));
            }).test());
        });
        List<SweepResult.Point> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            List<Map<String, Double>> perRun = flat.subList(i * per, (i + 1) * per);
            out.add(new SweepResult.Point(points.get(i).temperature(), points.get(i).alpha(), List.copyOf(perRun),
                    summarise(perRun)));
        }
        return new SweepResult(config.protocol().label(), nf, study.data().dataHash(), out, seeds, overlap());
    }

    private RunResult orDone(WorkUnit u, java.util.function.Supplier<RunResult> train) {
        RunResult r = done.get(u);
        return r != null ? r : train.get();
    }

    private TeacherFold teacher(Fold f) {
        CompletableFuture<TeacherFold> mine = new CompletableFuture<>();
        CompletableFuture<TeacherFold> existing = teachers.putIfAbsent(f.index(), mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            long seed = modelSeed(f.index(), 0);
            Model m = teacherFactory.apply(seed);
            RunResult r = run(f, TEACHER, 0, m, seed, config.teacher(), Objective.hardLabels());
            INDArray z = Evaluation.logitsByRow(m, study.data(), f.train(), config.teacher().batchSize());
            TeacherFold t = new TeacherFold(r, z);
            mine.complete(t);
            return t;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            teachers.remove(f.index(), mine);
            throw e;
        }
    }

    /** A contender on fold f: from scratch on the hard labels, with the teacher's budget. */
    private RunResult other(Fold f, Contender c) {
        long seed = modelSeed(f.index(), CONTENDER_SEEDS + (c.role().hashCode() & 0xFFFF));
        return run(f, c.role(), 0, c.factory().apply(seed), seed, config.teacher(), Objective.hardLabels());
    }

    /** Contenders' seed roles start here, derived from their names, so that adding one leaves the others' seeds alone. */
    private static final int CONTENDER_SEEDS = 1 << 20;

    private RunResult student(Fold f, String role, int replicate, Objective objective) {
        long seed = modelSeed(f.index(), 1 + replicate);
        return run(f, role, replicate, studentFactory.apply(seed), seed, config.student(), objective);
    }

    private RunResult run(Fold f, String role, int replicate, Model model, long seed, TrainingConfig budget, Objective objective) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("split", config.protocol().label());
        provenance.put("fold", Integer.toString(f.index()));
        provenance.put("folds", Integer.toString(folds.size()));
        provenance.put("split_seed", Long.toString(config.splitSeed()));
        provenance.put("role", role);
        provenance.put("replicate", Integer.toString(replicate));
        String dir = role.replace(' ', '_') + (replicate > 0 ? "-r" + replicate : "");
        CheckpointOptions ck = checkpointRoot == null ? CheckpointOptions.NONE
                : CheckpointOptions.in(checkpointRoot.resolve("fold-" + f.index()).resolve(dir), provenance);
        boolean replicated = role.equals(DISTILLED) || role.equals(SCRATCH) || role.startsWith("distilled T=");
        String name = "fold " + f.index() + " " + role + (config.seeds() > 1 && replicated ? " seed " + (replicate + 1) : "");
        TrainingResult tr = new Trainer(budget).train(name, model, objective, study.data(), f.train(), study.trialGroups(), ck, listener);
        Evaluation test = Evaluation.of(model, study.data(), f.test(), budget.batchSize());
        sink.trained(f.index(), role, replicate, model);
        return new RunResult(role, seed, test, tr, replicate);
    }

    private static Map<String, Double> withLoss(Evaluation e) {
        Map<String, Double> m = new LinkedHashMap<>(e.metrics());
        m.put("loss", e.loss());
        return m;
    }

    static Map<String, Stat> summarise(List<Map<String, Double>> perFold) {
        Map<String, Stat> s = new LinkedHashMap<>();
        for (String key : perFold.get(0).keySet()) {
            double[] v = perFold.stream().mapToDouble(m -> m.get(key)).toArray();
            s.put(key, Stat.of(v));
        }
        return s;
    }

    private interface Task<T> {
        T run(int i);
    }

    /**
     * Folds that fit in memory at once: {@link StudyConfig#parallelFolds()}, lowered so that the folds' estimated
     * training memory ({@link #foldBytes}) stays within the off-heap memory ND4J may still allocate (JavaCPP's
     * {@code maxBytes} minus what is allocated now), and at least 1.
     */
    public int foldsAtOnce() {
        int wanted = Math.min(config.parallelFolds(), folds.size());
        if (wanted <= 1) {
            return 1;
        }
        long free = org.bytedeco.javacpp.Pointer.maxBytes() - org.bytedeco.javacpp.Pointer.totalBytes();
        long perFold = 0;
        List<LongFunction<Model>> factories = new ArrayList<>(List.of(teacherFactory, studentFactory));
        others.forEach(c -> factories.add(c.factory()));
        for (LongFunction<Model> m : factories) {
            perFold = Math.max(perFold, foldBytes(m.apply(0).summary(), Math.max(config.teacher().batchSize(), config.student().batchSize())));
        }
        return (int) Math.max(1, Math.min(wanted, free / Math.max(1, perFold)));
    }

    /**
     * An upper estimate of the memory one fold's training holds at once, from the larger model (the teacher): its
     * parameters four times (values, gradients, Adam's two moments), every layer's output and output gradient at
     * {@code batch}, and an im2col buffer 16 times the largest activation (4x4 kernels). Float32.
     */
    public static long foldBytes(org.evoke.nn.summary.ModelSummary teacher, int batch) {
        long activations = 0, largest = 0;
        for (org.evoke.nn.summary.ModelSummary.Row r : teacher.rows()) {
            long per = 1;
            for (long d : r.outputShape()) {
                per *= d;
            }
            activations += per;
            largest = Math.max(largest, per);
        }
        return 4L * (4 * teacher.parameterCount() + (long) batch * (2 * activations + 16 * largest));
    }

    /** Runs tasks 0..n-1 on a bounded pool of {@link #foldsAtOnce()} threads; results in task order. */
    private <T> List<T> onPool(int n, Task<T> task) {
        return OrderedMap.map(n, Math.max(1, Math.min(foldsAtOnce(), n)), "evoke-fold", task::run); // one: in this thread
    }
}

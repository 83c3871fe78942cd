package org.evoke.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.evoke.study.CrossValidation;
import org.evoke.study.CrossValidation.TeacherRun;
import org.evoke.study.CrossValidation.WorkUnit;
import org.evoke.study.RunResult;
import org.evoke.study.SweepPoint;
import org.evoke.nn.Model;
import org.evoke.tensor.Parallel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The study's work on Apache Spark. A cross-validation's units ({@link CrossValidation.WorkUnit}: one model on one
 * fold, for the comparison and for every (T, alpha) point of the sweep) run as Spark tasks with our own trainer, in two
 * stages:
 * <ol>
 *   <li>one task per fold trains the fold's teacher and returns its result and its logits on the training rows;</li>
 *   <li>one task per unit trains a student (distilled from its fold's teacher, broadcast to every executor),
 *       a scratch student or a contender, and returns its result (and, for the units whose weights the run keeps,
 *       the weights as safetensors bytes).</li>
 * </ol>
 * The driver then hands the results to its own {@link CrossValidation} ({@link CrossValidation#precomputed}), whose
 * {@code compare()} and {@code sweep()} assemble them exactly as a run on one machine does. Nothing reaches the
 * caller before every task has succeeded: Spark retries a failed task (an executor that dies) from scratch, and a
 * unit's result depends only on its seeds, so a retry gives the same numbers.
 *
 * <p>Each task's kernels use {@link StudySpec#threads()} threads ({@link Parallel#setThreads}); with
 * {@code spark.task.cpus} set to the same number (as {@link #context} does) an executor runs cores / threads tasks
 * at once, and never more threads than its cores.
 */
public final class SparkStudy {
    private final JavaSparkContext sc;

    public SparkStudy(JavaSparkContext sc) {
        this.sc = sc;
    }

    /**
     * A Spark context for {@code master} ({@code local[*]}, {@code local[N]}, {@code spark://host:7077}, ...) whose
     * tasks each take {@code threadsPerTask} cores. For a cluster master, executors get this JVM's class path
     * ({@code spark.executor.extraClassPath}): right on one machine and on a shared file system with the same paths;
     * otherwise pass {@code spark.jars} (or use spark-submit with the shaded jar) through {@code extra}.
     *
     * @param extra more Spark settings (key, value), applied last
     */
    public static JavaSparkContext context(String master, int threadsPerTask, Map<String, String> extra) {
        // Spark's own INFO/WARN lines would drown the study's progress (slf4j-simple reads these per logger)
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.spark", System.getProperty("org.slf4j.simpleLogger.log.org.apache.spark", "error"));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop", System.getProperty("org.slf4j.simpleLogger.log.org.apache.hadoop", "error"));
        SparkConf conf = new SparkConf().setAppName("evoke study").setMaster(master)
                .set("spark.task.cpus", Integer.toString(threadsPerTask))
                .set("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(threadsPerTask))
                .set("spark.task.maxFailures", "4")
                .set("spark.ui.enabled", "false")
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer")
                .set("spark.driver.maxResultSize", "2g");
        if (master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
            // local[N] alone never retries a task: local[N, F] allows F attempts, as a cluster does
            String m = master.trim();
            if (m.matches("local\\[(\\*|\\d+)]")) {
                conf.setMaster(m.substring(0, m.length() - 1) + ",4]");
            }
        } else {
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            // the executors run the driver's kernels: the Vector API module, and the driver's evoke.* settings
            StringBuilder opts = new StringBuilder("--add-modules jdk.incubator.vector");
            for (String k : List.of("evoke.kernels", "evoke.winograd", "evoke.openblas.coretype")) {
                String v = System.getProperty(k);
                if (v != null && !v.isBlank()) {
                    opts.append(" -D").append(k).append('=').append(v.trim());
                }
            }
            conf.set("spark.executor.extraJavaOptions", opts.toString());
        }
        extra.forEach(conf::set);
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }

    /** Which units send their trained weights back to the driver (the rest only their numbers). */
    @FunctionalInterface
    public interface KeepWeights extends Serializable {
        boolean keep(WorkUnit u);

        /** evoke run's choice: every model of fold 0 and every fold's distilled student, replicate 0, no sweep points. */
        KeepWeights RUN = u -> u.replicate() == 0 && !u.sweepPoint() && (u.fold() == 0 || u.role().equals(CrossValidation.DISTILLED));
        KeepWeights NONE = u -> false;
    }

    /** A fold's teacher, and its weights when kept. */
    record TeacherOutcome(TeacherRun teacher, byte[] weights) implements Serializable {
    }

    /** A unit's result, and its weights when kept. */
    public record UnitOutcome(WorkUnit unit, RunResult result, byte[] weights) implements Serializable {
    }

    /**
     * Runs every unit of {@code driverCv}'s comparison (and of the sweep over {@code sweep}, when not empty) on Spark,
     * then gives the results to {@code driverCv}: its {@code compare()} and {@code sweep(sweep)} then assemble without
     * training. The driver's model sink ({@link CrossValidation#onTrained}) gets each kept model, loaded from its
     * weights.
     *
     * @param spec     the study as the executors rebuild it; {@code driverCv} must be {@code spec.newCrossValidation()}
     *                 (or built the same way)
     * @param progress told each stage's size and end (may be a no-op)
     */
    public void distribute(StudySpec spec, CrossValidation driverCv, List<SweepPoint> sweep, KeepWeights keep,
                           CrossValidation.ModelSink sink, Consumer<String> progress) {
        // with local[N] the tasks run in this JVM and bind its threads: give the driver its own back afterwards
        int ours = Parallel.threads(), nd4j = org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads();
        int blas = org.nd4j.linalg.factory.Nd4j.factory().blas().getMaxThreads();
        try {
            run(spec, driverCv, sweep, keep, sink, progress);
        } finally {
            Parallel.setThreads(ours);
            org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(nd4j);
            org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(blas);
        }
    }

    private void run(StudySpec spec, CrossValidation driverCv, List<SweepPoint> sweep, KeepWeights keep,
                     CrossValidation.ModelSink sink, Consumer<String> progress) {
        long started = System.nanoTime();
        Broadcast<StudySpec> b = sc.broadcast(spec);
        List<Integer> teacherFolds = driverCv.teacherFolds();
        List<TeacherRun> teachers = new ArrayList<>();
        List<UnitOutcome> outcomes = new ArrayList<>();
        if (!teacherFolds.isEmpty()) {
            progress.accept("spark      stage 1: " + teacherFolds.size() + " teacher" + (teacherFolds.size() == 1 ? "" : "s") + ", one task per fold");
            List<TeacherOutcome> raw = sc.parallelize(teacherFolds, teacherFolds.size()).map(fold -> {
                StudySpec s = b.value();
                bindThreads(s.threads());
                CrossValidation cv = s.newCrossValidation(); // its own: the teacher is trained here, whatever ran before
                WorkUnit u = new WorkUnit(CrossValidation.TEACHER, fold, 0, 0, 0);
                TeacherRun[] t = new TeacherRun[1];
                Model trained = capture(cv, () -> t[0] = cv.runTeacher(fold));
                return new TeacherOutcome(t[0], keep.keep(u) ? weights(trained) : null);
            }).collect();
            for (TeacherOutcome r : raw) {
                teachers.add(r.teacher());
                if (r.weights() != null) {
                    outcomes.add(new UnitOutcome(new WorkUnit(CrossValidation.TEACHER, r.teacher().fold(), 0, 0, 0), r.teacher().result(), r.weights()));
                }
            }
        }
        Map<Integer, TeacherRun> byFold = new LinkedHashMap<>();
        teachers.forEach(t -> byFold.put(t.fold(), t));
        Broadcast<Map<Integer, TeacherRun>> tb = sc.broadcast(byFold);
        List<WorkUnit> units = new ArrayList<>(driverCv.compareUnits());
        if (!sweep.isEmpty()) {
            units.addAll(driverCv.sweepUnits(sweep));
        }
        Map<WorkUnit, RunResult> results = new LinkedHashMap<>();
        if (!units.isEmpty()) {
            progress.accept("spark      stage 2: " + units.size() + " student and model runs, one task each");
            List<UnitOutcome> done = sc.parallelize(units, units.size()).map(u -> {
                StudySpec s = b.value();
                bindThreads(s.threads());
                CrossValidation cv = s.crossValidation();
                RunResult[] r = new RunResult[1];
                Model trained = capture(cv, () -> r[0] = cv.runUnit(u, u.distilled() ? tb.value().get(u.fold()) : null));
                return new UnitOutcome(u, r[0], keep.keep(u) && trained != null ? weights(trained) : null);
            }).collect();
            for (UnitOutcome o : done) {
                results.put(o.unit(), o.result());
                if (o.weights() != null) {
                    outcomes.add(o);
                }
            }
        }
        for (UnitOutcome o : outcomes) {
            Model m = driverCv.newModel(o.unit());
            load(m, o.weights());
            sink.trained(o.unit().fold(), o.unit().role(), o.unit().replicate(), m);
        }
        driverCv.precomputed(teachers, results);
        tb.destroy();
        b.destroy();
        progress.accept(String.format(java.util.Locale.ROOT, "spark      %d tasks done in %.1f s", teachers.size() + units.size(),
                (System.nanoTime() - started) / 1e9));
    }

    /**
     * Bounds this JVM's compute threads to a task's share: our kernels ({@link Parallel}), libnd4j's OpenMP regions and
     * OpenBLAS. Set per task, so that with {@code spark.task.cpus} = n an executor never runs more threads than cores.
     */
    static void bindThreads(int n) {
        Parallel.setThreads(n);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(n);
        org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(n);
    }

    /** The model each task thread's unit trained (the executor's cross-validation is shared by its task threads). */
    private static final ThreadLocal<Model[]> TRAINED = ThreadLocal.withInitial(() -> new Model[1]);

    /** Runs {@code work} on {@code cv}, returning the model it trained on this thread (null if none). */
    private static Model capture(CrossValidation cv, Runnable work) {
        Model[] slot = TRAINED.get();
        slot[0] = null;
        cv.onTrained((fold, role, replicate, model) -> TRAINED.get()[0] = model);
        work.run();
        Model m = slot[0];
        slot[0] = null;
        return m;
    }

    static byte[] weights(Model m) {
        return Bytes.of(m::save);
    }

    static void load(Model m, byte[] weights) {
        Bytes.read(weights, path -> {
            m.load(path);
            return m;
        });
    }
}

package org.evoke.distill.train;

import org.evoke.distill.DistillationLoss;
import org.evoke.distill.metrics.MultiLabelMetrics;
import org.evoke.nn.Model;
import org.evoke.nn.optim.Adam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a model on rows of a {@link TrainingData} with Adam, for the teacher (BCE on hard labels), the student from
 * scratch (the same) and the distilled student ({@link Objective.Distillation}).
 *
 * <pre>
 * rows --(validation fraction, seed)--&gt; train rows, validation rows
 * for epoch e = 1..epochs:
 *     order = shuffle(train rows, seed, e)                      a function of (seed, e) only
 *     for each batch of order: gather -&gt; TrainingStep (zero, forward, loss, backward, Adam)
 *     validation: BCE and metrics on the validation rows; keep the weights of the lowest loss
 *     checkpoint (last, and best when improved); stop when patience runs out
 * with validation: the model ends with the best epoch's weights
 * </pre>
 *
 * <p>Same configuration, data, model seed and rows: bit-identical weights (no other randomness: the model's
 * initialisation and dropout masks come from its own seed, the shuffles and the validation split from the
 * configuration's seed). A run interrupted after epoch k and resumed from its checkpoint ends with the same weights
 * as one that was not interrupted. The library never prints: progress goes to the {@link TrainingListener}.
 *
 * <p>One trainer may run several models one after the other or on several threads at once (it holds no state).
 */
public final class Trainer {
    private final TrainingConfig config;

    public Trainer(TrainingConfig config) {
        this.config = config;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Trains without checkpoints or listener. */
    public TrainingResult train(String run, Model model, Objective objective, TrainingData data, int[] rows) {
        return train(run, model, objective, data, rows, CheckpointOptions.NONE, TrainingListener.NONE);
    }

    /**
     * Trains {@code model} in place on {@code rows} of {@code data}.
     *
     * @param run         a name for the run (listener calls, reports)
     * @param model       the model, float32
     * @param objective   BCE on the hard labels, or distillation against teacher logits of these rows
     * @param data        the data
     * @param rows        the rows to train on (the validation split, if any, is taken out of them)
     * @param checkpoints where to checkpoint and whether to resume
     * @param listener    progress
     */
    public TrainingResult train(String run, Model model, Objective objective, TrainingData data, int[] rows,
                                CheckpointOptions checkpoints, TrainingListener listener) {
        return train(run, model, objective, data, rows, null, checkpoints, listener);
    }

    /**
     * As {@link #train(String, Model, Objective, TrainingData, int[], CheckpointOptions, TrainingListener)}, with the
     * validation part held out by group ({@link Shuffle#splitByGroup}): whole trials, so that neighbouring seconds of
     * one trial do not sit on both sides of the validation split.
     *
     * @param groups the group (e.g. trial id) of every row of {@code data}, or null to hold out single rows
     */
    public TrainingResult train(String run, Model model, Objective objective, TrainingData data, int[] rows, int[] groups,
                                CheckpointOptions checkpoints, TrainingListener listener) {
        data.requireRows(rows, run + " training rows");
        if (groups != null && groups.length != data.size()) {
            throw new IllegalArgumentException(run + ": groups has " + groups.length + " entries; expected one per row of the data ("
                    + data.size() + ")");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException(run + ": no training rows");
        }
        if (model.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(run + ": model " + model.name() + " is " + model.dataType() + "; the trainer expects float32");
        }
        if (!java.util.Arrays.equals(model.inputShape(), data.rowShape())) {
            throw new IllegalArgumentException(run + ": model " + model.name() + " takes " + java.util.Arrays.toString(model.inputShape())
                    + " per sample, the data has " + java.util.Arrays.toString(data.rowShape()) + " (grid features feed the CNNs and"
                    + " ViT, raw windows feed Arjun ViT)");
        }
        int[][] split = groups == null ? Shuffle.split(rows, config.validationFraction(), config.seed())
                : Shuffle.splitByGroup(rows, groups, config.validationFraction(), config.seed());
        int[] trainRows = split[0], valRows = split[1];
        boolean validate = valRows.length > 0;

        DistillationLoss distill = objective instanceof Objective.Distillation d ? d.loss() : null;
        INDArray teacher = objective instanceof Objective.Distillation d ? d.teacherLogits() : null;
        Adam adam = new Adam(model.parameters(), config.learningRate());
        TrainingStep step = new TrainingStep(model, adam, distill);
        Batches batches = new Batches(data, teacher);
        Map<String, String> meta = metadata(model, objective, data, checkpoints);
        meta.put("validation_by", groups == null ? "window" : "group");

        int epoch = 0, bestEpoch = 0, bad = 0;
        double bestLoss = Double.POSITIVE_INFINITY;
        List<EpochRecord> history = new ArrayList<>();
        Map<String, INDArray> bestWeights = null;
        if (checkpoints.resume() && Files.exists(checkpoints.last())) {
            Map<String, String> saved = new LinkedHashMap<>();
            Checkpoint.Progress p = Checkpoint.restore(checkpoints.last(), model, adam, saved);
            requireCompatible(checkpoints.last(), saved, meta);
            epoch = p.epoch();
            bestEpoch = p.bestEpoch();
            bestLoss = p.bestValidationLoss();
            bad = p.badEpochs();
            history.addAll(p.history());
            if (validate && bestEpoch > 0) {
                if (!Files.exists(checkpoints.best())) {
                    throw new IllegalArgumentException(checkpoints.last() + " records best epoch " + bestEpoch + " but "
                            + checkpoints.best() + " is missing");
                }
                Map<String, INDArray> saved2 = org.evoke.tensor.io.SafeTensors.read(checkpoints.best()).tensors();
                bestWeights = new LinkedHashMap<>();
                for (String name : model.state().keySet()) {
                    INDArray w = saved2.get(name);
                    if (w == null) {
                        throw new IllegalArgumentException(checkpoints.best() + " lacks tensor " + name + " of " + model.name());
                    }
                    bestWeights.put(name, w.dup('c'));
                }
            }
        }
        boolean stoppedEarly = validate && config.patience() > 0 && bad >= config.patience();
        boolean interrupted = false;

        int n = trainRows.length, bs = config.batchSize();
        int nBatches = (n + bs - 1) / bs;
        int labels = data.labelCount();
        INDArray epochLogits = Nd4j.create(DataType.FLOAT, n, labels); // (n, L) running logits of the epoch
        INDArray epochLabels = Nd4j.create(DataType.FLOAT, n, labels); // (n, L) their labels
        FloatBuffer el = epochLogits.data().asNioFloat(), ey = epochLabels.data().asNioFloat();
        listener.onStart(run, epoch + 1, config.epochs(), nBatches);

        while (!stoppedEarly && epoch < config.epochs()) {
            epoch++;
            long t0 = System.nanoTime();
            int[] order = Shuffle.permutation(trainRows, config.seed(), epoch);
            double lossSum = 0;
            for (int b = 0; b < nBatches; b++) {
                int from = b * bs, count = Math.min(bs, n - from);
                batches.gather(order, from, count, bs);
                double loss = step.step(batches.x(), batches.y(), batches.z());
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException(run + ": loss became " + loss + " at epoch " + epoch + ", batch " + (b + 1)
                            + "; lower the learning rate (" + config.learningRate() + ")");
                }
                lossSum += loss * count;
                el.put(from * labels, step.lastLogits().data().asNioFloat(), 0, count * labels);
                ey.put(from * labels, batches.y().data().asNioFloat(), 0, count * labels);
                listener.onBatch(run, epoch, b + 1, nBatches, loss);
            }
            Map<String, Double> trainMetrics = MultiLabelMetrics.fromLogits(epochLogits, epochLabels).asMap();
            Double valLoss = null;
            Map<String, Double> valMetrics = null;
            boolean improved = false;
            if (validate) {
                Evaluation e = Evaluation.of(model, data, valRows, bs);
                valLoss = e.loss();
                valMetrics = e.metrics();
                improved = valLoss < bestLoss;
                if (improved) {
                    bestLoss = valLoss;
                    bestEpoch = epoch;
                    bad = 0;
                    bestWeights = copyInto(bestWeights, model.state());
                } else {
                    bad++;
                }
            } else {
                bestEpoch = epoch;
            }
            EpochRecord rec = new EpochRecord(epoch, lossSum / n, trainMetrics, valLoss, valMetrics, improved,
                    (System.nanoTime() - t0) / 1e9);
            history.add(rec);
            if (checkpoints.directory() != null) {
                writeCheckpoints(checkpoints, model, adam, meta, improved,
                        new Checkpoint.Progress(epoch, bestEpoch, bestLoss, bad, history));
            }
            listener.onEpoch(run, rec);
            if (validate && config.patience() > 0 && bad >= config.patience() && epoch < config.epochs()) {
                stoppedEarly = true;
            } else if (epoch < config.epochs() && listener.stopRequested(run)) {
                interrupted = true;
                break;
            }
        }
        if (validate && bestWeights != null && !interrupted) {
            model.load(bestWeights, "the best epoch's weights");
        }
        TrainingResult result = new TrainingResult(run, model.name(), objective.describe(), config, trainRows.length, valRows.length,
                List.copyOf(history), validate ? bestEpoch : epoch, stoppedEarly, interrupted);
        listener.onEnd(run, result);
        return result;
    }

    private Map<String, String> metadata(Model model, Objective objective, TrainingData data, CheckpointOptions c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("seed", Long.toString(model.seed())); // the model's seed also seeds its dropout masks
        m.put("objective", objective.describe());
        if (objective instanceof Objective.Distillation d) {
            m.put("temperature", Double.toString(d.loss().temperature()));
            m.put("alpha", Double.toString(d.loss().alpha()));
        }
        m.put("train_seed", Long.toString(config.seed()));
        m.put("lr", Double.toString(config.learningRate()));
        m.put("batch", Integer.toString(config.batchSize()));
        m.put("epochs", Integer.toString(config.epochs()));
        m.put("validation_fraction", Double.toString(config.validationFraction()));
        m.put("patience", Integer.toString(config.patience()));
        m.put("data_hash", data.dataHash());
        m.putAll(c.provenance());
        return m;
    }

    /**
     * The settings that shape the trajectory must match the checkpoint's (the epoch budget may grow). The model's
     * seed is among them: it seeds the dropout masks, so the resumed model must be built with the same seed.
     */
    private static void requireCompatible(Path file, Map<String, String> saved, Map<String, String> now) {
        for (String key : List.of("seed", "objective", "train_seed", "lr", "batch", "validation_fraction", "patience", "data_hash",
                "validation_by")) {
            if (!String.valueOf(saved.get(key)).equals(now.get(key))) {
                throw new IllegalArgumentException(file + ": checkpoint has " + key + " = " + saved.get(key)
                        + " but this run has " + now.get(key) + "; use a fresh checkpoint directory");
            }
        }
    }

    private static void writeCheckpoints(CheckpointOptions c, Model model, Adam adam, Map<String, String> meta,
                                         boolean improved, Checkpoint.Progress progress) {
        try {
            Files.createDirectories(c.directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create checkpoint directory " + c.directory(), e);
        }
        if (improved) {
            Map<String, String> m = new LinkedHashMap<>(meta);
            m.put("epoch", Integer.toString(progress.epoch()));
            model.save(c.best(), m);
        }
        Checkpoint.write(c.last(), model, adam, meta, progress);
    }

    private static Map<String, INDArray> copyInto(Map<String, INDArray> into, Map<String, INDArray> state) {
        if (into == null) {
            into = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : state.entrySet()) {
                into.put(e.getKey(), e.getValue().dup('c'));
            }
            return into;
        }
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            into.get(e.getKey()).assign(e.getValue());
        }
        return into;
    }
}

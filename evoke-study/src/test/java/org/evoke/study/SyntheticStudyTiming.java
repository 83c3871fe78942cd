package org.evoke.study;

import org.evoke.distill.train.Evaluation;
import org.evoke.distill.train.Objective;
import org.evoke.distill.train.Trainer;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.distill.train.TrainingData;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.features.SubjectFeatures;
import org.evoke.eeg.split.Fold;
import org.evoke.eeg.split.SplitProtocol;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A timed main (not a test): a short study on the synthetic DEAP, per seed, to measure how far above chance the
 * teacher and the distilled student get on held-out windows and how long it takes; the bound asserted by
 * {@code SyntheticStudyTest} comes from these numbers.
 * <pre>
 * java -cp ... org.evoke.study.SyntheticStudyTiming subjects trials epochs protocol maxTrainWindows seed...
 * </pre>
 */
public final class SyntheticStudyTiming {
    private SyntheticStudyTiming() {
    }

    /** Features of {@code subjects} synthetic subjects with {@code trials} trials each (data seed fixed). */
    public static StudyData synthetic(long dataSeed, int subjects, int trials) {
        SyntheticDeap gen = new SyntheticDeap(dataSeed, trials, org.evoke.eeg.synth.Difficulty.EASY);
        FeatureExtractor fx = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE);
        List<INDArray> xs = new ArrayList<>(), ys = new ArrayList<>();
        List<Integer> subj = new ArrayList<>(), tri = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            DeapSubject d = gen.subject(s);
            SubjectFeatures f = fx.extract(d);
            xs.add(f.features().castTo(DataType.FLOAT));
            ys.add(f.labels().castTo(DataType.FLOAT));
            for (int t : f.trial()) {
                subj.add(s);
                tri.add(t);
            }
        }
        INDArray x = Nd4j.concat(0, xs.toArray(new INDArray[0]));
        INDArray y = Nd4j.concat(0, ys.toArray(new INDArray[0]));
        return new StudyData(TrainingData.of(x, y), subj.stream().mapToInt(i -> i).toArray(), tri.stream().mapToInt(i -> i).toArray());
    }

    /** Trains teacher, distilled and scratch student on fold 0 and returns their held-out mean accuracies. */
    public static double[] foldZero(StudyData d, SplitProtocol protocol, int k, int epochs, long seed, int maxTrain) {
        Fold all = protocol.folds(k, d.subject(), d.trial(), seed).get(0);
        int[] train = org.evoke.distill.train.Shuffle.permutation(all.train(), seed, 0);
        train = java.util.Arrays.copyOf(train, Math.min(maxTrain, train.length));
        java.util.Arrays.sort(train);
        Fold f = new Fold(0, train, all.test());
        TrainingConfig cfg = new TrainingConfig(epochs, 32, 1e-3, seed, 0, 0);
        Model teacher = Models.ccnn(seed);
        long t0 = System.nanoTime();
        new Trainer(cfg).train("teacher", teacher, Objective.hardLabels(), d.data(), f.train());
        System.out.printf(Locale.ROOT, "  teacher %d windows x %d epochs: %.1f s%n", f.train().length, epochs, (System.nanoTime() - t0) / 1e9);
        INDArray z = Evaluation.logitsByRow(teacher, d.data(), f.train(), 128);
        Model distilled = Models.evokeStudent(seed + 1), scratch = Models.evokeStudent(seed + 1);
        new Trainer(cfg).train("distilled", distilled, Objective.distillation(1.25, 0.25, z), d.data(), f.train());
        new Trainer(cfg).train("scratch", scratch, Objective.hardLabels(), d.data(), f.train());
        return new double[] {
                Evaluation.of(teacher, d.data(), f.test(), 128).metrics().get("mean_accuracy"),
                Evaluation.of(distilled, d.data(), f.test(), 128).metrics().get("mean_accuracy"),
                Evaluation.of(scratch, d.data(), f.test(), 128).metrics().get("mean_accuracy"),
                chance(d.data(), f)};
    }

    /** The held-out accuracy of always predicting each label's majority value on the training part. */
    public static double chance(TrainingData d, Fold f) {
        return Evaluation.majorityBaseline(d, f.train(), f.test());
    }

    public static void main(String[] args) {
        int subjects = Integer.parseInt(args[0]), trials = Integer.parseInt(args[1]), epochs = Integer.parseInt(args[2]);
        SplitProtocol protocol = SplitProtocol.parse(args[3]);
        int maxTrain = Integer.parseInt(args[4]);
        long t0 = System.nanoTime();
        StudyData d = synthetic(2024, subjects, trials);
        System.out.printf(Locale.ROOT, "features: %d windows in %.1f s%n", d.data().size(), (System.nanoTime() - t0) / 1e9);
        for (int i = 5; i < args.length; i++) {
            long seed = Long.parseLong(args[i]);
            long t1 = System.nanoTime();
            double[] a = foldZero(d, protocol, 4, epochs, seed, maxTrain);
            System.out.printf(Locale.ROOT, "seed %d: teacher %.4f, distilled %.4f, scratch %.4f, majority baseline %.4f (%.1f s)%n",
                    seed, a[0], a[1], a[2], a[3], (System.nanoTime() - t1) / 1e9);
        }
    }
}

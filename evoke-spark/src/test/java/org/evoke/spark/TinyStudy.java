package org.evoke.spark;

import org.evoke.study.ComparisonResult;
import org.evoke.study.CrossValidation;
import org.evoke.study.FoldResult;
import org.evoke.study.RunResult;
import org.evoke.study.StudyConfig;
import org.evoke.study.SweepPoint;
import org.evoke.study.SweepResult;
import org.evoke.distill.train.EpochRecord;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.eeg.cache.FeatureSet;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.features.SubjectFeatures;
import org.evoke.eeg.split.SplitProtocol;
import org.evoke.eeg.synth.SyntheticDeap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tiny sweep: 2 synthetic subjects, 2 folds, 2 temperatures, 1 epoch; and how to compare two runs of it. */
final class TinyStudy {
    static final List<SweepPoint> POINTS = List.of(new SweepPoint(2, 0.5), new SweepPoint(6, 0.5));

    private TinyStudy() {
    }

    /** DE features of 2 synthetic subjects x 4 trials (480 windows). */
    static FeatureSet features() {
        SyntheticDeap gen = new SyntheticDeap(11, 4);
        FeatureExtractor fx = new FeatureExtractor(Preset.TORCHEEG, FeatureKind.DE);
        List<INDArray> xs = new ArrayList<>(), ys = new ArrayList<>();
        List<Integer> subject = new ArrayList<>(), trial = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            SubjectFeatures f = fx.extract(gen.subject(s));
            xs.add(f.features().castTo(DataType.FLOAT));
            ys.add(f.labels().castTo(DataType.FLOAT));
            for (int t : f.trial()) {
                subject.add(s);
                trial.add(t);
            }
        }
        return new FeatureSet(Nd4j.concat(0, xs.toArray(new INDArray[0])), Nd4j.concat(0, ys.toArray(new INDArray[0])),
                subject.stream().mapToInt(Integer::intValue).toArray(), trial.stream().mapToInt(Integer::intValue).toArray(),
                List.of(SyntheticDeap.id(0), SyntheticDeap.id(1)), "torcheeg", Preset.TORCHEEG.fingerprint(), FeatureKind.DE, "tiny-study");
    }

    static StudyConfig config() {
        TrainingConfig budget = new TrainingConfig(1, 64, 1e-3, 5, 0, 0);
        return StudyConfig.paper(5).withProtocol(SplitProtocol.TRIAL, 2).withBudgets(budget, budget).withSeeds(1);
    }

    static StudySpec spec(int threads) {
        return StudySpec.of(features(), FeatureKind.DE, config(), true, true, List.of(), threads);
    }

    /** Every number of two comparisons and sweeps is the same, bit for bit (wall times aside). */
    static void assertSame(ComparisonResult a, ComparisonResult b, SweepResult sa, SweepResult sb) {
        assertEquals(a.folds().size(), b.folds().size());
        for (int f = 0; f < a.folds().size(); f++) {
            FoldResult fa = a.folds().get(f), fb = b.folds().get(f);
            assertEquals(fa.runs().size(), fb.runs().size());
            for (int k = 0; k < fa.runs().size(); k++) {
                RunResult ra = fa.runs().get(k), rb = fb.runs().get(k);
                String where = "fold " + f + " " + ra.role();
                assertEquals(ra.role(), rb.role(), where);
                assertEquals(ra.modelSeed(), rb.modelSeed(), where);
                assertEquals(ra.test(), rb.test(), where + ": held-out loss and metrics");
                List<Double> la = ra.training().history().stream().map(EpochRecord::trainLoss).toList();
                List<Double> lb = rb.training().history().stream().map(EpochRecord::trainLoss).toList();
                assertEquals(la, lb, where + ": training losses");
            }
        }
        assertEquals(a.summary(), b.summary(), "summary");
        assertEquals(a.paired(), b.paired(), "paired comparisons");
        assertEquals(sa.points().size(), sb.points().size());
        for (int i = 0; i < sa.points().size(); i++) {
            assertEquals(sa.points().get(i).folds(), sb.points().get(i).folds(), "sweep point " + i);
        }
    }

    static CrossValidation.ModelSink none() {
        return (fold, role, replicate, model) -> { };
    }
}

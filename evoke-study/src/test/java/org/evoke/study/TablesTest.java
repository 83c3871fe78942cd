package org.evoke.study;

import org.evoke.distill.train.Evaluation;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.distill.train.TrainingResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesTest {

    /** A comparison of two folds with hand-made metrics: accuracy 0.6 and 0.8 for every model. */
    static ComparisonResult twoFolds() {
        TrainingConfig cfg = new TrainingConfig(1, 8, 1e-3, 1, 0, 0);
        List<FoldResult> folds = new java.util.ArrayList<>();
        Map<String, List<Map<String, Double>>> perRole = new LinkedHashMap<>();
        for (int f = 0; f < 2; f++) {
            List<RunResult> runs = new java.util.ArrayList<>();
            for (String role : List.of("teacher", "distilled", "scratch")) {
                Map<String, Double> m = new LinkedHashMap<>();
                for (String k : List.of("accuracy.valence", "accuracy.arousal", "accuracy.dominance", "f1.valence",
                        "f1.arousal", "f1.dominance", "mean_accuracy", "macro_f1", "micro_f1", "exact_match")) {
                    m.put(k, f == 0 ? 0.6 : 0.8);
                }
                TrainingResult tr = new TrainingResult("fold " + f + " " + role, "m", "bce", cfg, 10, 0, List.of(), 1, false, false);
                runs.add(new RunResult(role, 1, new Evaluation(0.5, m), tr));
                Map<String, Double> withLoss = new LinkedHashMap<>(m);
                withLoss.put("loss", 0.5);
                perRole.computeIfAbsent(role, r -> new java.util.ArrayList<>()).add(withLoss);
            }
            folds.add(new FoldResult(f, 10, 5, runs));
        }
        Map<String, Map<String, Stat>> summary = new LinkedHashMap<>();
        perRole.forEach((role, list) -> summary.put(role, CrossValidation.summarise(list)));
        return new ComparisonResult("window", 2, 3, 4, 1.25, 0.25, cfg, cfg, "hash", folds, summary);
    }

    @Test
    void theComparisonTableShowsMeanAndSpreadPerModel() {
        String md = Tables.comparison(twoFolds());
        String std = String.format(java.util.Locale.ROOT, "%.4f", Math.sqrt(0.02));
        assertTrue(md.contains("| teacher (CCNN) | 0.7000 ± " + std + " |"), md);
        assertTrue(md.contains("Split: window, 2 folds (split seed 3); distillation T = 1.25, alpha = 0.25."), md);
        assertEquals(7, md.split("\n").length);
    }

    @Test
    void theFoldTableHasOneRowPerFold() {
        String md = Tables.folds(twoFolds());
        assertTrue(md.contains("| 1 | 10 | 5 | 0.8000 | 0.8000 | 0.8000 | 0.8000 | 0.8000 | 0.8000 |"), md);
        assertEquals(4, md.split("\n").length);
    }

    @Test
    void theSweepTableListsEveryPoint() {
        Map<String, Stat> s = Map.of("mean_accuracy", Stat.of(new double[] {0.5, 0.7}), "macro_f1", Stat.of(new double[] {0.4}),
                "micro_f1", Stat.of(new double[] {0.4}), "exact_match", Stat.of(new double[] {0.1}));
        SweepResult r = new SweepResult("trial", 2, "h", List.of(new SweepResult.Point(2.0, 0.5, List.of(), s)));
        String md = Tables.sweep(r);
        assertTrue(md.contains("| 2 | 0.5 | 0.6000 ± 0.1414 | 0.4000 ± 0.0000 |"), md);
    }
}

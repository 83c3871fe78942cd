package org.evoke.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.evoke.study.ComparisonResult;
import org.evoke.study.CrossValidation;
import org.evoke.study.SweepResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tiny sweep on an embedded local[2] Spark gives the numbers of the same study run without Spark. */
class SparkStudyLocalTest {
    @Test
    void localSparkMatchesTheSingleMachineRunBitForBit() {
        StudySpec spec = TinyStudy.spec(1);
        CrossValidation alone = spec.newCrossValidation();
        ComparisonResult a = alone.compare();
        SweepResult sa = alone.sweep(TinyStudy.POINTS);

        CrossValidation driver = spec.newCrossValidation();
        List<String> kept = new ArrayList<>();
        List<String> log = new ArrayList<>();
        try (JavaSparkContext sc = SparkStudy.context("local[2]", 1, Map.of())) {
            new SparkStudy(sc).distribute(spec, driver, TinyStudy.POINTS, SparkStudy.KeepWeights.RUN,
                    (fold, role, replicate, model) -> kept.add(fold + " " + role), log::add);
        }
        ComparisonResult b = driver.compare();
        SweepResult sb = driver.sweep(TinyStudy.POINTS);
        TinyStudy.assertSame(a, b, sa, sb);
        assertEquals(List.of("0 teacher", "0 distilled", "0 scratch", "1 distilled"), kept.stream().sorted((x, y) -> x.compareTo(y) == 0 ? 0
                : Integer.compare(x.charAt(0), y.charAt(0)) != 0 ? Integer.compare(x.charAt(0), y.charAt(0)) : order(x) - order(y)).toList(),
                "the run keeps fold 0's models and every distilled student");
        assertTrue(log.stream().anyMatch(l -> l.contains("stage 2: 8 ")), log.toString()); // 2 folds x (distilled, scratch, 2 sweep points)
    }

    private static int order(String s) {
        return s.contains("teacher") ? 0 : s.contains("distilled") ? 1 : 2;
    }
}

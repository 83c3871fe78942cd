package org.evoke.study;

import org.evoke.distill.train.EpochRecord;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.distill.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    private static SweepResult.Point point(double t, double a, double acc) {
        List<Map<String, Double>> runs = List.of(Map.of("mean_accuracy", acc - 0.02, "macro_f1", acc - 0.12),
                Map.of("mean_accuracy", acc, "macro_f1", acc - 0.1), Map.of("mean_accuracy", acc + 0.02, "macro_f1", acc - 0.08));
        return new SweepResult.Point(t, a, runs, CrossValidation.summarise(runs));
    }

    @Test
    void theSweepChartHasOneLinePerFixedValueSortedAlongX() {
        SweepResult r = new SweepResult("window", 5, "h", List.of(point(4, 0.25, 0.7), point(1, 0.25, 0.6),
                point(1.25, 0.25, 0.65), point(1.25, 0.5, 0.62)));
        XYChart vsT = Plots.sweep(r, true, "mean_accuracy");
        assertEquals(1, vsT.getSeriesMap().size(), "only alpha 0.25 has several T");
        assertArrayEquals(new double[] {1, 1.25, 4}, vsT.getSeriesMap().get("alpha = 0.25").getXData());
        assertArrayEquals(new double[] {0.6, 0.65, 0.7}, vsT.getSeriesMap().get("alpha = 0.25").getYData(), 1e-12);
        // error bars: the 95 % t interval of 3 runs at +-0.02: t(0.975, 2) 0.02 / sqrt(3) = 4.302653 x 0.011547 = 0.049683
        for (double e : vsT.getSeriesMap().get("alpha = 0.25").getExtraValues()) {
            assertEquals(0.049683, e, 1e-6);
        }
        XYChart vsAlpha = Plots.sweep(r, false, "macro_f1");
        assertArrayEquals(new double[] {0.25, 0.5}, vsAlpha.getSeriesMap().get("T = 1.25").getXData());
        SweepResult single = new SweepResult("window", 5, "h", List.of(point(1, 0.25, 0.6)));
        assertThrows(IllegalArgumentException.class, () -> Plots.sweep(single, true, "mean_accuracy"));
    }

    @Test
    void learningCurvesAreWrittenAsPng(@TempDir Path dir) throws Exception {
        TrainingConfig cfg = new TrainingConfig(2, 8, 1e-3, 1, 0.2, 0);
        List<EpochRecord> h = List.of(new EpochRecord(1, 0.9, Map.of(), 0.95, Map.of(), true, 1),
                new EpochRecord(2, 0.7, Map.of(), 0.9, Map.of(), true, 1));
        TrainingResult r = new TrainingResult("teacher", "ccnn", "bce", cfg, 8, 2, h, 2, false, false);
        XYChart c = Plots.learningCurves("curves", List.of(r));
        assertEquals(2, c.getSeriesMap().size(), "train and validation");
        Path png = dir.resolve("curves.png");
        Plots.savePng(c, png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G');
    }
}

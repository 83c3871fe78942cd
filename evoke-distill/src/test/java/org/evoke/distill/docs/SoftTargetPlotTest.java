package org.evoke.distill.docs;

import org.evoke.distill.TemperatureSigmoid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftTargetPlotTest {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void chartHasOneCurveOfSigmoidZOverTPerTemperature() {
        XYChart chart = SoftTargetPlot.chart();
        assertEquals(List.of("T = 0.5", "T = 1", "T = 1.25", "T = 2", "T = 4"), List.copyOf(chart.getSeriesMap().keySet()));
        for (double t : SoftTargetPlot.TEMPERATURES) {
            XYSeries s = chart.getSeriesMap().get(SoftTargetPlot.label(t));
            double[] z = s.getXData();
            double[] q = s.getYData();
            assertEquals(SoftTargetPlot.POINTS, z.length);
            assertEquals(-SoftTargetPlot.Z_MAX, z[0], 1e-12);
            assertEquals(SoftTargetPlot.Z_MAX, z[z.length - 1], 1e-12);
            for (int k = 0; k < z.length; k++) {
                assertEquals(1 / (1 + Math.exp(-z[k] / t)), q[k], 1e-15, "T " + t + ", z " + z[k]);
            }
            assertEquals(0.5, q[SoftTargetPlot.POINTS / 2], 1e-15, "every curve passes through (0, 1/2)");
            assertEquals(TemperatureSigmoid.sigmoid(SoftTargetPlot.Z_MAX / t), q[z.length - 1], 0.0);
        }
    }

    @Test
    void writesAReadablePngThroughATemporaryFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("sub/soft-targets.png");
        SoftTargetPlot.write(out);
        BufferedImage image = ImageIO.read(out.toFile());
        assertNotNull(image, "a PNG that ImageIO can decode");
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "no temporary file left behind");
        }
        SoftTargetPlot.write(out); // overwriting an existing figure works too
        assertTrue(Files.size(out) > 1000);
    }
}

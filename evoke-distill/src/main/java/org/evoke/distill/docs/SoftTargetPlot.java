package org.evoke.distill.docs;

import org.evoke.distill.TemperatureSigmoid;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Draws the figure of {@code docs/distillation.md}: the soft target sigmoid(z / T) against the teacher logit z,
 * for several temperatures, computed by {@link TemperatureSigmoid#sigmoid(double, double)}.
 *
 * <p>Run from the repository root: {@code java -cp ... org.evoke.distill.docs.SoftTargetPlot [out.png]}
 * (default {@code docs/img/soft-targets.png}). The file is written to a temporary file and renamed into place.
 */
public final class SoftTargetPlot {
    /** The temperatures drawn: sharper than 1, 1, the paper's 1.25, and two hotter ones. */
    public static final double[] TEMPERATURES = {0.5, 1.0, 1.25, 2.0, 4.0};
    /** The logit range drawn, -Z_MAX..Z_MAX. */
    public static final double Z_MAX = 8.0;
    /** Points per curve. */
    public static final int POINTS = 321;

    private SoftTargetPlot() {
    }

    /** The logits z of every curve: POINTS evenly spaced values from -Z_MAX to Z_MAX. */
    public static double[] logits() {
        double[] z = new double[POINTS];
        for (int k = 0; k < POINTS; k++) {
            z[k] = -Z_MAX + 2 * Z_MAX * k / (POINTS - 1);
        }
        return z;
    }

    /** The chart: one series "T = ..." per temperature, q = sigmoid(z / T) against z. */
    public static XYChart chart() {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Soft targets q = sigmoid(z / T) of the temperature sigmoid")
                .xAxisTitle("teacher logit z").yAxisTitle("soft target q").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        double[] z = logits();
        for (double t : TEMPERATURES) {
            double[] q = new double[z.length];
            for (int k = 0; k < z.length; k++) {
                q[k] = TemperatureSigmoid.sigmoid(z[k], t);
            }
            XYSeries s = chart.addSeries(label(t), z, q);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** The series name of temperature t, e.g. "T = 1.25". */
    public static String label(double t) {
        return "T = " + (t == Math.rint(t) ? String.valueOf((long) t) : String.valueOf(t));
    }

    /** Renders the chart as PNG to {@code out}, through a temporary file in the same folder and a rename. */
    public static void write(Path out) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart(), BitmapEncoder.BitmapFormat.PNG);
            Path dir = out.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, png);
                if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    // createTempFile makes the file private (rw-------); a figure is for everyone to read
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the soft-target plot to " + out + ": " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Path out = Paths.get(args.length > 0 ? args[0] : "docs/img/soft-targets.png");
        write(out);
        System.out.println("wrote " + out.toAbsolutePath().normalize());
    }
}

package org.evoke.study;

import org.evoke.distill.train.EpochRecord;
import org.evoke.distill.train.TrainingResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * PNG plots of study results (XChart), written atomically: learning curves, and the sweep's accuracy and macro F1
 * against T and against alpha (the paper's Fig. 4).
 */
public final class Plots {
    private static final int WIDTH = 800, HEIGHT = 500;

    private Plots() {
    }

    /**
     * Learning curves: the training loss of every run by epoch, and the validation loss where there is one.
     *
     * @param title the chart's title
     * @param runs  the runs (named by their run name)
     */
    public static XYChart learningCurves(String title, List<TrainingResult> runs) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle("loss").build();
        for (TrainingResult r : runs) {
            List<Double> e = new ArrayList<>(), train = new ArrayList<>(), ve = new ArrayList<>(), val = new ArrayList<>();
            for (EpochRecord rec : r.history()) {
                e.add((double) rec.epoch());
                train.add(rec.trainLoss());
                if (rec.validationLoss() != null) {
                    ve.add((double) rec.epoch());
                    val.add(rec.validationLoss());
                }
            }
            if (!e.isEmpty()) {
                c.addSeries(r.run() + " train", e, train).setMarker(SeriesMarkers.NONE);
            }
            if (!ve.isEmpty()) {
                c.addSeries(r.run() + " validation", ve, val).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return c;
    }

    /** The learning curves of fold {@code fold} of a comparison: teacher, distilled and scratch student (replicate 0). */
    public static XYChart learningCurves(ComparisonResult r, int fold) {
        FoldResult f = r.folds().get(fold);
        return learningCurves("Learning curves, fold " + f.fold() + " (" + r.protocol() + " split)",
                f.runs().stream().filter(x -> x.replicate() == 0).map(RunResult::training).toList());
    }

    /**
     * A sweep metric against T (at each alpha that has more than one T) or against alpha (at each T with more than
     * one alpha); points carry the mean over folds x replicates, error bars its 95 % interval (Student's t with the
     * cross-validation overlap correction, {@link Paired}; none with a single run).
     *
     * @param againstTemperature true: x is T; false: x is alpha
     * @param metric             e.g. {@code mean_accuracy} or {@code macro_f1}
     */
    public static XYChart sweep(SweepResult r, boolean againstTemperature, String metric) {
        String x = againstTemperature ? "T" : "alpha";
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(metricName(metric) + " vs " + x + " (distilled student, " + r.protocol() + " split, " + r.k() + " folds" + (r.seeds() > 1 ? " x " + r.seeds() + " seeds" : "") + ", 95% CI)")
                .xAxisTitle(againstTemperature ? "temperature T" : "alpha").yAxisTitle(metricName(metric)).build();
        Map<Double, List<SweepResult.Point>> lines = new java.util.TreeMap<>();
        for (SweepResult.Point p : r.points()) {
            lines.computeIfAbsent(againstTemperature ? p.alpha() : p.temperature(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Double, List<SweepResult.Point>> line : lines.entrySet()) {
            List<SweepResult.Point> ps = new ArrayList<>(line.getValue());
            if (ps.size() < 2) {
                continue;
            }
            ps.sort(Comparator.comparingDouble(p -> againstTemperature ? p.temperature() : p.alpha()));
            double[] xs = ps.stream().mapToDouble(p -> againstTemperature ? p.temperature() : p.alpha()).toArray();
            double[] ys = ps.stream().mapToDouble(p -> p.summary().get(metric).mean()).toArray();
            double[] err = ps.stream().mapToDouble(p -> {
                double[] ci = r.interval(p, metric);
                return Double.isNaN(ci[1]) ? 0 : (ci[2] - ci[1]) / 2;
            }).toArray();
            XYSeries s = c.addSeries((againstTemperature ? "alpha = " : "T = ") + line.getKey(), xs, ys, err);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (c.getSeriesMap().isEmpty()) {
            throw new IllegalArgumentException("sweep has no line against " + x + ": it needs two or more points that differ only in " + x);
        }
        return c;
    }

    /** Saves a chart as PNG at {@code file}, atomically. */
    public static void savePng(XYChart chart, Path file) {
        try {
            Results.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + file, e);
        }
    }

    /**
     * Writes the sweep's four Fig. 4 plots into {@code dir}: {@code accuracy-vs-T.png}, {@code f1-vs-T.png},
     * {@code accuracy-vs-alpha.png}, {@code f1-vs-alpha.png} (a pair is skipped when the sweep has no such line).
     *
     * @return the files written
     */
    public static List<Path> writeSweep(SweepResult r, Path dir) {
        List<Path> out = new ArrayList<>();
        for (boolean t : new boolean[] {true, false}) {
            String x = t ? "T" : "alpha";
            boolean has = r.points().stream().collect(java.util.stream.Collectors.groupingBy(
                    p -> t ? p.alpha() : p.temperature(), java.util.stream.Collectors.counting())).values().stream().anyMatch(n -> n > 1);
            if (!has) {
                continue;
            }
            Path acc = dir.resolve("accuracy-vs-" + x + ".png"), f1 = dir.resolve("f1-vs-" + x + ".png");
            savePng(sweep(r, t, "mean_accuracy"), acc);
            savePng(sweep(r, t, "macro_f1"), f1);
            out.add(acc);
            out.add(f1);
        }
        return out;
    }

    private static String metricName(String metric) {
        return switch (metric) {
            case "mean_accuracy" -> "accuracy (mean over labels)";
            case "macro_f1" -> "macro F1";
            case "micro_f1" -> "micro F1";
            case "exact_match" -> "exact match";
            default -> metric;
        };
    }
}

package org.evoke.cli;

import org.evoke.live.EmotionRecognizer;
import org.evoke.live.Recognition;
import org.evoke.eeg.avatar.ExpressionLibrary;
import org.evoke.eeg.avatar.ExpressionSmoother;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.emotion.EmotionTable;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.nn.Model;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The emotion timeline of one trial: its raw EEG streamed, one second at a time, through an
 * {@link EmotionRecognizer} built on a trained student, as a live application would feed it.
 *
 * @param subjectId  the subject
 * @param trial      the trial (0-based)
 * @param trueLabels the trial's binarised ratings (valence, arousal, dominance high)
 * @param trueEmotion the emotion of those labels
 * @param windows    one entry per recognised window
 */
record EmotionTimeline(String subjectId, int trial, boolean[] trueLabels, String trueEmotion, List<Window> windows) {

    /**
     * One window of the stream.
     *
     * @param index        window number in the trial
     * @param start        start in seconds after the baseline
     * @param end          end in seconds
     * @param probabilities valence, arousal, dominance high
     * @param emotion      the window's own emotion
     * @param expression   the smoothed avatar expression shown at that moment
     * @param heldOut      whether the model never trained on this window
     */
    record Window(long index, double start, double end, double[] probabilities, String emotion, String expression,
                  boolean heldOut) {
    }

    /** A run of consecutive windows with the same emotion and expression. */
    record Segment(double start, double end, int windows, int heldOut, String emotion, String expression, double[] meanProbabilities) {
    }

    /**
     * Streams trial {@code trial} of {@code subject} through a recogniser on {@code student}.
     *
     * @param heldOut which of the trial's windows (in order) the student never trained on
     */
    static EmotionTimeline of(Model student, Preset preset, FeatureKind kind, DeapSubject subject, int trial,
                              boolean[] trueLabels, boolean[] heldOut) {
        EmotionTable emotions = EmotionTable.defaultTable();
        EmotionRecognizer r = new EmotionRecognizer(student, preset, kind, emotions, ExpressionLibrary.defaultLibrary(),
                new ExpressionSmoother());
        INDArray x = subject.data().get(NDArrayIndex.point(trial), NDArrayIndex.interval(0, 32), NDArrayIndex.all()); // (32, samples)
        int samples = (int) x.size(1);
        float[][] eeg = x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        List<Window> out = new ArrayList<>();
        int chunk = preset.samplingRate(); // one second per push, as a live stream would arrive
        for (int from = 0; from < samples; from += chunk) {
            int n = Math.min(chunk, samples - from);
            float[][] part = new float[eeg.length][];
            for (int c = 0; c < eeg.length; c++) {
                part[c] = java.util.Arrays.copyOfRange(eeg[c], from, from + n);
            }
            for (Recognition rec : r.push(part)) {
                int w = (int) rec.window();
                out.add(new Window(rec.window(), rec.startSeconds(), rec.endSeconds(), rec.probabilities(),
                        rec.emotion().name(), rec.expression().name(), w < heldOut.length && heldOut[w]));
            }
        }
        String truth = emotions.of(trueLabels[0], trueLabels[1], trueLabels[2]).name();
        return new EmotionTimeline(subject.id(), trial, trueLabels, truth, out);
    }

    /** Consecutive windows merged where emotion and expression stay the same. */
    List<Segment> segments() {
        List<Segment> s = new ArrayList<>();
        int i = 0;
        while (i < windows.size()) {
            Window first = windows.get(i);
            int j = i;
            double[] sum = new double[3];
            int held = 0;
            while (j < windows.size() && windows.get(j).emotion().equals(first.emotion())
                    && windows.get(j).expression().equals(first.expression())) {
                for (int k = 0; k < 3; k++) {
                    sum[k] += windows.get(j).probabilities()[k];
                }
                held += windows.get(j).heldOut() ? 1 : 0;
                j++;
            }
            int n = j - i;
            s.add(new Segment(first.start(), windows.get(j - 1).end(), n, held, first.emotion(), first.expression(),
                    new double[] {sum[0] / n, sum[1] / n, sum[2] / n}));
            i = j;
        }
        return s;
    }

    /** Emotion and expression names that appear, with the true emotion (for the avatar pictures). */
    Set<String> namesSeen() {
        Set<String> names = new java.util.TreeSet<>();
        names.add(trueEmotion);
        for (Window w : windows) {
            names.add(w.emotion());
            names.add(w.expression());
        }
        return names;
    }

    /** Fraction of windows whose own emotion is the trial's true emotion. */
    double agreement() {
        return windows.isEmpty() ? 0 : windows.stream().filter(w -> w.emotion().equals(trueEmotion)).count() / (double) windows.size();
    }

    /** The three probabilities against time, with the 0.5 decision line. */
    XYChart chart() {
        XYChart c = new XYChartBuilder().width(900).height(420)
                .title(String.format(Locale.ROOT, "Emotion timeline: subject %s, trial %d (true: %s)", subjectId, trial + 1, trueEmotion))
                .xAxisTitle("seconds after the baseline (window start)").yAxisTitle("P(high)").build();
        double[] t = windows.stream().mapToDouble(Window::start).toArray();
        String[] names = {"valence", "arousal", "dominance"};
        for (int k = 0; k < 3; k++) {
            int kk = k;
            double[] p = windows.stream().mapToDouble(w -> w.probabilities()[kk]).toArray();
            c.addSeries(names[k] + (trueLabels[k] ? " (true: high)" : " (true: low)"), t, p).setMarker(SeriesMarkers.NONE);
        }
        if (t.length > 0) {
            c.addSeries("decision threshold", new double[] {t[0], t[t.length - 1]}, new double[] {0.5, 0.5}).setMarker(SeriesMarkers.NONE);
        }
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        return c;
    }

    /** One line per window, for {@code timeline.csv}. */
    String csv() {
        StringBuilder s = new StringBuilder("window,start_s,end_s,p_valence,p_arousal,p_dominance,emotion,expression,held_out\n");
        for (Window w : windows) {
            s.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%.4f,%.4f,%.4f,%s,%s,%b%n", w.index(), w.start(), w.end(),
                    w.probabilities()[0], w.probabilities()[1], w.probabilities()[2], w.emotion(), w.expression(), w.heldOut()));
        }
        return s.toString();
    }
}

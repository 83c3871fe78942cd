package org.evoke.live.source;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.emotion.EmotionTable;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.synth.SyntheticDeap;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The demo subject of {@code evoke live}: subject {@value #SUBJECT} of a synthetic DEAP (16 trials), its trials
 * ordered so that the stream shows each emotion of the default table once, first, then the others.
 */
public final class DemoSource {
    /** The demo subject's index in the synthetic DEAP: not one a default study trains on. */
    public static final int SUBJECT = 7;

    private DemoSource() {
    }

    /** The demo stream of the synthetic DEAP of {@code seed}; with {@code loop}, it starts again after the last trial. */
    public static RecordedSource create(long seed, Preset preset, int chunk, boolean loop) {
        SyntheticDeap gen = new SyntheticDeap(seed, 16);
        DeapSubject s = gen.subject(SUBJECT);
        EmotionTable table = EmotionTable.defaultTable();
        INDArray y = preset.labelBinarizer().binarize(s.labels());
        List<Integer> order = new ArrayList<>(IntStream.range(0, s.trials()).boxed().toList());
        order.sort(Comparator.comparing(t -> table.of(y.getDouble(t, 0) > 0.5, y.getDouble(t, 1) > 0.5, y.getDouble(t, 2) > 0.5).name()));
        List<Integer> firstOfEach = new ArrayList<>(), rest = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int t : order) {
            String e = table.of(y.getDouble(t, 0) > 0.5, y.getDouble(t, 1) > 0.5, y.getDouble(t, 2) > 0.5).name();
            (seen.contains(e) ? rest : firstOfEach).add(t);
            if (!seen.contains(e)) {
                seen.add(e);
            }
        }
        firstOfEach.addAll(rest);
        return new RecordedSource(s, firstOfEach, chunk, preset.baselineSamples(), loop,
                "demo: synthetic subject " + s.id() + " (seed " + seed + "), " + s.trials() + " trials through " + seen.size() + " emotions");
    }
}

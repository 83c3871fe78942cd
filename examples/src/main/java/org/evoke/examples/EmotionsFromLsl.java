package org.evoke.examples;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.ElectrodeGrid;
import org.evoke.eeg.lsl.LslConfig;
import org.evoke.eeg.lsl.LslOutlet;
import org.evoke.eeg.montage.Montage;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.live.EegSource;
import org.evoke.live.LiveRecognition;
import org.evoke.nn.models.Models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Emotions from an LSL stream in one call (module evoke-live). A headset's LSL app (OpenBCI GUI, Muse's, BioSemi's
 * ActiView bridge, ...) would publish the stream; so that the example runs anywhere, it publishes one itself: a
 * synthetic subject's trial through our own LSL outlet, on this machine only. Then:
 *
 * <pre>
 * LiveRecognition.open(weights).from(EegSource.lsl("name=evoke-example")).onRecognition(r -&gt; ...).run();
 * </pre>
 *
 * <pre>
 * java ... org.evoke.examples.EmotionsFromLsl [weights.safetensors]   # weights from evoke run; default: a fresh student
 * </pre>
 */
public final class EmotionsFromLsl {
    private EmotionsFromLsl() {
    }

    public static void main(String[] args) throws Exception {
        Path weights;
        if (args.length > 0) {
            weights = Path.of(args[0]);
        } else {
            weights = Files.createTempFile("evoke-student", ".safetensors");
            Models.evokeStudent(42).save(weights);                  // untrained: the emotions are arbitrary
        }
        String name = "evoke-example-" + ProcessHandle.current().pid();
        Thread headset = headset(name);

        long windows = LiveRecognition.open(weights)
                .from(EegSource.lsl("name=" + name))                // resolved on this machine, 32 electrodes by label
                .onRecognition(r -> System.out.printf("%3d  %5.1f-%5.1f s  valence %.2f  arousal %.2f  dominance %.2f  %s%n",
                        r.window(), r.startSeconds(), r.endSeconds(), r.probabilities()[0], r.probabilities()[1],
                        r.probabilities()[2], r.emotion().name()))
                .run();                                             // until the stream ends
        headset.join();
        System.out.println(windows + " windows recognised");
        if (args.length == 0) {
            Files.delete(weights);
        }
    }

    /** A stand-in for the headset's LSL app: one synthetic trial at 8x real time, then the outlet closes. */
    private static Thread headset(String name) throws Exception {
        List<String> labels = new ArrayList<>();
        for (String n : ElectrodeGrid.NAMES) {
            labels.add(Montage.pretty(n));                          // FP1 -> Fp1, ...: the labels a cap would send
        }
        LslOutlet outlet = new LslOutlet(name, "EEG", labels, 128, "evoke-example", LslConfig.loopback(), null);
        DeapSubject subject = new SyntheticDeap(7, 1).subject(0);
        Thread t = new Thread(() -> {
            try (outlet) {
                while (outlet.consumers() == 0) {
                    Thread.sleep(10);                               // until the recogniser's inlet connects
                }
                float[] sample = new float[32];
                for (int i = 0; i < subject.samples(); i++) {
                    for (int c = 0; c < 32; c++) {
                        sample[c] = (float) subject.data().getDouble(0, c, i);
                    }
                    outlet.push(sample, i / 128.0);
                    if (i % 16 == 15) {
                        Thread.sleep(16 * 1000 / 128 / 8);          // 8x real time
                    }
                }
                Thread.sleep(500);                                  // the last samples reach the inlet
            } catch (Exception e) {
                System.err.println("headset: " + e.getMessage());
            }
        }, "example-headset");
        t.start();
        return t;
    }
}

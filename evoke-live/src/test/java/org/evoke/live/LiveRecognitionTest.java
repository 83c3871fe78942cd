package org.evoke.live;

import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.features.ElectrodeGrid;
import org.evoke.eeg.lsl.LslConfig;
import org.evoke.eeg.lsl.LslOutlet;
import org.evoke.eeg.montage.Montage;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.nn.models.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-call entry: weights, a source, a listener; the same windows as the recogniser fed by hand. */
class LiveRecognitionTest {
    @TempDir
    static Path tmp;
    static Path weights;
    static DeapSubject subject;

    @BeforeAll
    static void weightsAndASubject() {
        weights = tmp.resolve("student.safetensors");
        Models.evokeStudent(31).save(weights, Map.of("preset", "torcheeg", "feature", "DE"));
        subject = new SyntheticDeap(41, 2).subject(1);
    }

    /** The recogniser fed the source's chunks by hand: the reference for the one-call runs. */
    private static List<Recognition> byHand(EegSource source) {
        EmotionRecognizer r = EmotionRecognizer.open(weights);
        List<Recognition> out = new ArrayList<>();
        float[][] c;
        while ((c = source.next()) != null) {
            out.addAll(r.push(c));
        }
        return out;
    }

    private static void assertSameWindows(List<Recognition> expected, List<Recognition> actual, double tolerance) {
        assertEquals(expected.size(), actual.size(), "windows");
        for (int i = 0; i < expected.size(); i++) {
            Recognition e = expected.get(i), a = actual.get(i);
            assertEquals(e.window(), a.window());
            assertArrayEquals(e.probabilities(), a.probabilities(), tolerance, "window " + i);
            assertEquals(e.emotion(), a.emotion(), "window " + i);
        }
    }

    @Test
    void aDeapReplayGivesTheRecognisersWindowsInOrder() throws Exception {
        List<Recognition> expected = byHand(EegSource.deap(subject, 0, 1));
        assertEquals(120, expected.size(), "two trials of 60 windows");

        List<Recognition> run = new ArrayList<>();
        long n = LiveRecognition.open(weights).from(EegSource.deap(subject, 0, 1)).onRecognition(run::add).run();
        assertEquals(120, n);
        assertSameWindows(expected, run, 0.0);

        List<Recognition> started = Collections.synchronizedList(new ArrayList<>());
        try (LiveRecognition live = LiveRecognition.open(weights).from(EegSource.deap(subject, 0, 1))
                .onRecognition(started::add).start()) {
            assertTrue(live.await(60_000), "the replay ends");
            assertTrue(live.ended());
            assertNull(live.failure());
            assertEquals(120, live.windows());
        }
        assertSameWindows(expected, started, 0.0);
    }

    @Test
    void aBadChunkEndsTheRunWithOneLine() throws Exception {
        EegSource nan = new EegSource() {
            int calls;

            @Override
            public float[][] next() {
                float[][] c = new float[32][64];
                if (++calls == 10) {
                    c[3][5] = Float.NaN;
                }
                return c;
            }

            @Override
            public String describe() {
                return "a source with a NaN";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiveRecognition.open(weights).from(nan).run());
        assertTrue(e.getMessage().contains("NaN") && !e.getMessage().contains("\n"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> LiveRecognition.open(weights).run(), "no source");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> LiveRecognition.open(tmp.resolve("nothing.safetensors")));
        assertTrue(missing.getMessage().contains("is not a file"), missing.getMessage());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closeStopsARealTimeStreamAtOnce() throws Exception {
        List<Recognition> seen = Collections.synchronizedList(new ArrayList<>());
        LiveRecognition live = LiveRecognition.open(weights).from(EegSource.synthetic(2024).paced(4.0))
                .onRecognition(seen::add).start();
        assertTrue(live.describe().startsWith("demo: synthetic subject"), live.describe());
        while (seen.size() < 2) {
            Thread.sleep(20); // 3 s of baseline and two windows at 4x real time: about 1.3 s
        }
        long t0 = System.nanoTime();
        live.close();
        assertTrue(live.ended(), "ended by close()");
        assertNull(live.failure(), "closing is no failure");
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "close() waits for one chunk at most");
        live.close(); // twice: nothing
    }

    /** Our own LSL outlet on loopback, as a headset would stream, into EegSource.lsl and the one-call entry. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anLslStreamFromOurOutletBecomesEmotions() throws Exception {
        String name = "evoke-live-test-" + ProcessHandle.current().pid();
        List<String> labels = new ArrayList<>();
        for (String n : ElectrodeGrid.NAMES) {
            labels.add(Montage.pretty(n));
        }
        List<Recognition> expected = byHand(EegSource.deap(subject, 0));
        List<Recognition> got = Collections.synchronizedList(new ArrayList<>());
        try (LslOutlet outlet = new LslOutlet(name, "EEG", labels, 128, "evoke-test-" + name, LslConfig.loopback(), null)) {
            Thread sender = new Thread(() -> {
                try {
                    while (outlet.consumers() == 0) {
                        Thread.sleep(10);
                    }
                    EegSource trial = EegSource.deap(subject, 0);
                    float[] v = new float[32];
                    float[][] c;
                    long sent = 0;
                    while ((c = trial.next()) != null) {
                        for (int i = 0; i < c[0].length; i++) {
                            for (int k = 0; k < 32; k++) {
                                v[k] = c[k][i];
                            }
                            outlet.push(v, sent++ / 128.0);
                        }
                        Thread.sleep(1); // 16 samples a millisecond: 16x real time
                    }
                    Thread.sleep(300);   // the last samples reach the inlet before the outlet closes
                    outlet.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-outlet");
            sender.start();
            EegSource lsl = EegSource.lsl("name=" + name, LslConfig.loopback(), Duration.ofSeconds(2), Montage.Missing.ZERO,
                    false, line -> { });
            assertTrue(lsl.describe().contains(name) && lsl.describe().contains("32 of DEAP's 32"), lsl.describe());
            long n = LiveRecognition.open(weights).from(lsl).onRecognition(got::add).run();
            sender.join();
            assertEquals(60, n, "one trial: 60 windows after the baseline");
        }
        assertSameWindows(expected, got, 0.0);
        assertFalse(got.isEmpty());
    }
}

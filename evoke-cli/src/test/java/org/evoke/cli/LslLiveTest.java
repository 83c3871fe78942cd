package org.evoke.cli;

import org.evoke.nn.models.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A synthetic subject streamed by {@code evoke synth --lsl} into {@code evoke live --lsl} on 127.0.0.1 (loopback
 * mode: no multicast, no broadcast) gives the same windows, probabilities and emotions as the replay of the same
 * subject's file with {@code evoke live --data}.
 */
class LslLiveTest {
    @TempDir
    static Path tmp;
    static Path student, deap;

    @BeforeAll
    static void files() {
        student = tmp.resolve("student.safetensors");
        Models.evokeStudent(11).save(student);
        deap = tmp.resolve("deap");
        Cli c = Cli.run("synth", "--out", deap.toString(), "--subjects", "1", "--trials", "2");
        assertEquals(0, c.exit(), c.err());
    }

    static List<String> windows(Cli c) {
        return c.out().lines().filter(l -> l.startsWith("window ")).toList();
    }

    @Test
    void anLslStreamGivesTheSameEmotionsAsTheFileReplay() throws Exception {
        String name = "evoke-synth-test-" + UUID.randomUUID().toString().substring(0, 6);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Cli> synth = pool.submit(() -> Cli.run("synth", "--lsl", name, "--subject", "1", "--trials", "2", "--trial", "1",
                    "--speed", "40"));
            Cli live = Cli.run("live", "--lsl", "name=" + name, "--reference", "none", "--weights", student.toString(), "--port", "0",
                    "--exit-when-done", "--print", "--lsl-wait", "2");
            Cli s = synth.get(60, TimeUnit.SECONDS);
            assertEquals(0, s.exit(), s.err() + s.out());
            assertTrue(s.out().contains("sent 8064 samples"), s.out());
            assertEquals(0, live.exit(), live.err() + live.out());
            assertTrue(live.out().contains("Montage: 32 of DEAP's 32 electrodes found."), live.out());
            Cli file = Cli.run("live", "--data", deap.toString(), "--subject", "s01", "--trial", "1", "--speed", "40", "--weights",
                    student.toString(), "--port", "0", "--exit-when-done", "--print");
            assertEquals(0, file.exit(), file.err());
            // a trial of 63 s: 3 s of baseline, then 60 windows of 1 s
            assertEquals(60, windows(file).size(), file.out());
            assertEquals(windows(file), windows(live));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void streamsWithoutUsableLabelsAreOneLine() throws Exception {
        String name = "evoke-unlabelled-" + UUID.randomUUID().toString().substring(0, 6);
        try (org.evoke.eeg.lsl.LslOutlet out = new org.evoke.eeg.lsl.LslOutlet(name, "EEG", List.of("1", "2", "3", "4"), 250,
                name, org.evoke.eeg.lsl.LslConfig.loopback(), null)) {
            String[][] cases = {
                    {"--channels", "Fp1,Fp2"},
                    {}};
            String[] expected = {"--channels gives 2 labels; LSL stream '" + name + "' has 4 channels",
                    "none of DEAP's 32 EEG electrodes among its channels [1, 2, 3, 4]"};
            for (int i = 0; i < cases.length; i++) {
                List<String> args = new java.util.ArrayList<>(List.of("live", "--lsl", "name=" + name, "--lsl-wait", "2", "--weights",
                        student.toString(), "--port", "0", "--exit-when-done"));
                args.addAll(List.of(cases[i]));
                Cli c = Cli.run(args.toArray(String[]::new));
                assertEquals(Main.USER_ERROR, c.exit(), args + ": " + c.err() + c.out());
                assertTrue(c.oneLineError() && c.err().contains(expected[i]), args + " -> " + c.err());
            }
        }
    }

    @Test
    void noSuchStreamAndBadOptionsAreOneLine() {
        String[][] cases = {
                {"live", "--lsl", "name=nobody-" + UUID.randomUUID(), "--lsl-wait", "0.6", "--weights", student.toString(), "--port", "0"},
                {"live", "--lsl", "name=x", "--lsl-wait", "-1", "--weights", student.toString(), "--port", "0"},
                {"live", "--lsl", "na me=x", "--lsl-wait", "0.5", "--weights", student.toString(), "--port", "0"},
                {"live", "--lsl", "x", "--demo", "--weights", student.toString()},
                {"synth", "--lsl", "x", "--out", tmp.toString()},
                {"synth", "--lsl", "x", "--trial", "9", "--trials", "2"},
                {"synth", "--lsl", "x", "--subject", "banana"}};
        String[] expected = {"no LSL stream name='nobody-", "--lsl-wait must be in (0, 86400]", "expected name=VALUE, type=VALUE or a name",
                "are different sources; give one", "give --out DIR (write files) or --lsl NAME (stream), one of them",
                "--trial 9: subject s01 has trials 1..2", "--subject must be a number 1..999 or sXX"};
        for (int i = 0; i < cases.length; i++) {
            Cli c = Cli.run(cases[i]);
            assertEquals(Main.USER_ERROR, c.exit(), String.join(" ", cases[i]) + ": " + c.err() + c.out());
            assertTrue(c.oneLineError() && c.err().contains(expected[i]), String.join(" ", cases[i]) + " -> " + c.err());
        }
    }
}

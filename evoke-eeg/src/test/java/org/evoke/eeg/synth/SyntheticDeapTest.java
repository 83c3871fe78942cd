package org.evoke.eeg.synth;

import org.evoke.eeg.deap.DeapReader;
import org.evoke.eeg.deap.DeapSubject;
import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDeapTest {

    @TempDir
    Path tmp;

    @Test
    void subjectHasDeapShapesAndRatingsOneToNineWithTwoDecimals() {
        DeapSubject s = new SyntheticDeap(1).subject(2);
        assertEquals("s03", s.id());
        assertArrayEquals(new long[]{40, 40, 8064}, s.data().shape());
        assertArrayEquals(new long[]{40, 4}, s.labels().shape());
        for (double r : s.labels().data().asDouble()) {
            assertTrue(r >= 1 && r <= 9, "rating " + r);
            assertEquals(Math.round(r * 100) / 100.0, r, 0.0);
        }
        assertEquals(40, SyntheticDeap.CHANNEL_NAMES.size());
        assertEquals("Pz", SyntheticDeap.CHANNEL_NAMES.get(15));
        assertEquals("O2", SyntheticDeap.CHANNEL_NAMES.get(31));
    }

    @Test
    void sameSeedGivesSameBytesAndDifferentSeedDifferentData() throws IOException {
        SyntheticDeap a = new SyntheticDeap(7, 3);
        Path f1 = DeapWriterHelper.dat(a.subject(0), tmp.resolve("a/s01.dat"));
        Path f2 = DeapWriterHelper.dat(new SyntheticDeap(7, 3).subject(0), tmp.resolve("b/s01.dat"));
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2));
        Path m1 = DeapWriterHelper.mat(a.subject(0), tmp.resolve("a/s01.mat"));
        Path m2 = DeapWriterHelper.mat(new SyntheticDeap(7, 3).subject(0), tmp.resolve("b/s01.mat"));
        assertArrayEquals(Files.readAllBytes(m1), Files.readAllBytes(m2));
        double[] x = a.subject(0).data().data().asDouble();
        assertFalse(java.util.Arrays.equals(x, new SyntheticDeap(8, 3).subject(0).data().data().asDouble()));
        assertFalse(java.util.Arrays.equals(x, a.subject(1).data().data().asDouble()));
    }

    @Test
    void bothWrittenFormatsReadBackExactly() {
        SyntheticDeap gen = new SyntheticDeap(11, 3);
        List<Integer> progress = new java.util.ArrayList<>();
        List<Path> files = gen.write(tmp, 2, EnumSet.allOf(SyntheticDeap.Format.class), 2, progress::add);
        assertEquals(List.of(1, 2), progress, "one progress call per subject written, in order");
        assertEquals(List.of(tmp.resolve("s01.dat").toAbsolutePath(), tmp.resolve("s01.mat").toAbsolutePath(),
                tmp.resolve("s02.dat").toAbsolutePath(), tmp.resolve("s02.mat").toAbsolutePath()), files);
        for (int i = 0; i < 2; i++) {
            DeapSubject expected = gen.subject(i);
            for (String ext : List.of(".dat", ".mat")) {
                DeapSubject back = DeapReader.read(tmp.resolve(SyntheticDeap.id(i) + ext));
                assertEquals(expected.id(), back.id());
                assertArrayEquals(expected.data().shape(), back.data().shape());
                assertArrayEquals(expected.data().data().asDouble(), back.data().data().asDouble(), 0.0, ext);
                assertArrayEquals(expected.labels().data().asDouble(), back.labels().data().asDouble(), 0.0, ext);
            }
        }
    }

    @Test
    void synthesisVarianceEqualsTheIntegralOfTheSpectrum() {
        SyntheticDeap.Subject p = new SyntheticDeap.Subject(new SplittableRandom(3));
        double[][] amp = SyntheticDeap.amplitudes(p);
        int c = 13; // O1
        double df = SyntheticDeap.RATE / SyntheticDeap.FFT_LENGTH;
        double expected = 0;
        for (int k = 1; k < SyntheticDeap.FFT_LENGTH / 2; k++) {
            expected += SyntheticDeap.spectrum(p, c, k * df) * df;
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(SyntheticDeap.FFT_LENGTH);
        SplittableRandom r = new SplittableRandom(5);
        double sum = 0;
        int reps = 40;
        for (int rep = 0; rep < reps; rep++) {
            double[] x = new double[SyntheticDeap.FFT_LENGTH];
            for (int k = 1; k < SyntheticDeap.FFT_LENGTH / 2; k++) {
                x[2 * k] = r.nextGaussian() * amp[c][k];
                x[2 * k + 1] = r.nextGaussian() * amp[c][k];
            }
            fft.realInverse(x, false);
            double s = 0;
            for (double v : x) {
                s += v * v;
            }
            sum += s / x.length;
        }
        assertEquals(expected, sum / reps, 0.03 * expected);
    }

    @Test
    void bandPowersFollowTheDocumentedRatingRules() {
        SyntheticDeap gen = new SyntheticDeap(2024);
        int n = 0;
        double[] val = new double[80], aro = new double[80], dom = new double[80];
        double[] asym = new double[80], beta = new double[80], theta = new double[80], baseBeta = new double[80];
        for (int subject = 0; subject < 2; subject++) {
            DeapSubject s = gen.subject(subject);
            double[] all = s.data().data().asDouble(); // (40, 40, 8064) c-order
            for (int t = 0; t < 40; t++, n++) {
                double[] trial = java.util.Arrays.copyOfRange(all, t * 40 * 8064, (t + 1) * 40 * 8064);
                val[n] = s.labels().getDouble(t, 0);
                aro[n] = s.labels().getDouble(t, 1);
                dom[n] = s.labels().getDouble(t, 2);
                asym[n] = mean(trial, SyntheticDeap.RIGHT_FRONTAL, 8, 14) - mean(trial, SyntheticDeap.LEFT_FRONTAL, 8, 14);
                beta[n] = mean(trial, all(), 14, 31);
                theta[n] = mean(trial, SyntheticDeap.CENTRAL_PARIETAL, 4, 8);
                baseBeta[n] = logPower(trial, 0, 0, 192, 14, 31) - logPower(trial, 0, 192, 384, 14, 31);
            }
        }
        System.out.printf("rules: valence-asymmetry %.3f, arousal-beta %.3f, dominance-theta %.3f, arousal-baseline %.3f%n",
                corr(val, asym), corr(aro, beta), corr(dom, theta), corr(aro, baseBeta));
        assertTrue(corr(val, asym) > 0.3, "valence vs frontal alpha asymmetry: " + corr(val, asym));
        assertTrue(corr(aro, beta) > 0.3, "arousal vs beta: " + corr(aro, beta));
        assertTrue(corr(dom, theta) > 0.3, "dominance vs central/parietal theta: " + corr(dom, theta));
        assertTrue(Math.abs(corr(aro, baseBeta)) < 0.3, "the baseline must not follow arousal: " + corr(aro, baseBeta));
        // not trivial: the felt-rating noise keeps every rule well short of a perfect correlation
        assertTrue(corr(aro, beta) < 0.95 && corr(val, asym) < 0.95, "rules are too clean to be a fair task");
    }

    @Test
    void ratingsAreBalancedAroundFiveAndValenceCorrelatesWithDominance() {
        SyntheticDeap gen = new SyntheticDeap(99);
        int n = 8 * 40;
        double[][] r = new double[3][n];
        for (int s = 0; s < 8; s++) {
            double[][] ratings = gen.ratings(new SyntheticDeap.Subject(SyntheticDeap.stream(99, s, -1)),
                    SyntheticDeap.stream(99, s, -2));
            for (int t = 0; t < 40; t++) {
                for (int j = 0; j < 3; j++) {
                    r[j][s * 40 + t] = ratings[t][j];
                }
            }
        }
        for (int j = 0; j < 3; j++) {
            int high = 0;
            for (double v : r[j]) {
                high += v >= 5 ? 1 : 0;
            }
            double frac = high / (double) n;
            assertTrue(frac > 0.38 && frac < 0.62, "label " + j + " has " + frac + " >= 5");
        }
        double vd = corr(r[0], r[2]);
        assertTrue(vd > 0.3 && vd < 0.8, "valence-dominance correlation " + vd);
        assertTrue(Math.abs(corr(r[0], r[1])) < 0.3, "valence-arousal correlation " + corr(r[0], r[1]));
    }

    // ---- the difficulty knobs, each measured on generated data (docs/synthetic-deap.md, "Difficulty")

    /** Correlation over trials of the arousal rating with the mean stimulus-minus-baseline beta log power. */
    private static double arousalBeta(Difficulty d, long seed) {
        SyntheticDeap gen = new SyntheticDeap(seed, 40, d);
        double[] aro = new double[80], beta = new double[80];
        int n = 0;
        for (int subject = 0; subject < 2; subject++) {
            DeapSubject s = gen.subject(subject);
            double[] all = s.data().data().asDouble();
            for (int t = 0; t < 40; t++, n++) {
                double[] trial = java.util.Arrays.copyOfRange(all, t * 40 * 8064, (t + 1) * 40 * 8064);
                aro[n] = s.labels().getDouble(t, 1);
                beta[n] = mean(trial, all(), 14, 31);
            }
        }
        return corr(aro, beta);
    }

    @Test
    void theEffectKnobScalesHowStronglyBandPowerFollowsTheRatings() {
        Difficulty clean = new Difficulty(1, 0.5, 0, 0.1, 0, 0);
        double none = arousalBeta(clean.with(java.util.Map.of("effect", 0.0)), 7);
        double weak = arousalBeta(clean.with(java.util.Map.of("effect", 0.2)), 7);
        double strong = arousalBeta(clean, 7);
        System.out.printf("effect 0 / 0.2 / 1: arousal-beta %.3f %.3f %.3f%n", none, weak, strong);
        assertTrue(Math.abs(none) < 0.25, "no effect, no correlation: " + none);
        assertTrue(weak < strong && strong > 0.7, weak + " vs " + strong);
    }

    @Test
    void ratingNoiseAndNuisanceWeakenTheLinkBetweenRatingsAndBandPower() {
        Difficulty clean = new Difficulty(1, 0.5, 0, 0.1, 0, 0);
        double base = arousalBeta(clean, 11);
        double noisyRatings = arousalBeta(clean.with(java.util.Map.of("rating-noise", 3.0)), 11);
        double nuisance = arousalBeta(clean.with(java.util.Map.of("nuisance", 1.0)), 11);
        System.out.printf("arousal-beta: clean %.3f, rating-noise 3 %.3f, nuisance 1 %.3f%n", base, noisyRatings, nuisance);
        assertTrue(noisyRatings < base - 0.15, "rating noise: " + base + " -> " + noisyRatings);
        assertTrue(nuisance < base - 0.1, "nuisance: " + base + " -> " + nuisance);
    }

    @Test
    void subjectVariabilitySpreadsTheSubjectsResponses() {
        double[] spread = new double[2];
        double[] v = {0, 1};
        for (int k = 0; k < 2; k++) {
            SyntheticDeap gen = new SyntheticDeap(5, 8, new Difficulty(0.6, 1.5, v[k], 0.1, 0, 0));
            int subjects = 5;
            double[][] perSubject = new double[subjects][32]; // mean over trials of the beta log-power change, per channel
            for (int sj = 0; sj < subjects; sj++) {
                double[] all = gen.subject(sj).data().data().asDouble();
                for (int t = 0; t < 8; t++) {
                    double[] trial = java.util.Arrays.copyOfRange(all, t * 40 * 8064, (t + 1) * 40 * 8064);
                    for (int c = 0; c < 32; c++) {
                        perSubject[sj][c] += (logPower(trial, c, 384, 8064, 14, 31) - logPower(trial, c, 0, 384, 14, 31)) / 8;
                    }
                }
            }
            double sd = 0;
            for (int c = 0; c < 32; c++) {
                double m = 0, ss = 0;
                for (int sj = 0; sj < subjects; sj++) {
                    m += perSubject[sj][c] / subjects;
                }
                for (int sj = 0; sj < subjects; sj++) {
                    ss += (perSubject[sj][c] - m) * (perSubject[sj][c] - m);
                }
                sd += Math.sqrt(ss / (subjects - 1)) / 32;
            }
            spread[k] = sd;
        }
        System.out.printf("between-subject spread of the beta change: v=0 %.3f, v=1 %.3f%n", spread[0], spread[1]);
        assertTrue(spread[1] > spread[0] + 0.15, "subject variability: " + spread[0] + " -> " + spread[1]);
    }

    @Test
    void driftAddsSlowPowerAndArtifactsAddHighFrequencyBurstsOnTheTemporalChannels() {
        Difficulty quiet = new Difficulty(0.6, 1.5, 0, 0.1, 0, 0);
        double[] a = new SyntheticDeap(3, 2, quiet).subject(0).data().data().asDouble();
        double[] drift = new SyntheticDeap(3, 2, quiet.with(java.util.Map.of("drift", 20.0))).subject(0).data().data().asDouble();
        double[] muscle = new SyntheticDeap(3, 2, quiet.with(java.util.Map.of("artifacts", 20.0))).subject(0).data().data().asDouble();
        double[] t0 = java.util.Arrays.copyOf(a, 40 * 8064), td = java.util.Arrays.copyOf(drift, 40 * 8064),
                tm = java.util.Arrays.copyOf(muscle, 40 * 8064);
        int oz = 14, t7 = 7, t8 = 25;
        // drift: power below 0.5 Hz rises by orders of magnitude; theta (4-8 Hz) stays within 5 %
        double slow = logPower(td, oz, 0, 8064, 0.01, 0.5) - logPower(t0, oz, 0, 8064, 0.01, 0.5);
        double theta = logPower(td, oz, 0, 8064, 4, 8) - logPower(t0, oz, 0, 8064, 4, 8);
        assertTrue(slow > Math.log(10), "drift adds slow power: ln ratio " + slow);
        assertTrue(Math.abs(theta) < 0.05, "drift leaves theta alone: ln ratio " + theta);
        // artifacts at 20 per minute: gamma power on the temporal channels rises, on Oz it does not
        double temporal = Math.max(logPower(tm, t7, 0, 8064, 31, 50) - logPower(t0, t7, 0, 8064, 31, 50),
                logPower(tm, t8, 0, 8064, 31, 50) - logPower(t0, t8, 0, 8064, 31, 50));
        double occipital = logPower(tm, oz, 0, 8064, 31, 50) - logPower(t0, oz, 0, 8064, 31, 50);
        System.out.printf("drift: slow %.2f, theta %.3f; artifacts: temporal gamma %.2f, Oz gamma %.3f (ln ratios)%n",
                slow, theta, temporal, occipital);
        assertTrue(temporal > Math.log(3), "muscle bursts raise temporal gamma: ln ratio " + temporal);
        assertEquals(0.0, occipital, 1e-9, "and leave Oz untouched");
    }

    @Test
    void difficultyKnobsAreValidatedAndNameTheData() {
        assertThrows(IllegalArgumentException.class, () -> new Difficulty(-1, 1, 1, 1, 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Difficulty.DEFAULT.with(java.util.Map.of("loudness", 1.0)));
        assertTrue(e.getMessage().contains("unknown difficulty knob 'loudness'"), e.getMessage());
        assertEquals(Difficulty.DEFAULT, Difficulty.DEFAULT.with(Difficulty.DEFAULT.knobs()));
        assertNotEquals(new SyntheticDeap(1, 4).fingerprint(), new SyntheticDeap(1, 4, Difficulty.EASY).fingerprint());
        assertEquals(new SyntheticDeap(1, 4).fingerprint(), new SyntheticDeap(1, 4, Difficulty.DEFAULT).fingerprint());
    }

    // ---- a plain periodogram, independent of the generator's synthesis

    private static final java.util.Map<Integer, DoubleFFT_1D> FFTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static int[] all() {
        int[] c = new int[32];
        java.util.Arrays.setAll(c, i -> i);
        return c;
    }

    /** Mean over channels of ln(stimulus band power / baseline band power). */
    private static double mean(double[] trial, int[] channels, double lo, double hi) {
        double s = 0;
        for (int c : channels) {
            s += logPower(trial, c, 384, 8064, lo, hi) - logPower(trial, c, 0, 384, lo, hi);
        }
        return s / channels.length;
    }

    /** ln of the band power of channel c over samples [from, to) of one trial (40, 8064), by periodogram. */
    private static double logPower(double[] trial, int c, int from, int to, double lo, double hi) {
        int len = to - from;
        double[] x = java.util.Arrays.copyOfRange(trial, c * 8064 + from, c * 8064 + to);
        FFTS.computeIfAbsent(len, DoubleFFT_1D::new).realForward(x);
        double df = 128.0 / len, p = 0;
        for (int k = 1; k < len / 2; k++) {
            double f = k * df;
            if (f >= lo && f < hi) {
                p += x[2 * k] * x[2 * k] + x[2 * k + 1] * x[2 * k + 1];
            }
        }
        return Math.log(p / len);
    }

    private static double corr(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** Shorthands for the two writers. */
    static final class DeapWriterHelper {
        static Path dat(DeapSubject s, Path f) {
            return org.evoke.eeg.deap.DeapWriter.writeDat(s, f);
        }

        static Path mat(DeapSubject s, Path f) {
            return org.evoke.eeg.deap.DeapWriter.writeMat(s, f);
        }
    }
}

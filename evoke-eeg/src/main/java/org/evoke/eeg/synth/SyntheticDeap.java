package org.evoke.eeg.synth;

import org.evoke.tensor.OrderedMap;
import org.evoke.tensor.blas.BlasCore;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.deap.DeapWriter;
import org.jtransforms.fft.DoubleFFT_1D;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded synthetic DEAP (docs/design.md, section 8): subjects of 40 trials x 40 channels x 8064 samples at 128 Hz, 3 s
 * of baseline then 60 s of "stimulus", channels 0..31 EEG in DEAP's Geneva order ({@link #CHANNEL_NAMES}), 32..39
 * the peripheral signals, and ratings 1..9 with two decimals, like DEAP's. Values are in microvolts for EEG and EOG.
 *
 * <p>The EEG of one channel in one trial is synthesised in the frequency domain (one inverse real FFT of length
 * {@link #FFT_LENGTH}, the first 8064 samples kept) from a background spectrum
 * <pre>
 *   S_c(f) = g_s^2 g_c^2 [ P / (f + 1) + a_c A exp(-(f - f_s)^2 / 2) ] / (1 + (f/45)^8) + noise floor   (uV^2/Hz)
 * </pre>
 * (pink 1/f background, the subject's alpha peak at f_s, posterior channels strongest, DEAP's 45 Hz low-pass,
 * white sensor noise), plus blinks on the frontal channels. During the stimulus (from 3 s, after a 0.5 s raised-cosine
 * ramp) the power of each band b of channel c is multiplied by a gain {@code G = exp(e_cb)} whose exponent follows the
 * ratings by the rules below; the baseline has no stimulus effect. The exact rules, with these constants, are in
 * {@code docs/synthetic-deap.md}:
 * <pre>
 *   v', a', d' = clamp((felt rating - 5) / 4, -1, 1),   felt rating = reported rating + N(0, ratingNoise^2)
 *   k = effect * k_s,  w_cb = the subject's weight of channel c, band b
 *   right frontal alpha (FP2, AF4, F4, F8):  e += w (+KAPPA_VALENCE / 2 * k * v')
 *   left frontal alpha  (FP1, AF3, F3, F7):  e += w (-KAPPA_VALENCE / 2 * k * v')
 *   beta, all 32 channels:                   e += w KAPPA_AROUSAL_BETA * k * a'
 *   gamma, all 32 channels:                  e += w KAPPA_AROUSAL_GAMMA * k * a'
 *   alpha, posterior channels:               e += w (-KAPPA_AROUSAL_ALPHA * k * a')
 *   theta, central/parietal channels:        e += w KAPPA_DOMINANCE * k * d'
 *   every channel and band:                  e += o_cb (the subject's offset) + N(0, nuisance^2) (per trial)
 * </pre>
 * with k_s = exp(0.35 v N), w_cb = 1 + 0.5 v N and o_cb = 0.3 v N drawn per subject (v the subject variability), and
 * rating-independent drifts and muscle bursts added to the signal. {@link Difficulty} holds the knobs (effect,
 * ratingNoise, subjectVariability, nuisance, drift, artifacts) and their default.
 *
 * <p>Deterministic and parallel-friendly: subject i draws from its own random streams, derived from (seed, i) and
 * (seed, i, trial), so subjects can be generated in any order on any thread and the same seed gives the same bytes.
 */
public final class SyntheticDeap {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    public static final int TRIALS = 40;
    public static final int CHANNELS = 40;
    public static final int EEG_CHANNELS = 32;
    public static final int SAMPLES = 8064;
    public static final double RATE = 128.0;
    /** The 3 s pre-trial baseline: samples 0..383. */
    public static final int BASELINE = 384;
    /** Length of the synthesis FFT: at least 8064, factors 2, 3 and 5 only (8100 = 2^2 3^4 5^2). */
    public static final int FFT_LENGTH = 8100;

    /** DEAP's channel order: 32 EEG (Geneva order) then 8 peripheral. */
    public static final List<String> CHANNEL_NAMES = List.of(
            "Fp1", "AF3", "F3", "F7", "FC5", "FC1", "C3", "T7", "CP5", "CP1", "P3", "P7", "PO3", "O1", "Oz", "Pz",
            "Fp2", "AF4", "Fz", "F4", "F8", "FC6", "FC2", "Cz", "C4", "T8", "CP6", "CP2", "P4", "P8", "PO4", "O2",
            "hEOG", "vEOG", "zEMG", "tEMG", "GSR", "Respiration belt", "Plethysmograph", "Temperature");

    // ---- the rules linking ratings to band powers (natural-log power gain per unit of normalised rating)
    /** Right-minus-left frontal alpha log-power difference per unit v' (split +1/2 right, -1/2 left). */
    public static final double KAPPA_VALENCE = 1.0;
    /** Beta log-power gain per unit a', all EEG channels. */
    public static final double KAPPA_AROUSAL_BETA = 0.5;
    /** Gamma log-power gain per unit a', all EEG channels. */
    public static final double KAPPA_AROUSAL_GAMMA = 0.6;
    /** Posterior alpha log-power loss per unit a' (alpha desynchronisation). */
    public static final double KAPPA_AROUSAL_ALPHA = 0.3;
    /** Central/parietal theta log-power gain per unit d'. */
    public static final double KAPPA_DOMINANCE = 0.6;

    // ---- background spectrum
    static final double PINK = 20.0;            // uV^2/Hz at f = 0 of P / (f + 1)
    static final double ALPHA_PEAK = 4.0;       // uV^2/Hz at the alpha peak, times a_c
    static final double NOISE_FLOOR = 1.0 / 64; // uV^2/Hz: 1 uV rms white sensor noise over 0..64 Hz
    static final double LOWPASS = 45.0;         // Hz

    // ---- bands of the effects (Hz): theta, alpha, beta, gamma
    static final double[] BAND_LO = {4, 8, 14, 31};
    static final double[] BAND_HI = {8, 14, 31, 50};
    static final int THETA = 0, ALPHA = 1, BETA = 2, GAMMA = 3;

    // ---- channel groups (indices into CHANNEL_NAMES)
    static final int[] LEFT_FRONTAL = {0, 1, 2, 3};           // Fp1, AF3, F3, F7
    static final int[] RIGHT_FRONTAL = {16, 17, 19, 20};      // Fp2, AF4, F4, F8
    static final int[] POSTERIOR = {10, 11, 12, 13, 14, 15, 28, 29, 30, 31}; // P3 P7 PO3 O1 Oz Pz P4 P8 PO4 O2
    static final int[] CENTRAL_PARIETAL = {6, 9, 10, 15, 23, 24, 27, 28};   // C3 CP1 P3 Pz Cz C4 CP2 P4
    static final int[] FRONTAL_MID = {2, 3, 4, 5, 18, 19, 20, 21, 22}; // F3 F7 FC5 FC1 Fz F4 F8 FC6 FC2 (alpha 0.6)
    static final int[] TEMPORAL = {7, 25};                    // T7, T8 (alpha 0.5)

    /**
     * Version of the generator's rules: part of the name of cached data, so that a cache written by another version is
     * never mistaken for this one's. 2: the difficulty knobs ({@link Difficulty}).
     */
    public static final int VERSION = 2;

    private final long seed;
    private final int trials;
    private final Difficulty difficulty;

    /** A generator of full-size subjects (40 trials) at the default difficulty. */
    public SyntheticDeap(long seed) {
        this(seed, TRIALS);
    }

    /** A generator of subjects with {@code trials} trials (DEAP has 40; fewer make quick tests), default difficulty. */
    public SyntheticDeap(long seed, int trials) {
        this(seed, trials, Difficulty.DEFAULT);
    }

    /** A generator of subjects with {@code trials} trials at the given difficulty. */
    public SyntheticDeap(long seed, int trials, Difficulty difficulty) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        this.seed = seed;
        this.trials = trials;
        this.difficulty = java.util.Objects.requireNonNull(difficulty, "difficulty");
    }

    public Difficulty difficulty() {
        return difficulty;
    }

    /** Names this generator's data in caches: version, seed, trials and difficulty, as a short hex digest. */
    public String fingerprint() {
        String key = "v" + VERSION + "|" + seed + "|" + trials + "|" + difficulty;
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long seed() {
        return seed;
    }

    public int trials() {
        return trials;
    }

    /** The id of subject {@code index} (0-based): {@code s01}, {@code s02}, ... as DEAP names its files. */
    public static String id(int index) {
        return String.format(Locale.ROOT, "s%02d", index + 1);
    }

    /** The two formats a subject can be written in. */
    public enum Format {
        DAT(".dat"), MAT(".mat");
        public final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    /**
     * Generates subjects 0..{@code subjects}-1 and writes each as {@code sXX.dat} and/or {@code sXX.mat} in
     * {@code dir}, at most {@code threads} subjects in memory at once.
     *
     * @return the written files, subject by subject, in the order of {@code formats}
     */
    public List<Path> write(Path dir, int subjects, Set<Format> formats, int threads) {
        return write(dir, subjects, formats, threads, done -> { });
    }

    /**
     * As {@link #write(Path, int, Set, int)}, telling {@code progress} how many subjects are written so far (in
     * subject order, on the calling thread) after each one.
     */
    public List<Path> write(Path dir, int subjects, Set<Format> formats, int threads, java.util.function.IntConsumer progress) {
        if (subjects < 1 || formats.isEmpty() || threads < 1) {
            throw new IllegalArgumentException("need subjects >= 1, at least one format and threads >= 1, got "
                    + subjects + ", " + formats + ", " + threads);
        }
        EnumSet<Format> fs = EnumSet.copyOf(formats);
        List<List<Path>> written = OrderedMap.map(subjects, threads, "synthetic-deap", index -> {
            DeapSubject s = subject(index);
            List<Path> out = new ArrayList<>();
            for (Format f : fs) {
                Path file = dir.resolve(id(index) + f.extension);
                out.add(f == Format.DAT ? DeapWriter.writeDat(s, file) : DeapWriter.writeMat(s, file));
            }
            return out;
        }, (count, index, paths) -> progress.accept(count));
        List<Path> all = new ArrayList<>();
        written.forEach(all::addAll);
        return all;
    }

    /** Subject {@code index} (0-based), id {@code sXX}: data (trials, 40, 8064) and labels (trials, 4), float64. */
    public DeapSubject subject(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("subject index must be >= 0, got " + index);
        }
        Subject p = new Subject(stream(seed, index, -1), difficulty);
        double[][] ratings = ratings(p, stream(seed, index, -2)); // (trials, 4)
        INDArray data = Nd4j.createUninitialized(DataType.DOUBLE, new long[]{trials, CHANNELS, SAMPLES}, 'c');
        DoubleBuffer out = data.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        double[][] amp = amplitudes(p);                   // (32, FFT_LENGTH/2): sqrt(S_c(f_k) df) / 2
        int[] bandOf = bandOfBin();                       // (FFT_LENGTH/2) band index or -1
        double[] ramp = ramp();                           // (SAMPLES) stimulus weight w(t)
        DoubleFFT_1D fft = new DoubleFFT_1D(FFT_LENGTH);
        double[] x = new double[FFT_LENGTH];
        double[] d = new double[FFT_LENGTH];
        double[] row = new double[SAMPLES];
        for (int t = 0; t < trials; t++) {
            SplittableRandom r = stream(seed, index, t);
            double[][] gain = gains(p, ratings[t], r, difficulty); // (32, 4): sqrt(G) - 1, amplitude change per band
            double[] blinks = blinks(p, r);               // (SAMPLES) blink waveform, uV at Fp1/Fp2
            // (32, SAMPLES) drifts and muscle bursts, uV, from a stream of their own so that they change nothing else
            double[][] nuisance = nuisanceSignals(stream(seed, index, NUISANCE_STREAM + t), difficulty);
            for (int c = 0; c < EEG_CHANNELS; c++) {
                x[0] = 0;
                x[1] = 0;
                d[0] = 0;
                d[1] = 0;
                double[] a = amp[c];
                for (int k = 1; k < FFT_LENGTH / 2; k++) {
                    double re = r.nextGaussian() * a[k];
                    double im = r.nextGaussian() * a[k];
                    x[2 * k] = re;
                    x[2 * k + 1] = im;
                    int b = bandOf[k];
                    double g = b < 0 ? 0 : gain[c][b];
                    d[2 * k] = re * g;
                    d[2 * k + 1] = im * g;
                }
                fft.realInverse(x, false);
                fft.realInverse(d, false);
                double bw = BLINK_WEIGHT[c];
                double[] extra = nuisance[c];
                for (int n = 0; n < SAMPLES; n++) {
                    row[n] = x[n] + ramp[n] * d[n] + bw * blinks[n] + extra[n];
                }
                out.position((t * CHANNELS + c) * SAMPLES);
                out.put(row);
            }
            peripheral(p, ratings[t], r, blinks, out, t);
        }
        double[] flat = new double[trials * 4];
        for (int t = 0; t < trials; t++) {
            System.arraycopy(ratings[t], 0, flat, 4 * t, 4);
        }
        INDArray labels = Nd4j.create(flat, new long[]{trials, 4}, DataType.DOUBLE);
        return new DeapSubject(id(index), data, labels);
    }

    // ------------------------------------------------------------------ subject-level parameters

    /** What makes one synthetic person differ from another. */
    static final class Subject {
        final double gain;              // g_s: overall amplitude, lognormal
        final double[] channelGain;     // g_c: (32) per-channel amplitude, lognormal
        final double alphaFreq;         // f_s: individual alpha frequency, Hz
        final double sensitivity;       // k_s: how strongly this person's EEG follows the ratings
        final double blinkRate;         // blinks per second
        final double[] bias;            // (3) rating bias of valence, arousal, dominance, in z units
        final double heartRate;         // beats per minute
        final double breathRate;        // breaths per second
        final double breathAmp;
        final double gsrTonic;          // uS
        final double temperature;       // deg C
        final double[][] ruleWeight;    // (32, 4) this person's weight of each channel-band rule: 1 + 0.5 v N
        final double[][] offset;        // (32, 4) rating-independent stimulus log-power offset: 0.3 v N

        /** At the default difficulty. */
        Subject(SplittableRandom r) {
            this(r, Difficulty.DEFAULT);
        }

        Subject(SplittableRandom r, Difficulty difficulty) {
            gain = Math.exp(0.3 * r.nextGaussian());
            channelGain = new double[EEG_CHANNELS];
            for (int c = 0; c < EEG_CHANNELS; c++) {
                channelGain[c] = Math.exp(0.15 * r.nextGaussian());
            }
            alphaFreq = 9.0 + 2.0 * r.nextDouble();
            double v = difficulty.subjectVariability();
            blinkRate = 0.1 + 0.2 * r.nextDouble();
            bias = new double[]{0.25 * r.nextGaussian(), 0.25 * r.nextGaussian(), 0.25 * r.nextGaussian()};
            heartRate = 60 + 25 * r.nextDouble();
            breathRate = 0.2 + 0.13 * r.nextDouble();
            breathAmp = 200 + 400 * r.nextDouble();
            gsrTonic = 2 + 8 * r.nextDouble();
            temperature = 32.5 + 0.7 * r.nextGaussian();
            sensitivity = Math.exp(0.35 * v * r.nextGaussian());
            ruleWeight = new double[EEG_CHANNELS][4];
            offset = new double[EEG_CHANNELS][4];
            for (int c = 0; c < EEG_CHANNELS; c++) {
                for (int b = 0; b < 4; b++) {
                    ruleWeight[c][b] = 1 + 0.5 * v * r.nextGaussian();
                    offset[c][b] = 0.3 * v * r.nextGaussian();
                }
            }
        }

    }

    /**
     * Ratings (trials, 4): valence, arousal, dominance, liking in 1..9 with two decimals. Trials are dealt evenly
     * into the four valence-arousal quadrants (DEAP chose its videos that way), in shuffled order:
     * <pre>
     *   zV = 0.9 qV + 0.7 N + bV,  zA = 0.9 qA + 0.7 N + bA      (qV, qA = +-1 by quadrant)
     *   zD = 0.45 zV + 0.1 zA + 0.75 N + bD,  zL = 0.7 zV + 0.2 zA + 0.6 N
     *   rating = clamp(5 + 1.5 z, 1, 9), rounded to 0.01
     * </pre>
     */
    double[][] ratings(Subject p, SplittableRandom r) {
        int[] quadrant = new int[trials];
        for (int t = 0; t < trials; t++) {
            quadrant[t] = t % 4;
        }
        for (int i = trials - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int q = quadrant[i];
            quadrant[i] = quadrant[j];
            quadrant[j] = q;
        }
        double[][] out = new double[trials][4];
        for (int t = 0; t < trials; t++) {
            double qv = (quadrant[t] & 1) != 0 ? 1 : -1;
            double qa = (quadrant[t] & 2) != 0 ? 1 : -1;
            double zv = 0.9 * qv + 0.7 * r.nextGaussian() + p.bias[0];
            double za = 0.9 * qa + 0.7 * r.nextGaussian() + p.bias[1];
            double zd = 0.45 * zv + 0.1 * za + 0.75 * r.nextGaussian() + p.bias[2];
            double zl = 0.7 * zv + 0.2 * za + 0.6 * r.nextGaussian();
            out[t][0] = rating(zv);
            out[t][1] = rating(za);
            out[t][2] = rating(zd);
            out[t][3] = rating(zl);
        }
        return out;
    }

    static double rating(double z) {
        double v = Math.max(1.0, Math.min(9.0, 5.0 + 1.5 * z));
        return Math.round(v * 100.0) / 100.0;
    }

    // ------------------------------------------------------------------ spectra and effects

    /** Relative alpha strength a_c: posterior 2.5, frontal/central-frontal 0.6, temporal 0.5, others 1. */
    static final double[] ALPHA_STRENGTH = new double[EEG_CHANNELS];
    /** Blink weight per EEG channel: Fp1/Fp2 1, AF3/AF4 0.5, F3/F4/F7/F8/Fz 0.2, others 0. */
    static final double[] BLINK_WEIGHT = new double[EEG_CHANNELS];

    static {
        java.util.Arrays.fill(ALPHA_STRENGTH, 1.0);
        for (int c : FRONTAL_MID) {
            ALPHA_STRENGTH[c] = 0.6;
        }
        for (int c : new int[]{0, 1, 16, 17}) {
            ALPHA_STRENGTH[c] = 0.6;
        }
        for (int c : TEMPORAL) {
            ALPHA_STRENGTH[c] = 0.5;
        }
        for (int c : POSTERIOR) {
            ALPHA_STRENGTH[c] = 2.5;
        }
        BLINK_WEIGHT[0] = 1.0;
        BLINK_WEIGHT[16] = 1.0;
        BLINK_WEIGHT[1] = 0.5;
        BLINK_WEIGHT[17] = 0.5;
        for (int c : new int[]{2, 19, 3, 20, 18}) {
            BLINK_WEIGHT[c] = 0.2;
        }
    }

    /** The background one-sided PSD of channel c at f Hz (uV^2/Hz), before the stimulus gains. */
    static double spectrum(Subject p, int c, double f) {
        double g = p.gain * p.channelGain[c];
        double da = f - p.alphaFreq;
        double eeg = PINK / (f + 1.0) + ALPHA_STRENGTH[c] * ALPHA_PEAK * Math.exp(-0.5 * da * da);
        double lp = 1.0 / (1.0 + Math.pow(f / LOWPASS, 8));
        return g * g * eeg * lp + NOISE_FLOOR;
    }

    /**
     * Bin amplitudes (32, N/2): with re, im ~ N(0, 1) times {@code sqrt(S df) / 2} in bin k, JTransforms' unscaled
     * inverse real FFT (x[n] = sum over all N bins, so each bin pair k, N-k counts twice) gives a signal whose
     * variance is sum_k S(f_k) df, the integral of the one-sided PSD.
     */
    static double[][] amplitudes(Subject p) {
        double df = RATE / FFT_LENGTH;
        double[][] a = new double[EEG_CHANNELS][FFT_LENGTH / 2];
        for (int c = 0; c < EEG_CHANNELS; c++) {
            for (int k = 1; k < FFT_LENGTH / 2; k++) {
                a[c][k] = Math.sqrt(spectrum(p, c, k * df) * df) / 2.0;
            }
        }
        return a;
    }

    static int[] bandOfBin() {
        double df = RATE / FFT_LENGTH;
        int[] band = new int[FFT_LENGTH / 2];
        for (int k = 0; k < band.length; k++) {
            double f = k * df;
            band[k] = -1;
            for (int b = 0; b < 4; b++) {
                if (f >= BAND_LO[b] && f < BAND_HI[b]) {
                    band[k] = b;
                }
            }
        }
        return band;
    }

    /** w(t): 0 in the baseline, a raised-cosine ramp over 0.5 s, then 1. */
    static double[] ramp() {
        double[] w = new double[SAMPLES];
        int len = (int) (0.5 * RATE);
        for (int n = BASELINE; n < SAMPLES; n++) {
            int u = n - BASELINE;
            w[n] = u >= len ? 1.0 : 0.5 * (1 - Math.cos(Math.PI * u / len));
        }
        return w;
    }

    /**
     * The exponents e of the band gains G = exp(e) for one trial, returned as amplitude changes sqrt(G) - 1 (32, 4):
     * the stimulus part of a channel is x + (sqrt(G) - 1) x_band, so its band power is G times the background's.
     * Every rule's term is scaled by the difficulty's {@code effect}, the subject's sensitivity k_s and the subject's
     * weight of that channel and band; then the subject's offset and the trial's nuisance are added.
     */
    static double[][] gains(Subject p, double[] rating, SplittableRandom r, Difficulty difficulty) {
        double noise = difficulty.ratingNoise();
        double v = normalised(rating[0] + noise * r.nextGaussian());
        double a = normalised(rating[1] + noise * r.nextGaussian());
        double d = normalised(rating[2] + noise * r.nextGaussian());
        double k = p.sensitivity * difficulty.effect();
        double[][] e = new double[EEG_CHANNELS][4];
        for (int c = 0; c < EEG_CHANNELS; c++) {
            e[c][BETA] += KAPPA_AROUSAL_BETA * k * a;
            e[c][GAMMA] += KAPPA_AROUSAL_GAMMA * k * a;
        }
        for (int c : RIGHT_FRONTAL) {
            e[c][ALPHA] += 0.5 * KAPPA_VALENCE * k * v;
        }
        for (int c : LEFT_FRONTAL) {
            e[c][ALPHA] -= 0.5 * KAPPA_VALENCE * k * v;
        }
        for (int c : POSTERIOR) {
            e[c][ALPHA] -= KAPPA_AROUSAL_ALPHA * k * a;
        }
        for (int c : CENTRAL_PARIETAL) {
            e[c][THETA] += KAPPA_DOMINANCE * k * d;
        }
        for (int c = 0; c < EEG_CHANNELS; c++) {
            for (int b = 0; b < 4; b++) {
                e[c][b] = e[c][b] * p.ruleWeight[c][b] + p.offset[c][b] + difficulty.nuisance() * r.nextGaussian();
                e[c][b] = Math.exp(0.5 * e[c][b]) - 1.0; // sqrt(G) - 1
            }
        }
        return e;
    }

    /** Muscle bursts go to one side's temporal (weight 1) and fronto-lateral (weight 0.6) channels: T7, F7, FC5 or T8, F8, FC6. */
    static final int[][] MUSCLE_SIDES = {{7, 3, 4}, {25, 20, 21}};
    static final double[] MUSCLE_WEIGHT = {1.0, 0.6, 0.6};

    /**
     * The trial's rating-independent nuisance signals (32, SAMPLES) in uV: on every channel a slow drift (three
     * sinusoids, 0.02..0.5 Hz, random phases, together {@code drift} uV rms), and muscle bursts at {@code artifacts}
     * per minute over the whole 63 s (Poisson): each 0.5..2 s long, 10..30 uV rms, first-differenced white noise (a
     * high-pass that puts most of its power above 20 Hz) under a Hann envelope, on one random side.
     */
    static double[][] nuisanceSignals(SplittableRandom r, Difficulty difficulty) {
        double[][] out = new double[EEG_CHANNELS][SAMPLES];
        if (difficulty.drift() > 0) {
            double amp = difficulty.drift() * Math.sqrt(2.0 / 3.0); // three sinusoids of amplitude A: rms A sqrt(3/2)
            for (int c = 0; c < EEG_CHANNELS; c++) {
                for (int i = 0; i < 3; i++) {
                    double f = 0.02 + 0.48 * r.nextDouble(), ph = 2 * Math.PI * r.nextDouble();
                    double w = 2 * Math.PI * f / RATE;
                    for (int n = 0; n < SAMPLES; n++) {
                        out[c][n] += amp * Math.sin(w * n + ph);
                    }
                }
            }
        }
        if (difficulty.artifacts() > 0) {
            double perSample = difficulty.artifacts() / 60.0 / RATE;
            double t = -Math.log(1 - r.nextDouble()) / perSample; // in samples
            while (t < SAMPLES) {
                int start = (int) t;
                int len = (int) ((0.5 + 1.5 * r.nextDouble()) * RATE);
                double rms = 10 + 20 * r.nextDouble();
                int[] side = MUSCLE_SIDES[r.nextInt(2)];
                double prev = r.nextGaussian();
                for (int n = start; n < Math.min(SAMPLES, start + len); n++) {
                    double g = r.nextGaussian();
                    double hp = (g - prev) / Math.sqrt(2); // unit variance
                    prev = g;
                    double env = Math.sin(Math.PI * (n - start) / len);
                    double x = rms * Math.sqrt(2.0) * env * hp; // a Hann envelope sin^2 has mean 1/2 in power: sqrt 2 restores rms
                    for (int i = 0; i < side.length; i++) {
                        out[side[i]][n] += MUSCLE_WEIGHT[i] * x;
                    }
                }
                t += -Math.log(1 - r.nextDouble()) / perSample;
            }
        }
        return out;
    }

    /** (rating - 5) / 4, clamped to [-1, 1]. */
    static double normalised(double rating) {
        return Math.max(-1.0, Math.min(1.0, (rating - 5.0) / 4.0));
    }

    /** Blinks: a Poisson train (the subject's rate), each A (u/tau) exp(1 - u/tau), A in 50..150 uV, tau 60..100 ms. */
    static double[] blinks(Subject p, SplittableRandom r) {
        double[] b = new double[SAMPLES];
        double t = -Math.log(1 - r.nextDouble()) / p.blinkRate;
        while (t * RATE < SAMPLES) {
            double amp = 50 + 100 * r.nextDouble();
            double tau = 0.06 + 0.04 * r.nextDouble();
            int start = (int) (t * RATE);
            int end = Math.min(SAMPLES, start + (int) (8 * tau * RATE));
            for (int n = start; n < end; n++) {
                double u = (n - t * RATE) / RATE / tau;
                if (u > 0) {
                    b[n] += amp * u * Math.exp(1 - u);
                }
            }
            t += -Math.log(1 - r.nextDouble()) / p.blinkRate;
        }
        return b;
    }

    // ------------------------------------------------------------------ peripheral channels 32..39

    private static void peripheral(Subject p, double[] rating, SplittableRandom r, double[] blinks, DoubleBuffer out,
                                   int t) {
        double[][] ch = new double[8][SAMPLES];
        double dt = 1.0 / RATE;
        // 32 hEOG: saccades, steps of N(0, 30) uV at 0.8/s relaxing back with tau 3 s, plus 2 uV noise
        double level = 0;
        for (int n = 0; n < SAMPLES; n++) {
            if (r.nextDouble() < 0.8 * dt) {
                level += 30 * r.nextGaussian();
            }
            level *= Math.exp(-dt / 3.0);
            ch[0][n] = level + 2 * r.nextGaussian();
        }
        // 33 vEOG: the blinks at 1.5x, plus 3 uV noise
        for (int n = 0; n < SAMPLES; n++) {
            ch[1][n] = 1.5 * blinks[n] + 3 * r.nextGaussian();
        }
        // 34 zEMG: 3 uV broadband; 35 tEMG: 5 uV broadband with 0.5 s bursts at 0.1/s, 4x
        double burst = 0;
        for (int n = 0; n < SAMPLES; n++) {
            ch[2][n] = 3 * r.nextGaussian();
            if (burst <= 0 && r.nextDouble() < 0.1 * dt) {
                burst = 0.5;
            }
            ch[3][n] = (burst > 0 ? 20 : 5) * r.nextGaussian();
            burst -= dt;
        }
        // 36 GSR (uS): tonic level with drift, skin conductance responses at 0.03 + 0.07 (1 + a')/2 per s
        double drift = 0.003 * r.nextGaussian();
        double scrRate = 0.03 + 0.07 * (1 + normalised(rating[1])) / 2;
        double[] gsr = ch[4];
        for (int n = 0; n < SAMPLES; n++) {
            gsr[n] += p.gsrTonic + drift * n * dt + 0.002 * r.nextGaussian();
            if (r.nextDouble() < scrRate * dt) {
                double amp = 0.05 + 0.25 * r.nextDouble();
                for (int m = n; m < SAMPLES; m++) {
                    double u = (m - n) * dt;
                    gsr[m] += amp * (Math.exp(-u / 3.0) - Math.exp(-u / 0.75)) / 0.47;
                    if (u > 20) {
                        break;
                    }
                }
            }
        }
        // 37 respiration belt: a breathing sine with wandering phase; 38 plethysmograph: a pulse wave at the heart rate
        double breath = p.breathRate * (1 + 0.1 * r.nextGaussian());
        double hr = p.heartRate / 60.0 * (1 + 0.05 * r.nextGaussian());
        double phB = 2 * Math.PI * r.nextDouble();
        double phH = 2 * Math.PI * r.nextDouble();
        for (int n = 0; n < SAMPLES; n++) {
            phB += 2 * Math.PI * breath * dt + 0.01 * r.nextGaussian();
            phH += 2 * Math.PI * hr * dt + 0.005 * r.nextGaussian();
            ch[5][n] = p.breathAmp * Math.sin(phB) + 5 * r.nextGaussian();
            ch[6][n] = 1000 * (Math.sin(phH) + 0.4 * Math.sin(2 * phH + 0.6) + 0.15 * Math.sin(3 * phH + 1.2));
        }
        // 39 temperature (deg C): slow drift and 3 mK noise
        double tdrift = 0.0005 * r.nextGaussian();
        for (int n = 0; n < SAMPLES; n++) {
            ch[7][n] = p.temperature + tdrift * n * dt + 0.003 * r.nextGaussian();
        }
        for (int i = 0; i < 8; i++) {
            out.position((t * CHANNELS + EEG_CHANNELS + i) * SAMPLES);
            out.put(ch[i]);
        }
    }

    // ------------------------------------------------------------------ random streams

    /** Offset of the trial number in the streams of the nuisance signals: (seed, subject, NUISANCE_STREAM + trial). */
    static final int NUISANCE_STREAM = 1 << 20;

    /**
     * The random stream of (seed, subject, trial); trial -1 is the subject's parameters, -2 its ratings,
     * {@link #NUISANCE_STREAM} + t the drifts and artefacts of trial t.
     */
    static SplittableRandom stream(long seed, int subject, int trial) {
        return new SplittableRandom(mix(seed, subject, trial));
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = murmur(h ^ (a * 0xC2B2AE3D27D4EB4FL));
        h = murmur(h ^ (b * 0x165667B19E3779F9L));
        return h;
    }

    private static long murmur(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}

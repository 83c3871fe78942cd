package org.evoke.cli;

import org.evoke.eeg.synth.SyntheticDeap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code evoke synth}: writes a seeded synthetic DEAP in DEAP's own file formats. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write a synthetic DEAP (40 trials x 40 channels x 8064 samples per subject, ratings 1..9) "
                + "in DEAP's preprocessed formats. The rules linking ratings to band powers: docs/synthetic-deap.md. "
                + "With --lsl NAME instead of --out: stream a synthetic subject (or --data DIR's subject, or an EDF/BDF "
                + "--file) as an LSL outlet in real time, 32 EEG channels at 128 Hz, for evoke live --lsl and other LSL tools.")
final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to write sXX.dat / sXX.mat into.")
    Path out;

    @Option(names = "--lsl", paramLabel = "NAME", description = "Stream as an LSL outlet named NAME (type EEG) instead of writing files.")
    String lsl;

    @Option(names = "--subject", paramLabel = "N|sXX", description = "--lsl: the subject to stream (default: the first).")
    String subject;

    @Option(names = "--trial", paramLabel = "N", description = "--lsl: the trial to stream, 1-based (default: every trial in turn).")
    Integer trial;

    @Option(names = "--data", paramLabel = "DIR", description = "--lsl: stream a subject of this DEAP directory instead of a synthetic one.")
    Path data;

    @Option(names = "--file", paramLabel = "FILE", description = "--lsl: stream an EDF/BDF recording (through its montage, at 128 Hz).")
    Path file;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X", description = "--lsl: replay speed, 1 = real time (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--loop", description = "--lsl: start again when the trials (or the file) end, until stopped.")
    boolean loop;

    @Option(names = "--no-wait", description = "--lsl: stream at once, not after the first consumer connects.")
    boolean noWait;

    @picocli.CommandLine.Mixin
    LslOptions lslOptions = new LslOptions();

    @picocli.CommandLine.Mixin
    RecordingInput recordingInput = new RecordingInput();

    @Option(names = "--subjects", defaultValue = "32", paramLabel = "N", description = "Number of subjects (default: ${DEFAULT-VALUE}, as DEAP).")
    int subjects;

    @Option(names = "--format", defaultValue = "dat", paramLabel = "dat|mat|both",
            description = "File format: dat (Python pickle), mat (MATLAB v5) or both (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--seed", defaultValue = "2024", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Subjects generated in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--trials", defaultValue = "40", paramLabel = "N", description = "Trials per subject (default: ${DEFAULT-VALUE}, as DEAP).")
    int trials;

    @Option(names = "--knob", paramLabel = "NAME=VALUE", description = "A difficulty knob of the generator (repeatable): "
            + Knobs.NAMES + "; default " + Knobs.DEFAULT + " (docs/synthetic-deap.md).")
    java.util.Map<String, String> knobs;

    @Override
    public Integer call() {
        if ((out == null) == (lsl == null)) {
            throw new UserException("give --out DIR (write files) or --lsl NAME (stream), one of them");
        }
        if (lsl != null) {
            return stream();
        }
        if (subjects < 1) {
            throw new UserException("--subjects must be at least 1, got " + subjects);
        }
        if (threads < 1) {
            throw new UserException("--threads must be at least 1, got " + threads);
        }
        if (trials < 1) {
            throw new UserException("--trials must be at least 1, got " + trials);
        }
        SyntheticDeap gen = new SyntheticDeap(seed, trials, Knobs.parse(knobs));
        EnumSet<SyntheticDeap.Format> formats = switch (format) {
            case "dat" -> EnumSet.of(SyntheticDeap.Format.DAT);
            case "mat" -> EnumSet.of(SyntheticDeap.Format.MAT);
            case "both" -> EnumSet.allOf(SyntheticDeap.Format.class);
            default -> throw new UserException("--format must be dat, mat or both, got '" + format + "'");
        };
        var outw = spec.commandLine().getOut();
        try (Progress p = Progress.start("synth", subjects, outw)) {
            List<Path> files = gen.write(out, subjects, formats, threads, done -> p.step(done, null));
            p.done(files.size() + " files for " + subjects + " subjects in " + out + " (seed " + seed + ", " + gen.difficulty() + ")");
        }
        return 0;
    }

    /** --lsl: the chosen subject's trials (or a recording) streamed as an LSL outlet, paced to real time x --speed. */
    private int stream() {
        var o = spec.commandLine().getOut();
        if (lsl.isBlank()) {
            throw new UserException("--lsl needs a stream name");
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new UserException("--speed must be a finite number > 0, got " + speed);
        }
        if (data != null && file != null) {
            throw new UserException("--data and --file are different sources; give one");
        }
        int rate = org.evoke.eeg.features.Preset.TORCHEEG.samplingRate(), chunk = rate / 8;
        org.evoke.live.EegSource source;
        String what;
        if (file != null) {
            if (!java.nio.file.Files.isRegularFile(file) || !RecordingInput.isRecording(file)) {
                throw new UserException("--file " + file + " is not an EDF or BDF recording");
            }
            org.evoke.eeg.montage.RecordingEeg rec = recordingInput.open(file);
            o.println("synth      " + RecordingInput.reportWithWarning(rec.montage(), rec.report(), "synth      "));
            source = new org.evoke.live.source.FileSource(rec, chunk, file.getFileName().toString());
            what = "recording " + file.getFileName();
        } else {
            org.evoke.eeg.deap.DeapSubject s;
            if (data != null) {
                if (!java.nio.file.Files.isDirectory(data)) {
                    throw new UserException("--data " + data + " is not a directory; give the folder holding sXX.dat or sXX.mat files");
                }
                org.evoke.eeg.deap.DeapDataset ds = org.evoke.eeg.deap.DeapDataset.open(data);
                int index = subject == null ? 0 : ds.subjectIds().indexOf(subject);
                if (index < 0) {
                    throw new UserException("--subject " + subject + " is not in " + data + "; it holds " + String.join(", ", ds.subjectIds()));
                }
                s = ds.read(index);
            } else {
                int index = 0;
                if (subject != null) {
                    String n = subject.startsWith("s") ? subject.substring(1) : subject;
                    try {
                        index = Integer.parseInt(n) - 1;
                    } catch (NumberFormatException e) {
                        index = -1;
                    }
                    if (index < 0 || index > 998) {
                        throw new UserException("--subject must be a number 1..999 or sXX, got '" + subject + "'");
                    }
                }
                s = new SyntheticDeap(seed, trials, Knobs.parse(knobs)).subject(index);
            }
            List<Integer> order = new java.util.ArrayList<>();
            if (trial != null) {
                if (trial < 1 || trial > s.trials()) {
                    throw new UserException("--trial " + trial + ": subject " + s.id() + " has trials 1.." + s.trials());
                }
                order.add(trial - 1);
            } else {
                for (int t = 0; t < s.trials(); t++) {
                    order.add(t);
                }
            }
            source = new org.evoke.live.source.RecordedSource(s, order, chunk, org.evoke.eeg.features.Preset.TORCHEEG.baselineSamples(),
                    loop, s.id());
            what = (data != null ? "DEAP subject " : "synthetic subject ") + s.id() + (trial != null ? ", trial " + trial
                    : ", " + s.trials() + " trials");
        }
        List<String> labels = new java.util.ArrayList<>();
        for (String n : org.evoke.eeg.features.ElectrodeGrid.NAMES) {
            labels.add(org.evoke.eeg.montage.Montage.pretty(n));
        }
        org.evoke.eeg.lsl.LslConfig cfg = lslOptions.config(o);
        try (org.evoke.eeg.lsl.LslOutlet outlet = new org.evoke.eeg.lsl.LslOutlet(lsl, "EEG", labels, rate,
                "evoke-synth-" + lsl, cfg, line -> {
                    o.println("synth      " + line);
                    o.flush();
                })) {
            o.printf("synth      LSL outlet '%s' (EEG, 32 channels, %d Hz, float32 microvolts) on %s:%d: %s, %s x real time%n",
                    lsl, rate, cfg.bindAddress().getHostAddress(), outlet.info().dataPort(), what, RunCommand.num(speed));
            o.flush();
            if (!noWait) {
                o.println("synth      waiting for a consumer (evoke live --lsl name=" + lsl + ", or any LSL inlet)");
                o.flush();
                while (outlet.consumers() == 0) {
                    Thread.sleep(20);
                }
            }
            long sent = 0;
            double start = org.evoke.eeg.lsl.LslInlet.localClock();
            long t0 = System.nanoTime();
            float[] v = new float[32];
            float[][] c;
            while ((c = source.next()) != null) {
                for (int i = 0; i < c[0].length; i++) {
                    for (int k = 0; k < 32; k++) {
                        v[k] = c[k][i];
                    }
                    outlet.push(v, start + sent / (rate * speed));
                    sent++;
                }
                long due = t0 + (long) (sent * 1e9 / (rate * speed));
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            source.close();
            o.printf("synth      sent %d samples (%s s of EEG); outlet closed%n", sent, RunCommand.num(sent / (double) rate));
        } catch (org.evoke.eeg.lsl.LslException e) {
            throw new UserException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}

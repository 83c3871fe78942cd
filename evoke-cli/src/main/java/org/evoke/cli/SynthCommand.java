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
                + "in DEAP's preprocessed formats. The rules linking ratings to band powers: docs/synthetic-deap.md.")
final class SynthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write sXX.dat / sXX.mat into.")
    Path out;

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
}

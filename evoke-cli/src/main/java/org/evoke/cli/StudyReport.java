package org.evoke.cli;

import org.evoke.distill.study.ComparisonResult;
import org.evoke.distill.study.CrossValidation;
import org.evoke.distill.study.Stat;
import org.evoke.distill.study.SweepResult;
import org.evoke.distill.study.Tables;
import org.evoke.eeg.split.SplitProtocol;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code report.md} of {@code evoke run}: what ran, on what, and what came out, for a person to read. */
final class StudyReport {
    /** The paper's Table I accuracy columns (DE features, 5-fold window-level cross-validation on DEAP). */
    static final double PAPER_CCNN_ACCURACY = 0.9323, PAPER_CCNN_F1 = 0.92, PAPER_EVOKE_ACCURACY = 0.8762, PAPER_EVOKE_F1 = 0.88;

    private StudyReport() {
    }

    /** Everything the report shows. {@code sweep}, {@code timeline} and {@code tableOne} may be null. */
    record Inputs(String command, RunCommand.Settings settings, Map<String, Object> data, ComparisonResult comparison,
                  List<Double> majority, SweepResult sweep, EmotionTimeline timeline, String tableOne, List<String> plots,
                  String machine, double seconds) {
    }

    static String markdown(Inputs in) {
        RunCommand.Settings s = in.settings();
        ComparisonResult r = in.comparison();
        StringBuilder m = new StringBuilder();
        m.append("# EVOKE study report\n\n");
        m.append("Command: `").append(in.command().trim()).append("`  \n");
        m.append(String.format(Locale.ROOT, "Machine: %s; wall time %.0f s (Table I timing and report included).%n%n", in.machine(), in.seconds()));

        m.append("## What ran\n\n");
        m.append("- **Data**: ").append(in.data().get("source")).append("; subjects ").append(in.data().get("subjects"))
                .append(", trials per subject: ").append(in.data().get("trials_per_subject")).append(", ")
                .append(in.data().get("windows")).append(" windows.\n");
        m.append("- **Features**: preset `").append(in.data().get("preset")).append("` (fingerprint `")
                .append(in.data().get("preset_fingerprint")).append("`), ").append(in.data().get("feature"))
                .append(" on the 9x9 electrode grid, 4 bands: input (4, 9, 9) per window. Labels: valence, arousal, dominance "
                        + "binarised per trial (docs/eeg-pipeline.md). Fraction of windows labelled high: ")
                .append(fractions(in.data().get("fraction_high"))).append(".\n");
        m.append("- **Split protocol**: ").append(protocol(s.split(), r.k())).append(" Split seed ").append(r.splitSeed())
                .append(", model seed ").append(r.modelSeed()).append(".\n");
        m.append(String.format(Locale.ROOT, "- **Models and budgets**: the CCNN teacher (6,234,627 parameters) trained with BCE on the hard labels "
                        + "for %d epochs; the EVOKE student (353,363 parameters) distilled from that fold's teacher (T = %s, alpha = %s, "
                        + "teacher logits computed once) for %d epochs; the same student from the same initial weights trained "
                        + "without distillation (BCE) for the same %d epochs. Adam, lr %s, batch %d, no validation split (the final "
                        + "weights are evaluated).%s%n",
                s.epochsTeacher(), RunCommand.num(s.temperature()), RunCommand.num(s.alpha()), s.epochsStudent(), s.epochsStudent(),
                RunCommand.num(s.lr()), s.batch(), s.paper() ? " These are the paper's settings (`--paper`)." : " A small budget for a quick "
                        + "run; `--paper` gives the paper's (100 epochs, batch 128)."));
        m.append('\n');

        m.append("## Results on held-out windows\n\n");
        m.append("Cells are mean ± standard deviation over the folds. **Accuracy** is the mean of the three per-label accuracies "
                + "(valence, arousal, dominance): this is the paper's \"accuracy\". Macro F1 is the mean of the per-label F1 "
                + "scores, micro F1 pools the three labels' counts, exact match needs all three labels right.\n\n");
        m.append(Tables.comparison(r)).append('\n');
        double maj = in.majority().stream().mapToDouble(d -> d).average().orElse(Double.NaN);
        m.append(String.format(Locale.ROOT, "Majority-class baseline (each label's most frequent training value, predicted always): "
                + "accuracy %.4f. %s%n%n", maj, verdict(r, maj)));
        double teacherAcc = r.summary().get(CrossValidation.TEACHER).get("mean_accuracy").mean();
        double distilledAcc = r.summary().get(CrossValidation.DISTILLED).get("mean_accuracy").mean();
        if (teacherAcc < distilledAcc) {
            m.append(String.format(Locale.ROOT, "The teacher is below the students here. With %d epochs the CCNN, with 18 times the "
                    + "student's parameters, is the slower learner; more teacher epochs (`--epochs-teacher`, or `--paper`) narrow the gap. "
                    + "The distilled student still learns from the labels too (alpha = %s weighs the soft part).%n%n",
                    s.epochsTeacher(), RunCommand.num(s.alpha())));
        }
        m.append(String.format(Locale.ROOT, "The paper, on the real DEAP with DE features: CCNN accuracy %.2f %%, F1 %.2f; EVOKE (distilled) "
                        + "accuracy %.2f %%, F1 %.2f (its Table I; it reports no student trained without distillation). %s%n%n",
                100 * PAPER_CCNN_ACCURACY, PAPER_CCNN_F1, 100 * PAPER_EVOKE_ACCURACY, PAPER_EVOKE_F1,
                s.data() == null ? "Numbers on the synthetic DEAP are not comparable with these: they say that the pipeline learns "
                        + "what the generator puts in (docs/synthetic-deap.md), not how well it reads emotions."
                        : "Compare with care: the budget and the split must match the paper's (`--paper`)."));
        m.append("Per fold:\n\n").append(Tables.folds(r)).append('\n');

        if (in.sweep() != null) {
            m.append("## Temperature and alpha (the paper's Fig. 4)\n\n");
            m.append(Tables.sweep(in.sweep())).append('\n');
            m.append("Plots: `plots/accuracy-vs-T.png`, `plots/f1-vs-T.png`, `plots/accuracy-vs-alpha.png`, `plots/f1-vs-alpha.png` "
                    + "(fold mean, error bars one standard deviation).\n\n");
            for (String p : in.plots()) {
                if (p.contains("-vs-")) {
                    m.append("![").append(p).append("](").append(p).append(")\n");
                }
            }
            m.append('\n');
        }

        m.append("## Learning curves\n\n");
        m.append("Training loss per epoch of every model, per fold (`plots/learning-curves-fold-<f>.png`). The distilled "
                + "student's loss is the distillation loss (soft + hard terms), the others' the BCE, so compare shapes, not levels.\n\n");
        for (String p : in.plots()) {
            if (p.contains("learning-curves")) {
                m.append("![").append(p).append("](").append(p).append(")\n");
                break;
            }
        }
        m.append('\n');

        if (in.tableOne() != null) {
            m.append(in.tableOne().replace("## Table I, measured here next to the paper", "## Table I: measured here next to the paper"))
                    .append('\n');
        } else {
            m.append("## Table I\n\nNot measured in this run (`--no-table`); `./evoke table` measures it.\n\n");
        }

        EmotionTimeline t = in.timeline();
        if (t != null) {
            m.append("## Emotion timeline of one trial\n\n");
            long held = t.windows().stream().filter(EmotionTimeline.Window::heldOut).count();
            m.append(String.format(Locale.ROOT, "Subject %s, trial %d: its raw EEG streamed one second at a time through `EmotionRecognizer` "
                            + "with fold 0's distilled student, as a live application would (3 s baseline first, then one result per "
                            + "window). True labels: valence %s, arousal %s, dominance %s, that is **%s**. %d of the trial's %d windows "
                            + "were held out of fold 0's training (%s); the student's windows agree with the true emotion in %.0f %% of them.%n%n",
                    t.subjectId(), t.trial() + 1, hl(t.trueLabels()[0]), hl(t.trueLabels()[1]), hl(t.trueLabels()[2]), t.trueEmotion(),
                    held, t.windows().size(),
                    s.split() == SplitProtocol.WINDOW ? "the window-level split holds out windows, not whole trials; the trial with the "
                            + "most held-out windows was chosen" : "the whole trial was held out",
                    100 * t.agreement()));
            m.append("| from (s) | to (s) | windows | held out | emotion of the windows | avatar shows (smoothed) | P(valence) | P(arousal) | P(dominance) |\n");
            m.append("|---:|---:|---:|---:|---|---|---:|---:|---:|\n");
            for (EmotionTimeline.Segment g : t.segments()) {
                m.append(String.format(Locale.ROOT, "| %.0f | %.0f | %d | %d | %s | %s | %.3f | %.3f | %.3f |%n", g.start(), g.end(), g.windows(),
                        g.heldOut(), g.emotion(), g.expression(), g.meanProbabilities()[0], g.meanProbabilities()[1], g.meanProbabilities()[2]));
            }
            m.append("\nEvery window: `timeline.csv`. Probabilities over time: ![timeline](plots/emotion-timeline.png)\n\n");
            m.append("Avatar expressions of the emotions seen (ARKit blendshapes and FACS action units, rendered by `SvgFaceRenderer`):\n\n");
            for (String name : t.namesSeen()) {
                m.append("![").append(name).append("](avatars/").append(name).append(".svg) ");
            }
            m.append("\n\n");
        }

        m.append("## Files\n\n");
        m.append("- `results.json`: every number of this report, per fold and per epoch, with the settings.\n");
        m.append("- `weights/`: the models as safetensors with canonical names and provenance metadata: fold 0's teacher, distilled "
                + "and scratch student, and every fold's distilled student. Load with `Model.load`, or stream EEG through "
                + "`new EmotionRecognizer(Path.of(\"weights/fold-0-distilled.safetensors\"), Preset.TORCHEEG)`; "
                + "`./evoke predict --weights ... --input ...` runs them from the command line.\n");
        m.append("- `plots/`: ").append(String.join(", ", in.plots().stream().map(p -> p.replace("plots/", "")).toList())).append(".\n");
        if (t != null) {
            m.append("- `timeline.csv`, `avatars/`: the emotion timeline above.\n");
        }
        return m.toString();
    }

    private static String protocol(SplitProtocol p, int k) {
        return switch (p) {
            case WINDOW -> k + "-fold over windows (the paper's protocol). Windows of one trial are highly correlated and land on "
                    + "both sides of a fold, so this measures recognition of trials the model has partly seen: it is optimistic "
                    + "(docs/eeg-pipeline.md, \"Splits\"). `--split trial` or `--split subject` measure generalisation.";
            case TRIAL -> k + "-fold over trials: all windows of a trial on the same side, so held-out trials are unseen.";
            case SUBJECT -> "leave-one-subject-out (" + k + " folds): every fold tests on a subject never seen in training.";
        };
    }

    private static String verdict(ComparisonResult r, double majority) {
        StringBuilder v = new StringBuilder();
        for (String role : List.of(CrossValidation.TEACHER, CrossValidation.DISTILLED, CrossValidation.SCRATCH)) {
            Stat a = r.summary().get(role).get("mean_accuracy");
            v.append(String.format(Locale.ROOT, "%s %+.4f", role, a.mean() - majority)).append(role.equals(CrossValidation.SCRATCH) ? "" : ", ");
        }
        return "Above that baseline: " + v + ".";
    }

    private static String fractions(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return String.valueOf(o);
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(e.getKey()).append(String.format(Locale.ROOT, " %.2f", ((Number) e.getValue()).doubleValue()));
        }
        return s.toString();
    }

    private static String hl(boolean b) {
        return b ? "high" : "low";
    }
}

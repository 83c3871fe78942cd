package org.evoke.cli;

import org.evoke.study.ComparisonResult;
import org.evoke.study.CrossValidation;
import org.evoke.study.FoldResult;
import org.evoke.study.Paired;
import org.evoke.study.RunResult;
import org.evoke.study.Stat;
import org.evoke.study.SweepResult;
import org.evoke.study.TableOneModels;
import org.evoke.study.Tables;
import org.evoke.eeg.split.SplitProtocol;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code report.md} of {@code evoke run}: what ran, on what, and what came out, for a person to read. */
final class StudyReport {
    /** The paper's Table I accuracy columns (5-fold window-level cross-validation on DEAP): DE, and the CCNN's PSD. */
    static final double PAPER_CCNN_ACCURACY = 0.9323, PAPER_CCNN_F1 = 0.92, PAPER_EVOKE_ACCURACY = 0.8762, PAPER_EVOKE_F1 = 0.88,
            PAPER_CCNN_PSD_ACCURACY = 0.6111, PAPER_CCNN_PSD_F1 = 0.46;

    private StudyReport() {
    }

    /** Everything the report shows. {@code sweep}, {@code timeline} and {@code tableOne} may be null. */
    record Inputs(String command, RunCommand.Settings settings, Map<String, Object> data, List<RunCommand.ProtocolRun> runs,
                  SweepResult sweep, EmotionTimeline timeline, String tableOne, List<String> plots,
                  String machine, double seconds) {
    }

    /** The roles a comparison trained, in its order. */
    static List<String> roles(ComparisonResult r) {
        return List.copyOf(r.summary().keySet());
    }

    /** e.g. "trial 4-fold", or "PSD, trial 4-fold" when the run is not on DE. */
    static String runName(RunCommand.ProtocolRun run) {
        String split = splitName(run.protocol(), run.comparison().k());
        return run.feature().equals("DE") ? split : run.feature() + ", " + split;
    }

    /** The protocols side by side: one row per (feature, protocol, model), and the majority baseline. */
    static String sideBySide(List<RunCommand.ProtocolRun> runs) {
        StringBuilder m = new StringBuilder("| split | model | accuracy | macro F1 | micro F1 | exact match | epochs kept / run |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (RunCommand.ProtocolRun run : runs) {
            ComparisonResult r = run.comparison();
            for (String role : roles(r)) {
                Map<String, Stat> st = r.summary().get(role);
                m.append("| ").append(runName(run)).append(" | ").append(roleName(role)).append(" | ")
                        .append(cell(st, "mean_accuracy")).append(" | ").append(cell(st, "macro_f1")).append(" | ")
                        .append(cell(st, "micro_f1")).append(" | ").append(cell(st, "exact_match")).append(" | ")
                        .append(epochs(r, role)).append(" |\n");
            }
            m.append(String.format(Locale.ROOT, "| %s | majority-class baseline | %.4f | | | | |%n", runName(run), run.majority()));
        }
        return m.toString();
    }

    /** The paper's Table I results half, by role: DE F1, DE accuracy, PSD F1, PSD accuracy (NaN: not reported). */
    static final Map<String, double[]> PAPER_TABLE_ONE = Map.of(
            TableOneModels.VIT, new double[] {0.80, 0.7974, 0.74, 0.7521},
            TableOneModels.ARJUN_VIT, new double[] {0.65, 0.6224, 0.77, 0.7778},
            CrossValidation.TEACHER, new double[] {PAPER_CCNN_F1, PAPER_CCNN_ACCURACY, PAPER_CCNN_PSD_F1, PAPER_CCNN_PSD_ACCURACY},
            CrossValidation.DISTILLED, new double[] {PAPER_EVOKE_F1, PAPER_EVOKE_ACCURACY, Double.NaN, Double.NaN});

    /** Table I's rows, top to bottom as the paper prints them, then ours beyond the paper. */
    static final List<String> TABLE_ONE_ORDER = List.of(TableOneModels.VIT, TableOneModels.ARJUN_VIT, CrossValidation.TEACHER,
            CrossValidation.DISTILLED, CrossValidation.SCRATCH);

    /**
     * Table I's results half as this run measured it: per split protocol and model, macro F1 and accuracy (mean over
     * folds x seeds) on every feature run, beside the paper's DE and PSD columns.
     */
    static String tableOneResults(List<RunCommand.ProtocolRun> runs) {
        List<String> features = runs.stream().map(RunCommand.ProtocolRun::feature).distinct().toList();
        List<String> protocols = runs.stream().map(RunCommand.ProtocolRun::protocol).distinct().toList();
        StringBuilder m = new StringBuilder("| split | model |");
        for (String f : features) {
            m.append(' ').append(f).append(" F1 | ").append(f).append(" accuracy (%) |");
        }
        m.append(" paper DE F1 | paper DE accuracy (%) | paper PSD F1 | paper PSD accuracy (%) |\n|---|---|");
        m.append("---:|---:|".repeat(features.size())).append("---:|---:|---:|---:|\n");
        for (String protocol : protocols) {
            for (String role : TABLE_ONE_ORDER) {
                boolean any = runs.stream().anyMatch(r -> r.protocol().equals(protocol) && r.comparison().summary().containsKey(role));
                if (!any) {
                    continue;
                }
                int k = runs.stream().filter(r -> r.protocol().equals(protocol)).findFirst().orElseThrow().comparison().k();
                m.append("| ").append(splitName(protocol, k)).append(" | ").append(TableOneModels.title(role)).append(" |");
                for (String f : features) {
                    Map<String, Stat> st = runs.stream().filter(r -> r.protocol().equals(protocol) && r.feature().equals(f))
                            .map(r -> r.comparison().summary().get(role)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                    m.append(st == null ? " - | - |" : String.format(Locale.ROOT, " %.2f | %.2f |", st.get("macro_f1").mean(),
                            100 * st.get("mean_accuracy").mean()));
                }
                double[] paper = PAPER_TABLE_ONE.get(role);
                for (int i = 0; i < 4; i++) {
                    m.append(paper == null || Double.isNaN(paper[i]) ? " - |"
                            : String.format(Locale.ROOT, i % 2 == 0 ? " %.2f |" : " %.2f |", i % 2 == 0 ? paper[i] : 100 * paper[i]));
                }
                m.append('\n');
            }
        }
        return m.toString();
    }

    /** The paired comparisons of every protocol as a table. */
    static String pairedTable(List<RunCommand.ProtocolRun> runs) {
        StringBuilder m = new StringBuilder("| split | comparison | metric | mean difference | 95% CI | pairs | distinguishable from noise? |\n"
                + "|---|---|---|---:|---|---:|---|\n");
        for (RunCommand.ProtocolRun run : runs) {
            for (Paired p : run.comparison().paired()) {
                m.append(String.format(Locale.ROOT, "| %s | %s - %s | %s | %+.4f | %s | %d | %s |%n", runName(run),
                        roleName(p.first()), roleName(p.second()), metricName(p.metric()), p.meanDifference(),
                        p.n() > 1 ? String.format(Locale.ROOT, "%+.4f to %+.4f", p.lower(), p.upper()) : "-", p.n(),
                        p.distinguishable() ? "yes: " + roleName(p.meanDifference() > 0 ? p.first() : p.second()) + " is higher" : "no"));
            }
        }
        return m.toString();
    }

    static String markdown(Inputs in) {
        RunCommand.Settings s = in.settings();
        List<RunCommand.ProtocolRun> runs = in.runs();
        ComparisonResult r0 = runs.get(0).comparison();
        StringBuilder m = new StringBuilder();
        m.append("# EVOKE study report\n\n");
        m.append("Command: `").append(in.command().trim()).append("`  \n");
        m.append(String.format(Locale.ROOT, "Machine: %s; wall time %.0f s (Table I timing and report included).%n%n", in.machine(), in.seconds()));

        m.append("## What ran\n\n");
        m.append("- **Data**: ").append(in.data().get("source")).append("; subjects ").append(in.data().get("subjects"))
                .append(", trials per subject: ").append(in.data().get("trials_per_subject")).append(", ")
                .append(in.data().get("windows")).append(" windows.");
        if (in.data().get("difficulty") != null) {
            m.append(" Generator difficulty: ").append(in.data().get("difficulty")).append(" (docs/synthetic-deap.md).");
        }
        m.append('\n');
        m.append("- **Features**: preset `").append(in.data().get("preset")).append("` (fingerprint `")
                .append(in.data().get("preset_fingerprint")).append("`), ").append(in.data().get("feature"))
                .append(s.features().stream().allMatch(org.evoke.eeg.features.FeatureKind::onGrid)
                        ? " on the 9x9 electrode grid, 4 bands: input (4, 9, 9) per window."
                        : "; DE and PSD on the 9x9 electrode grid, 4 bands, input (4, 9, 9) per window; RAW: each window's 32 channels"
                        + " z-scored, input (32, 128).")
                .append(" Labels: valence, arousal, dominance binarised per trial (docs/eeg-pipeline.md). Fraction of windows labelled high: ")
                .append(fractions(in.data().get("fraction_high"))).append(".\n");
        m.append("- **Split protocols**, each with its own folds (split seed ").append(r0.splitSeed()).append(", model seed ")
                .append(r0.modelSeed()).append("):\n");
        for (RunCommand.ProtocolRun run : runs) {
            m.append("  - ").append(protocol(SplitProtocol.parse(run.protocol()), run.comparison().k())).append('\n');
        }
        m.append(String.format(Locale.ROOT, "- **Models and budgets**: the CCNN teacher (6,234,627 parameters) trained with BCE on the hard labels "
                        + "for up to %d epochs; the EVOKE student (353,363 parameters) distilled from that fold's teacher (T = %s, alpha = %s, "
                        + "teacher logits computed once) for up to %d epochs; the same student from the same initial weights trained "
                        + "without distillation (BCE) for up to the same %d epochs. Adam, lr %s, batch %d. %s %s%s%n",
                s.epochsTeacher(), RunCommand.num(s.temperature()), RunCommand.num(s.alpha()), s.epochsStudent(), s.epochsStudent(),
                RunCommand.num(s.lr()), s.batch(),
                s.validation() > 0 ? String.format(Locale.ROOT, "Early stopping: %s of each fold's training trials (whole trials, so that "
                        + "neighbouring seconds do not leak into it) are held out for validation; every model keeps its epoch of lowest "
                        + "validation loss and stops after %d epochs without improvement%s.", RunCommand.num(s.validation()), s.patience(),
                        s.patience() == 0 ? " (0: never; the best epoch is still kept)" : "")
                        : "No validation split: every epoch runs and the final weights are evaluated.",
                s.seeds() > 1 ? String.format(Locale.ROOT, "Each fold's students are trained %d times from different initial weights "
                        + "(the distilled and the scratch student of one replicate start alike); the fold's teacher is trained once and "
                        + "teaches every replicate.", s.seeds()) : "One replicate of the students per fold.",
                s.paper() ? " These are the paper's settings (`--paper`)." : " A small budget for a quick run; `--paper` gives the paper's "
                        + "(100 epochs, batch 128, no early stopping)."));
        if (!s.models().contains(TableOneModels.CCNN) || !s.models().contains(TableOneModels.STUDENT)) {
            m.append("- **Models asked for** (`--models`): ").append(String.join(", ", s.models()))
                    .append(". Without the CCNN there is no teacher and no distilled student; without the student, no students.\n");
        }
        if (s.models().contains(TableOneModels.ARJUN_VIT) || s.models().contains(TableOneModels.VIT)) {
            m.append(String.format(Locale.ROOT, "- **Transformers** (Table I's other rows), trained as the paper trained its candidate teachers: from "
                    + "scratch, BCE on the hard labels, the teacher's budget (up to %d epochs), once per fold, on the same folds. "
                    + "Arjun ViT (torcheeg's ArjunViT, 3 blocks of width 32) reads DE and PSD as each electrode's 4 band features with the bands in "
                    + "place of time (chunk 4, one band per token) and raw windows as torcheeg does (chunk 128, 4 patches of 32 samples); "
                    + "ViT is torcheeg's small ViT on the (4, 9, 9) grid (9 patches of 3x3 per band). How the paper fed them is not said "
                    + "(docs/models.md).%n", s.epochsTeacher()));
        }
        m.append('\n');

        m.append("## Results on held-out windows, protocols side by side\n\n");
        m.append("Cells are mean ± standard deviation over folds x seeds (the teacher's over folds). **Accuracy** is the mean of the three "
                + "per-label accuracies (valence, arousal, dominance): this is the paper's \"accuracy\". Macro F1 is the mean of the "
                + "per-label F1 scores, micro F1 pools the three labels' counts, exact match needs all three labels right. "
                + "\"Epochs kept / run\": the epoch whose weights were evaluated (lowest validation loss) and the epochs trained, "
                + "mean over the runs. The majority-class baseline predicts each label's most frequent training value.\n\n");
        m.append(sideBySide(runs)).append('\n');
        m.append("### Paired comparisons\n\n");
        m.append("Differences between two models on the same folds and seeds (pairs: folds x seeds; the teacher's value is its fold's). "
                + "The interval is Student's t over the pairs with the Nadeau-Bengio correction for the overlap of cross-validation training "
                + "sets (docs/training.md); it is \"distinguishable from noise\" when the interval excludes 0.\n\n");
        m.append(pairedTable(runs)).append('\n');
        for (RunCommand.ProtocolRun run : runs) {
            for (Paired p : run.comparison().paired()) {
                m.append("- ").append(runName(run)).append(": ").append(p.sentence()).append('\n');
            }
        }
        m.append('\n');
        m.append(String.format(Locale.ROOT, "**The paper's numbers, for orientation only** (Table I: real DEAP, window-level 5-fold, 100 epochs): "
                        + "CCNN accuracy %.2f %%, F1 %.2f on DE and %.2f %%, F1 %.2f on PSD; EVOKE (distilled) accuracy %.2f %%, F1 %.2f on DE, "
                        + "PSD not reported. It reports no student trained without distillation and no other split. %s This run used %s.%n%n",
                100 * PAPER_CCNN_ACCURACY, PAPER_CCNN_F1, 100 * PAPER_CCNN_PSD_ACCURACY, PAPER_CCNN_PSD_F1, 100 * PAPER_EVOKE_ACCURACY, PAPER_EVOKE_F1,
                s.data() == null ? "**Not comparable with ours**: different data. Numbers on the synthetic DEAP say how the pipeline "
                        + "and the models handle what the generator puts in (docs/synthetic-deap.md), not how well they read emotions."
                        : "Comparable only on the paper's budget and split (`--paper`).",
                in.data().get("feature")));

        m.append("## Table I, results half: measured here next to the paper\n\n");
        m.append("Macro F1 (mean of the three labels' F1) and accuracy (mean of the three labels' accuracies), mean over folds x seeds, "
                + "per split and feature; the paper's columns (real DEAP, window-level 5-fold, 100 epochs; its F1 is taken to be the same "
                + "macro F1) beside them. ");
        m.append(s.data() == null ? "Ours are on the synthetic DEAP: **not comparable** with the paper's, only with each other.\n\n"
                : "Comparable with the paper's only on the window split at the paper's budget (`--paper`).\n\n");
        m.append(tableOneResults(runs)).append('\n');

        for (RunCommand.ProtocolRun run : runs) {
            ComparisonResult r = run.comparison();
            m.append("## ").append(run.feature().equals("DE") && in.settings().features().size() == 1 ? "" : run.feature() + ": ")
                    .append(splitTitle(run.protocol(), r.k())).append("\n\n");
            m.append(Tables.comparison(r)).append('\n');
            double maj = run.majority();
            m.append(String.format(Locale.ROOT, "Majority-class baseline: accuracy %.4f. %s%n%n", maj, verdict(r, maj)));
            boolean both = r.summary().containsKey(CrossValidation.TEACHER) && r.summary().containsKey(CrossValidation.DISTILLED);
            if (both && r.summary().get(CrossValidation.TEACHER).get("mean_accuracy").mean()
                    < r.summary().get(CrossValidation.DISTILLED).get("mean_accuracy").mean()) {
                m.append("The teacher is below the distilled student here. A weaker teacher can still help: the soft targets carry "
                        + "its per-window confidence, and the distilled student also learns from the labels (alpha weighs the soft part).\n\n");
            }
            m.append("Per fold (replicate 0 of the students):\n\n").append(Tables.folds(r)).append('\n');
            m.append("Epochs per fold (kept / run; \"early\" when patience ran out):\n\n").append(epochTable(r)).append('\n');
            for (String p : in.plots()) {
                if (p.startsWith("plots/" + run.plotDir() + "/learning-curves")) {
                    m.append("Learning and validation curves of fold ").append(r.folds().get(0).fold()).append(" (all folds: `plots/")
                            .append(run.plotDir()).append("/`): ![").append(p).append("](").append(p).append(")\n\n");
                    break;
                }
            }
        }

        if (in.sweep() != null) {
            m.append("## Temperature and alpha (the paper's Fig. 4)\n\n");
            m.append("On the ").append(splitName(in.sweep().protocol(), in.sweep().k())).append(" split (the first of `--split`).\n\n");
            m.append(Tables.sweep(in.sweep())).append('\n');
            m.append("Plots: `plots/accuracy-vs-T.png`, `plots/f1-vs-T.png`, `plots/accuracy-vs-alpha.png`, `plots/f1-vs-alpha.png` "
                    + "(mean over folds x seeds; error bars the 95 % interval, Student's t with the cross-validation overlap correction).\n\n");
            for (String p : in.plots()) {
                if (p.contains("-vs-")) {
                    m.append("![").append(p).append("](").append(p).append(")\n");
                }
            }
            m.append('\n');
        }

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
                            + "with fold 0's distilled student of the " + timelineRun(runs).label() + " split, as a live application would (3 s baseline first, then one result per "
                            + "window). True labels: valence %s, arousal %s, dominance %s, that is **%s**. %d of the trial's %d windows "
                            + "were held out of fold 0's training (%s); the student's windows agree with the true emotion in %.0f %% of them.%n%n",
                    t.subjectId(), t.trial() + 1, hl(t.trueLabels()[0]), hl(t.trueLabels()[1]), hl(t.trueLabels()[2]), t.trueEmotion(),
                    held, t.windows().size(),
                    timelineRun(runs).protocol().equals(SplitProtocol.WINDOW.label()) ? "the window-level split holds out windows, not whole trials; the trial with the "
                            + "most held-out windows was chosen" : "the whole trial was held out",
                    100 * t.agreement()));
            m.append("| from (s) | to (s) | windows | held out | emotion of the windows | avatar shows (smoothed) | P(valence) | P(arousal) | P(dominance) |\n");
            m.append("|---:|---:|---:|---:|---|---|---:|---:|---:|\n");
            for (EmotionTimeline.Segment g : t.segments()) {
                m.append(String.format(Locale.ROOT, "| %.0f | %.0f | %d | %d | %s | %s | %.3f | %.3f | %.3f |%n", g.start(), g.end(), g.windows(),
                        g.heldOut(), g.emotion(), g.expression(), g.meanProbabilities()[0], g.meanProbabilities()[1], g.meanProbabilities()[2]));
            }
            m.append("\nEvery window: `timeline.csv`. Probabilities over time: ![timeline](plots/emotion-timeline.png)\n\n");
            m.append("Emotions seen in this trial: ").append(String.join(", ", t.namesSeen())).append(".\n\n");
        }

        m.append("## Avatars\n\n");
        m.append("Every emotion's expression preset: a picture (`SvgFaceRenderer`) and its JSON, the weights of the 52 ARKit blendshapes "
                + "and the FACS action units behind them, ready for a 3D engine (`avatars/<emotion>.svg`, `avatars/<emotion>.json`).\n\n");
        m.append("| emotion | picture | action units | preset |\n|---|---|---|---|\n");
        org.evoke.eeg.avatar.ExpressionLibrary lib = org.evoke.eeg.avatar.ExpressionLibrary.defaultLibrary();
        for (Map.Entry<String, org.evoke.eeg.avatar.Expression> e : lib.all().entrySet()) {
            String name = e.getKey();
            StringBuilder aus = new StringBuilder();
            e.getValue().actionUnits().forEach((au, k) -> aus.append(aus.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %s %.1f", au.name(), au.facsName(), k)));
            m.append("| ").append(name).append(" | ![").append(name).append("](avatars/").append(name).append(".svg) | ")
                    .append(aus.length() == 0 ? "none" : aus).append(" | [").append(name).append(".json](avatars/").append(name).append(".json) |\n");
        }
        m.append('\n');

        m.append("## Files\n\n");
        m.append("- `results.json`: every number of this report, per fold and per epoch, with the settings.\n");
        boolean several = s.features().size() > 1;
        String example = (several ? timelineRun(runs).feature().toLowerCase(Locale.ROOT) + "/" : "") + timelineRun(runs).protocol();
        m.append("- `weights/").append(several ? "<feature>/" : "").append("<split>/`: the models as safetensors with canonical names and "
                + "provenance metadata (the metadata's `model` names the network for `./evoke predict`), per split protocol: "
                + "fold 0's model of every role (replicate 0 of the students), and every fold's distilled student. Load with `Model.load`, "
                + "or stream EEG through `new EmotionRecognizer(Path.of(\"weights/" + example + "/fold-0-distilled.safetensors\"), "
                + "Preset.TORCHEEG)`; `./evoke predict --weights ... --input ...` runs them from the command line.\n");
        m.append("- `plots/`: ").append(String.join(", ", in.plots().stream().map(p -> p.replace("plots/", "")).toList())).append(".\n");
        m.append("- `avatars/`: every emotion's picture and ARKit/FACS JSON.\n");
        if (t != null) {
            m.append("- `timeline.csv`: the emotion timeline above, window by window.\n");
        }
        return m.toString();
    }

    /** The run whose fold 0 distilled student streams the timeline: the first on grid features with a distilled student. */
    private static RunCommand.ProtocolRun timelineRun(List<RunCommand.ProtocolRun> runs) {
        return runs.stream().filter(r -> !r.feature().equals("RAW") && r.comparison().summary().containsKey(CrossValidation.DISTILLED))
                .findFirst().orElse(runs.get(0));
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

    /** e.g. "window 5-fold", "subject (LOSO, 4 folds)". */
    static String splitName(String protocol, int k) {
        return switch (protocol) {
            case "window" -> "window " + k + "-fold";
            case "trial" -> "trial " + k + "-fold";
            case "subject" -> "leave-one-subject-out (" + k + ")";
            default -> protocol;
        };
    }

    private static String splitTitle(String protocol, int k) {
        return switch (protocol) {
            case "window" -> "Window-level " + k + "-fold (the paper's protocol; optimistic)";
            case "trial" -> "Trial-level " + k + "-fold";
            case "subject" -> "Leave-one-subject-out (" + k + " subjects)";
            default -> protocol;
        };
    }

    private static String roleName(String role) {
        return switch (role) {
            case CrossValidation.TEACHER -> "teacher (CCNN)";
            case CrossValidation.DISTILLED -> "student, distilled";
            case CrossValidation.SCRATCH -> "student, from scratch";
            default -> TableOneModels.title(role);
        };
    }

    private static String metricName(String metric) {
        return switch (metric) {
            case "mean_accuracy" -> "accuracy";
            case "macro_f1" -> "macro F1";
            default -> metric;
        };
    }

    private static String cell(Map<String, Stat> m, String key) {
        Stat st = m.get(key);
        return st == null ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", st.mean(), st.std());
    }

    /** Mean kept and run epochs of a role's runs, e.g. "4.2 / 6.2". */
    private static String epochs(ComparisonResult r, String role) {
        double kept = 0, run = 0;
        int n = 0;
        for (FoldResult f : r.folds()) {
            for (RunResult x : f.runs(role)) {
                kept += x.training().bestEpoch();
                run += x.training().epochsRun();
                n++;
            }
        }
        return String.format(Locale.ROOT, "%.1f / %.1f", kept / n, run / n);
    }

    /** Per fold: each model's kept / run epochs. */
    private static String epochTable(ComparisonResult r) {
        StringBuilder m = new StringBuilder("| fold |");
        for (String role : roles(r)) {
            m.append(' ').append(roleName(role)).append(" |");
        }
        m.append("\n|---|").append("---|".repeat(roles(r).size())).append('\n');
        for (FoldResult f : r.folds()) {
            m.append("| ").append(f.fold()).append(" |");
            for (String role : roles(r)) {
                List<String> cells = new java.util.ArrayList<>();
                for (RunResult x : f.runs(role)) {
                    cells.add(x.training().bestEpoch() + " / " + x.training().epochsRun() + (x.training().stoppedEarly() ? " early" : ""));
                }
                m.append(' ').append(String.join(", ", cells)).append(" |");
            }
            m.append('\n');
        }
        return m.toString();
    }

    private static String verdict(ComparisonResult r, double majority) {
        StringBuilder v = new StringBuilder();
        for (String role : roles(r)) {
            Stat a = r.summary().get(role).get("mean_accuracy");
            v.append(v.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %+.4f", role, a.mean() - majority));
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

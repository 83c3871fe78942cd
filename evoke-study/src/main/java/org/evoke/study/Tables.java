package org.evoke.study;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown tables of study results, for people. Every table names its split protocol and fold count; cells are
 * {@code mean ± std} over folds. "Accuracy" is the mean of the three per-label accuracies, the paper's accuracy.
 */
public final class Tables {
    private static final List<String> LABELS = List.of("valence", "arousal", "dominance");

    private Tables() {
    }

    /** The three-way comparison: one row per model, summary metrics then per-label accuracy and F1. */
    public static String comparison(ComparisonResult r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Split: %s, %d folds (split seed %d); distillation T = %s, alpha = %s.%n%n",
                r.protocol(), r.k(), r.splitSeed(), num(r.temperature()), num(r.alpha())));
        s.append("| model | accuracy | macro F1 | micro F1 | exact match |");
        for (String l : LABELS) {
            s.append(" acc ").append(l).append(" | F1 ").append(l).append(" |");
        }
        s.append('\n').append("|---|---|---|---|---|");
        s.append("---|---|".repeat(LABELS.size())).append('\n');
        for (Map.Entry<String, Map<String, Stat>> e : r.summary().entrySet()) {
            Map<String, Stat> m = e.getValue();
            s.append("| ").append(roleName(e.getKey())).append(" | ").append(cell(m, "mean_accuracy")).append(" | ")
                    .append(cell(m, "macro_f1")).append(" | ").append(cell(m, "micro_f1")).append(" | ")
                    .append(cell(m, "exact_match")).append(" |");
            for (String l : LABELS) {
                s.append(' ').append(cell(m, "accuracy." + l)).append(" | ").append(cell(m, "f1." + l)).append(" |");
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Per-fold held-out accuracy and macro F1 of each model. */
    public static String folds(ComparisonResult r) {
        StringBuilder s = new StringBuilder("| fold | train | test |");
        List<String> roles = List.copyOf(r.summary().keySet());
        for (String role : roles) {
            s.append(' ').append(roleName(role)).append(" acc | ").append(roleName(role)).append(" macro F1 |");
        }
        s.append("\n|---|---|---|").append("---|---|".repeat(roles.size())).append('\n');
        for (FoldResult f : r.folds()) {
            s.append("| ").append(f.fold()).append(" | ").append(f.trainWindows()).append(" | ").append(f.testWindows()).append(" |");
            for (String role : roles) {
                Map<String, Double> m = f.run(role).test().metrics();
                s.append(String.format(Locale.ROOT, " %.4f | %.4f |", m.get("mean_accuracy"), m.get("macro_f1")));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** The sweep: one row per (T, alpha). */
    public static String sweep(SweepResult r) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Distilled student, split: %s, %d folds.%n%n| T | alpha | accuracy | macro F1 | micro F1 | exact match |%n"
                        + "|---|---|---|---|---|---|%n", r.protocol(), r.k()));
        for (SweepResult.Point p : r.points()) {
            Map<String, Stat> m = p.summary();
            s.append("| ").append(num(p.temperature())).append(" | ").append(num(p.alpha())).append(" | ")
                    .append(cell(m, "mean_accuracy")).append(" | ").append(cell(m, "macro_f1")).append(" | ")
                    .append(cell(m, "micro_f1")).append(" | ").append(cell(m, "exact_match")).append(" |\n");
        }
        return s.toString();
    }

    static String roleName(String role) {
        return switch (role) {
            case CrossValidation.TEACHER -> "teacher (CCNN)";
            case CrossValidation.DISTILLED -> "student, distilled";
            case CrossValidation.SCRATCH -> "student, from scratch";
            case TableOneModels.ARJUN_VIT -> "Arjun ViT";
            case TableOneModels.VIT -> "ViT (torcheeg, small)";
            default -> role;
        };
    }

    private static String cell(Map<String, Stat> m, String key) {
        Stat st = m.get(key);
        return st == null ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", st.mean(), st.std());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
    }
}

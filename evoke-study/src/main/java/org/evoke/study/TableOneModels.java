package org.evoke.study;

import org.evoke.eeg.features.ElectrodeGrid;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;

import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The four models of the paper's Table I, by the names {@code evoke run --models} takes, built for a feature kind:
 *
 * <pre>
 * name      model                                   DE / PSD grid (B, 9, 9)                 raw windows (32, L)
 * ccnn      the CCNN teacher                        as the paper                             -
 * student   the EVOKE student (distilled, scratch)  as the paper                             -
 * arjunvit  torcheeg's ArjunViT                     electrodes x bands: chunk B, t_patch 1   its defaults: chunk 128, t_patch 32
 * vit       torcheeg's ViT, small                   ViT(chunk_size=4, (9, 9), t_patch_size=1) -
 * </pre>
 *
 * How the paper fed its transformers DE and PSD features is not said; these are torcheeg's own configurations for band
 * features (docs/models.md). All with 3 outputs (valence, arousal, dominance).
 */
public final class TableOneModels {
    public static final String CCNN = "ccnn", STUDENT = "student", ARJUN_VIT = "arjunvit", VIT = "vit";
    /** Every name, in Table I's order from the bottom up (ours first). */
    public static final List<String> ALL = List.of(CCNN, STUDENT, ARJUN_VIT, VIT);

    private TableOneModels() {
    }

    /** The canonical name of {@code name} (case and a dash ignored), or a one-line error listing the names. */
    public static String parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "");
        return switch (n) {
            case "ccnn", "teacher" -> CCNN;
            case "student", "evoke", "evokestudent" -> STUDENT;
            case "arjunvit" -> ARJUN_VIT;
            case "vit" -> VIT;
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + String.join(", ", ALL));
        };
    }

    /** Whether model {@code name} reads features of {@code kind}: every model reads the grid, only Arjun ViT raw windows. */
    public static boolean reads(String name, FeatureKind kind) {
        return kind.onGrid() || name.equals(ARJUN_VIT);
    }

    /**
     * Builds model {@code name} for features of {@code kind} with {@code bands} bands on the grid.
     *
     * @throws IllegalArgumentException when the model does not read that kind ({@link #reads})
     */
    public static LongFunction<Model> factory(String name, FeatureKind kind, int bands) {
        if (!reads(name, kind)) {
            throw new IllegalArgumentException(name + " reads DE or PSD features on the grid, not " + kind + "; only arjunvit reads raw windows");
        }
        return switch (name) {
            case CCNN -> Models::ccnn;
            case STUDENT -> Models::evokeStudent;
            case ARJUN_VIT -> kind == FeatureKind.RAW ? seed -> Models.arjunVit(seed, 3)
                    : seed -> Models.arjunVitOnBands(seed, 3, ElectrodeGrid.cells(), bands);
            case VIT -> seed -> Models.torcheegVit(seed, 3);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + String.join(", ", ALL));
        };
    }

    /** The model's row name in Table I. */
    public static String title(String role) {
        return switch (role) {
            case CrossValidation.TEACHER, CCNN -> "CCNN (teacher)";
            case CrossValidation.DISTILLED -> "EVOKE student, distilled";
            case CrossValidation.SCRATCH -> "EVOKE student, from scratch";
            case ARJUN_VIT -> "Arjun ViT";
            case VIT -> "ViT (torcheeg, small)";
            default -> role;
        };
    }
}

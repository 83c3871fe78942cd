package org.evoke.distill.study;

import java.util.List;

/**
 * The runs of one fold, all on the same training and held-out windows.
 *
 * @param fold          the fold's index
 * @param trainWindows  windows trained on (validation included)
 * @param testWindows   held-out windows
 * @param runs          one per model, in the order teacher, distilled, scratch (or the sweep's points)
 */
public record FoldResult(int fold, int trainWindows, int testWindows, List<RunResult> runs) {

    /** The run of {@code role}. */
    public RunResult run(String role) {
        return runs.stream().filter(r -> r.role().equals(role)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fold " + fold + " has no run '" + role + "'"));
    }
}

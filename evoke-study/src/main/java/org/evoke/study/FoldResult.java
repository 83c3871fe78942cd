package org.evoke.study;

import java.util.List;

/**
 * The runs of one fold, all on the same training and held-out windows.
 *
 * @param fold          the fold's index
 * @param trainWindows  windows trained on (validation included)
 * @param testWindows   held-out windows
 * @param runs          the teacher, then per replicate the distilled and the scratch student
 */
public record FoldResult(int fold, int trainWindows, int testWindows, List<RunResult> runs) {

    /** The runs of {@code role}, one per replicate, in replicate order. */
    public List<RunResult> runs(String role) {
        return runs.stream().filter(r -> r.role().equals(role)).toList();
    }

    /** The (first) run of {@code role}. */
    public RunResult run(String role) {
        return runs.stream().filter(r -> r.role().equals(role)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fold " + fold + " has no run '" + role + "'"));
    }
}

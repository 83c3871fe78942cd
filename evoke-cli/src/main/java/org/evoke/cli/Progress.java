package org.evoke.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A progress bar with ETA on a terminal, and nothing when output is not a terminal (a pipe, a file, CI); either
 * way a one-line summary is printed when the stage ends.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar; // null when quiet
    private final PrintWriter out;
    private final String stage;
    private final long started = System.nanoTime();

    private Progress(String stage, long total, PrintWriter out, boolean interactive) {
        this.stage = stage;
        this.out = out;
        this.bar = interactive ? new ProgressBarBuilder().setTaskName(stage).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                .build() : null;
    }

    /** A bar on an interactive terminal, silence otherwise. */
    static Progress start(String stage, long total, PrintWriter out) {
        return new Progress(stage, total, out, System.console() != null);
    }

    void step(long done, String extra) {
        if (bar != null) {
            bar.stepTo(done);
            if (extra != null) {
                bar.setExtraMessage(extra);
            }
        }
    }

    /** Closes the bar and prints the stage's one-line summary. */
    void done(String summary) {
        close();
        out.printf("%-10s %s (%s)%n", stage, summary, format(Duration.ofNanos(System.nanoTime() - started)));
        out.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format("%dm %02ds", s / 60, s % 60) : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}

package org.evoke.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it printed. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /** The whole error output is one line: what was wrong and what to do, no stack trace. */
    boolean oneLineError() {
        return err.strip().lines().count() == 1 && !err.contains("\tat ");
    }
}

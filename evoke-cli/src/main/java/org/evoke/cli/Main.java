package org.evoke.cli;

import org.evoke.tensor.blas.BlasCore;
import org.evoke.eeg.deap.DeapFormatException;
import org.evoke.tensor.io.SafeTensorsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;

/**
 * The {@code evoke} command: the EVOKE study and its pieces from the command line. {@code ./evoke} at the
 * repository root builds the project on first use and runs this class.
 *
 * <p>Exit codes: 0 success, 1 a user error (one line on standard error saying what was wrong and what to do),
 * 2 a bad option or option value (one line, and where to look: {@code try 'evoke run --help'}), 3 an internal error
 * (a stack trace, which is a bug to report).
 */
@Command(name = "evoke", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "EEG emotion recognition with a CNN teacher distilled into an 18x smaller student (EVOKE, arXiv 2401.06957).",
        subcommands = {RunCommand.class, TableCommand.class, PredictCommand.class, SynthCommand.class, FeaturesCommand.class, LiveCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static {
        BlasCore.configure(); // before ND4J loads OpenBLAS: its kernels are chosen once, at load
    }

    /** Exit code for a user error. */
    public static final int USER_ERROR = 1;
    /** Exit code for a mistyped option or option value. */
    public static final int BAD_OPTION = 2;
    /** Exit code for a bug. */
    public static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code (the tests call this in-process). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args2) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            c.getErr().println(name + ": " + message(ex) + "; try '" + name + " --help'");
            return BAD_OPTION;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (isUserError(ex)) {
                commandLine.getErr().println("evoke " + commandLine.getCommandName() + ": " + message(ex));
                return USER_ERROR;
            }
            commandLine.getErr().println("evoke " + commandLine.getCommandName() + ": internal error (please report): " + ex);
            ex.printStackTrace(commandLine.getErr());
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Mistakes a user can fix: bad input files, bad values, missing paths. */
    static boolean isUserError(Throwable ex) {
        return ex instanceof UserException || ex instanceof IllegalArgumentException || ex instanceof SafeTensorsException
                || ex instanceof DeapFormatException || ex instanceof UncheckedIOException || ex instanceof IOException;
    }

    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            ex = u.getCause();
        }
        if (ex instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        String m = ex.getMessage();
        return m == null ? ex.toString() : m.replace('\n', ' ');
    }

    /** Reads the version Maven wrote into evoke-version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/evoke-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{"evoke " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}

package org.evoke.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.Collection;

/**
 * The benchmarks jar's entry point: {@code java -jar benchmarks/target/benchmarks.jar [JMH options]} runs JMH with
 * the given options (all of JMH's command line), then prints the side-by-side report of the run
 * ({@link BenchReport}: ours, ONNX Runtime, PyTorch through DJL and Deeplearning4j, our speed-up over the faster peer
 * and where each speed goal stands). JMH's listing and help options go straight to JMH.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Collection<RunResult> results = new Runner(cmd).run();
        if (!results.isEmpty()) {
            System.out.println();
            System.out.println(BenchReport.markdown(BenchReport.rows(results)));
        }
    }
}

package org.evoke.cli;

import org.evoke.bench.TableOne;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code evoke table}: the paper's Table I measured on this machine with JMH (the latency and throughput benchmarks
 * of the {@code benchmarks} module, our engine and ONNX Runtime in one run), next to PyTorch's anchor and the
 * paper's values.
 */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Table I on this machine: layers, parameters, MACs and FLOPs, weight size, inference time at batch 1 and "
                + "throughput at batch 128 for the CCNN teacher and the EVOKE student, with ONNX Runtime's times from the same "
                + "JMH run, PyTorch's anchor and the paper's values.",
                "Timed with JMH (about two minutes with the defaults). For the full side-by-side run (training, Deeplearning4j): "
                        + "java -jar benchmarks/target/benchmarks.jar (docs/benchmarks.md)."})
final class TableCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "N", description = "JMH warmup iterations (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--iterations", defaultValue = "3", paramLabel = "N", description = "JMH measurement iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--time-ms", defaultValue = "1000", paramLabel = "MS", description = "Time per iteration in ms (default: ${DEFAULT-VALUE}).")
    int millis;

    @Option(names = "--forks", defaultValue = "1", paramLabel = "N",
            description = "JMH forks (default: ${DEFAULT-VALUE}; 0 measures in this JVM, quicker and less isolated).")
    int forks;

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || iterations < 1 || millis < 1 || forks < 0) {
            throw new UserException("need --warmup >= 0, --iterations >= 1, --time-ms >= 1 and --forks >= 0; got " + warmup + ", "
                    + iterations + ", " + millis + ", " + forks);
        }
        spec.commandLine().getOut().print(TableOne.markdown(new TableOne.Settings(warmup, millis, iterations, millis, forks)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package org.evoke.cli;

import org.evoke.bench.TableOne;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code evoke table}: the paper's Table I measured on this machine with JMH (the latency and throughput benchmarks
 * of the {@code benchmarks} module: our engine, ONNX Runtime and PyTorch through DJL in one run), next to the
 * paper's values.
 */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Table I on this machine: layers, parameters, MACs and FLOPs, weight size, inference time at batch 1 and "
                + "throughput at batch 128 for ViT-B/16, Arjun ViT, the CCNN teacher and the EVOKE student, with ONNX Runtime's "
                + "and PyTorch's (through DJL) times from the same JMH run, and the paper's values.",
                "Timed with JMH (about two minutes with the defaults). For the full side-by-side run (training, Deeplearning4j): "
                        + "java -jar benchmarks/target/benchmarks.jar (docs/benchmarks.md)."})
final class TableCommand implements Callable<Integer> {
    /** The paper's Table I, static columns: model, layers, parameters, "FLOPs" (multiply-accumulates), weight. */
    static final String[][] PAPER = {
            {"ViT", "140", "85.64M", "16.86G", "321.56MB"},
            {"Arjun ViT", "41", "144.356K", "767.592K", "587.35KB"},
            {"CCNN", "12", "6.235M", "79.961M", "23.79MB"},
            {"EVOKE", "8", "353.363K", "1.991M", "1.35MB"}};

    /**
     * The static columns of all four models, counted here, beside the paper's. The transformers with 4 outputs, the
     * class count under which Arjun ViT's parameters match the paper exactly (the study itself uses 3).
     */
    static String staticTable() {
        org.evoke.nn.summary.ModelSummary[] s = {org.evoke.nn.models.Models.vitB16(0, 4).summary(),
                org.evoke.nn.models.Models.arjunVit(0, 4).summary(), org.evoke.nn.models.Models.ccnn(0).summary(),
                org.evoke.nn.models.Models.evokeStudent(0).summary()};
        String[] input = {"3 x 224 x 224 image", "32 x 128 raw EEG", "4 x 9 x 9 DE grid", "4 x 9 x 9 DE grid"};
        StringBuilder sb = new StringBuilder("## Table I, static columns: counted here next to the paper\n\n");
        sb.append("| Model | input | #Layers (paper) | #Params, thop (paper) | #Params, all | MACs, thop (paper's \"FLOPs\") | FLOPs (2 x MACs) | Weight (paper) |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < s.length; i++) {
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %s | %d (%s) | %,d (%s) | %,d | %,d (%s) | %,d | %.2f MiB (%s) |%n",
                    PAPER[i][0], input[i], s[i].layerCount(), PAPER[i][1], s[i].thopParameterCount(), PAPER[i][2], s[i].parameterCount(),
                    s[i].thopMacs(), PAPER[i][3], 2 * s[i].thopMacs(), org.evoke.nn.summary.ModelSummary.mib(s[i].weightBytes()), PAPER[i][4]));
        }
        sb.append("\nHow it is counted: #Layers are PyTorch leaf modules (torcheeg's layout for Arjun ViT and the CNNs; our ViT-B/16's"
                + " blocks are counted the same way, which does not give the paper's 140, whose convention is unknown); #Params and MACs"
                + " as thop counts them (the paper's tool: a model's own class token and position embedding are not counted, LayerNorm is"
                + " 4 x numel, nn.Softmax rows x (3n - 1), matmuls and GELU are not); \"all\" is every parameter. The transformers have 4"
                + " outputs here, under which Arjun ViT's count is the paper's exactly (the study uses 3). The ViT row is an ImageNet"
                + " ViT-B/16 at 3 x 224 x 224, the configuration whose counts match the paper's (its 85.64M is 85,649,668 truncated);"
                + " how the paper fed EEG features to it is not said. Arjun ViT's 767.592K MACs is not reproduced by any convention we"
                + " know (thop gives 688,968). The weight column is float32 parameters.\n");
        return sb.toString();
    }

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

    @Option(names = "--static", description = "Only the static columns (layers, parameters, MACs, weights) of all four models of the"
            + " paper's Table I, next to the paper's values, in a few seconds and without JMH.")
    boolean staticOnly;

    @Override
    public Integer call() throws Exception {
        if (staticOnly) {
            spec.commandLine().getOut().print(staticTable());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (warmup < 0 || iterations < 1 || millis < 1 || forks < 0) {
            throw new UserException("need --warmup >= 0, --iterations >= 1, --time-ms >= 1 and --forks >= 0; got " + warmup + ", "
                    + iterations + ", " + millis + ", " + forks);
        }
        spec.commandLine().getOut().print(TableOne.markdown(new TableOne.Settings(warmup, millis, iterations, millis, forks)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package org.evoke.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.evoke.eeg.deap.DeapReader;
import org.evoke.eeg.emotion.Emotion;
import org.evoke.eeg.emotion.EmotionTable;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.evoke.tensor.ops.Losses;
import org.evoke.tensor.io.SafeTensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code evoke predict}: trained weights + input windows -> logits, probabilities, labels and emotions. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Run a trained model on input windows. Input: a safetensors file with a tensor x of shape "
                + "(N, 4, 9, 9) (Arjun ViT: raw windows (N, 32, 128)), a DEAP file (sXX.dat / sXX.mat) or an EDF/BDF recording"
                + " (any 10-20 montage and rate), whose features are computed first. Prints "
                + "logits, probabilities, labels (p >= 0.5) and emotions; --output writes them (.json or .safetensors).")
final class PredictCommand implements Callable<Integer> {
    private static final int PRINT_ROWS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "W", description = "Trained weights (.safetensors).")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "X", description = "Input windows (.safetensors with x), a DEAP file, or an EDF/BDF recording.")
    Path input;

    @Option(names = "--model", paramLabel = "student|ccnn|vit|arjunvit|arjunvit-bands",
            description = "Which network the weights are for (default: the one the file's metadata names, else student).")
    String model;

    @Option(names = "--output", paramLabel = "Y", description = "Write the results to Y (.json, or .safetensors for tensors).")
    Path output;

    @Option(names = "--preset", defaultValue = "torcheeg", paramLabel = "P", description = "Feature preset for DEAP input (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--feature", defaultValue = "de", paramLabel = "de|psd", description = "Feature for DEAP input to the grid models"
            + " (default: ${DEFAULT-VALUE}); Arjun ViT on raw windows gets its z-scored windows.")
    String feature;

    @picocli.CommandLine.Mixin
    RecordingInput recordingInput = new RecordingInput();

    @Option(names = "--emotions", paramLabel = "TABLE", description = "A JSON emotion table replacing the default (see docs/eeg-pipeline.md).")
    Path emotions;

    /** One window's result. */
    record Row(int index, float[] logits, float[] probabilities, int[] labels, String emotion) {
    }

    /** The network --model names (the weights' own metadata is then not consulted). */
    private static Model byOption(String name) {
        return switch (name) {
            case "student", "evoke-student", "ccnn", "teacher", "vit", "vit-small", "arjunvit", "arjun-vit" -> Models.byName(name, 0);
            case "arjunvit-bands", "arjun-vit-bands" -> org.evoke.study.TableOneModels.factory("arjunvit", FeatureKind.DE, 4).apply(0);
            default -> throw new UserException("--model must be student, ccnn, vit, arjunvit or arjunvit-bands, got '" + name + "'");
        };
    }

    /** The network the weights' metadata names ({@code Models.build}); the student for a file that names none. */
    private Model fromMetadata(java.util.Map<String, String> metadata) {
        String named = metadata.get("model");
        if (("arjun-vit-bands".equals(named) || "arjunvit-bands".equals(named)) && !metadata.containsKey("arch.cells")) {
            return byOption("arjunvit-bands"); // saved before the architecture was recorded: DEAP's grid, 4 bands
        }
        try {
            return Models.build(metadata, weights.toString());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage() + "; give --model student, ccnn, vit, arjunvit or arjunvit-bands");
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(weights)) {
            throw new UserException("--weights " + weights + " is not a file; give a .safetensors file written by evoke run or PyTorch");
        }
        if (!Files.isRegularFile(input)) {
            throw new UserException("--input " + input + " is not a file; give a .safetensors file with x (N, 4, 9, 9), a DEAP sXX.dat/.mat or an EDF/BDF recording");
        }
        if (output != null && !output.getFileName().toString().endsWith(".json")
                && !output.getFileName().toString().endsWith(".safetensors")) {
            throw new UserException("--output " + output + ": expected a .json or .safetensors file name");
        }
        org.evoke.tensor.io.SafeTensors.Contents w = org.evoke.tensor.io.SafeTensors.read(weights);
        Model net = model != null ? byOption(model) : fromMetadata(w.metadata());
        try {
            net.load(w.tensors(), weights.toString());
        } catch (IllegalArgumentException e) {
            String other = switch (net.name()) {
                case "ccnn" -> "student";
                case "evoke-student" -> "ccnn";
                default -> "student, ccnn, vit, arjunvit or arjunvit-bands";
            };
            throw new UserException(e.getMessage() + " (weights of another network? try --model " + other + ")");
        }
        EmotionTable table = emotions == null ? EmotionTable.defaultTable() : EmotionTable.load(emotions);
        INDArray logits;                                                        // (N, 3)
        if (RecordingInput.isRecording(input)) {
            logits = predictRecording(net, out);
        } else {
            logits = predictInBatches(net, readInput(net.inputShape()));
        }
        for (int i = 0; i < logits.size(0); i++) {
            for (int j = 0; j < 3; j++) {
                if (!Double.isFinite(logits.getDouble(i, j))) {
                    throw new UserException("window " + i + " of --input " + input + " gives a logit of " + logits.getDouble(i, j)
                            + " with --weights " + weights + ": the weights overflow float32 on this input (weights of"
                            + " another scale, or a damaged file); nothing was printed or written");
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < logits.size(0); i++) {
            float[] l = new float[3], p = new float[3];
            int[] y = new int[3];
            for (int j = 0; j < 3; j++) {
                l[j] = logits.getFloat(i, j);
                p[j] = (float) Losses.sigmoid(l[j]);
                y[j] = p[j] >= 0.5f ? 1 : 0;
            }
            Emotion e = table.of(y[0] == 1, y[1] == 1, y[2] == 1);
            rows.add(new Row(i, l, p, y, e.name()));
            counts.merge(e.name(), 1, Integer::sum);
        }
        print(out, rows, counts);
        if (output != null) {
            write(output, rows, logits);
            out.printf("wrote %d results to %s%n", rows.size(), output);
        }
        return 0;
    }

    /** Windows run through the model at once: bounded activations whatever the input's size. */
    static final int BATCH = 256;

    /** The model's logits (N, 3) for x (N, ...), {@value #BATCH} windows at a time. */
    static INDArray predictInBatches(Model net, INDArray x) {
        long n = x.size(0);
        if (n <= BATCH) {
            return net.predict(x).dup();
        }
        INDArray logits = Nd4j.create(DataType.FLOAT, n, 3);
        for (long from = 0; from < n; from += BATCH) {
            long to = Math.min(n, from + BATCH);
            INDArray part = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup();
            logits.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to), org.nd4j.linalg.indexing.NDArrayIndex.all())
                    .assign(net.predict(part));
        }
        return logits;
    }

    /** Logits of every window of an EDF/BDF recording, its features computed and run in batches of 256 windows. */
    private INDArray predictRecording(Model net, PrintWriter out) {
        long[] perSample = net.inputShape();
        if (perSample.length != 3) {
            throw new UserException("--input " + input + ": an EDF/BDF recording gives grid features (4, 9, 9); this model"
                    + " takes raw windows, made from DEAP files only");
        }
        Preset p = Preset.byName(preset);
        FeatureKind kind = FeaturesCommand.kind(feature);
        try (org.evoke.eeg.montage.RecordingEeg rec = recordingInput.open(input)) {
            out.println(RecordingInput.reportWithWarning(rec.montage(), rec.report(), ""));
            List<INDArray> parts = new ArrayList<>();
            RecordingInput.features(rec, p, kind, 256, b -> {
                int n = b.features().length;
                INDArray x = Nd4j.create(b.features()).reshape(n, perSample[0], perSample[1], perSample[2]);
                parts.add(net.predict(x).dup());
            });
            if (parts.isEmpty()) {
                throw new UserException("--input " + input + ": " + RunCommand.num(rec.duration()) + " s of signal gives no"
                        + " window (the preset needs " + p.baselineSeconds() + " s of baseline, then windows of "
                        + RunCommand.num(p.windowSamples() / (double) p.samplingRate()) + " s)");
            }
            return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
        } catch (IOException e) {
            throw new UserException(input + ": " + e.getMessage());
        }
    }

    /** x (N, ...the model's input shape) float32 from a safetensors file, or the features of a DEAP file. */
    private INDArray readInput(long[] perSample) {
        String want = "(N, " + String.join(", ", Arrays.stream(perSample).mapToObj(Long::toString).toList()) + ")";
        if (isSafeTensors(input)) {
            SafeTensors.Contents c = SafeTensors.read(input);
            if (!c.has("x")) {
                throw new UserException(input + " has no tensor 'x'; expected x of shape " + want + " (it has " + c.tensors().keySet() + ")");
            }
            INDArray x = c.get("x");
            long[] s = x.shape();
            if (s.length != perSample.length + 1 || s[0] < 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), perSample)) {
                throw new UserException(input + ": x has shape " + Arrays.toString(s) + "; expected " + want);
            }
            if (x.dataType() != DataType.FLOAT && x.dataType() != DataType.DOUBLE) {
                throw new UserException(input + ": x is " + x.dataType() + "; expected float32 or float64");
            }
            org.evoke.tensor.ops.Shapes.requireWithin(x, FeatureKind.MAX_ABS, input + ": x",
                    "no feature of microvolt EEG is that large: the wrong file or the wrong units?");
            return x.castTo(DataType.FLOAT);
        }
        boolean raw = perSample.length == 2;
        FeatureKind kind = raw ? FeatureKind.RAW : FeaturesCommand.kind(feature);
        if (!raw && !kind.onGrid()) {
            throw new UserException("--feature raw: this model takes " + want + " grid features; give --feature de or psd");
        }
        DeapReader.detect(input); // a one-line error when the file is neither format
        var subject = DeapReader.read(input);
        INDArray f = new FeatureExtractor(Preset.byName(preset), kind).extract(subject).features(); // raw windows for Arjun ViT
        if (!Arrays.equals(Arrays.copyOfRange(f.shape(), 1, f.rank()), perSample)) {
            throw new UserException("--input " + input + ": preset " + preset + " gives windows of " + Arrays.toString(Arrays.copyOfRange(f.shape(), 1, f.rank()))
                    + "; this model takes " + want);
        }
        return f.castTo(DataType.FLOAT);
    }

    static boolean isSafeTensors(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(9);
            if (head.length < 9) {
                return false;
            }
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return n > 1 && n < Files.size(p) && head[8] == '{';
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void print(PrintWriter out, List<Row> rows, Map<String, Integer> counts) {
        out.printf("%6s  %8s %8s %8s  %6s %6s %6s  %s  %s%n", "window", "logit V", "logit A", "logit D", "p V", "p A", "p D", "VAD", "emotion");
        int shown = rows.size() <= 2 * PRINT_ROWS ? rows.size() : PRINT_ROWS;
        for (int i = 0; i < shown; i++) {
            Row r = rows.get(i);
            out.printf("%6d  %8.4f %8.4f %8.4f  %6.3f %6.3f %6.3f  %d%d%d  %s%n", r.index(), r.logits()[0], r.logits()[1],
                    r.logits()[2], r.probabilities()[0], r.probabilities()[1], r.probabilities()[2], r.labels()[0],
                    r.labels()[1], r.labels()[2], r.emotion());
        }
        if (shown < rows.size()) {
            out.printf("... %d more windows (use --output to keep them all)%n", rows.size() - shown);
        }
        out.println("emotions: " + counts);
    }

    private static void write(Path file, List<Row> rows, INDArray logits) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
            org.evoke.tensor.io.AtomicFiles.write(file, tmp ->
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), rows));
        } else if (name.endsWith(".safetensors")) {
            int n = rows.size();
            int[][] labels = new int[n][];
            String[] names = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rows.get(i).labels();
                names[i] = rows.get(i).emotion();
            }
            INDArray probs = logits.dup();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    probs.putScalar(i, j, rows.get(i).probabilities()[j]);
                }
            }
            Map<String, INDArray> t = new LinkedHashMap<>();
            t.put("logits", logits);
            t.put("probabilities", probs);
            t.put("labels", Nd4j.createFromArray(labels));
            SafeTensors.write(file, t, Map.of("emotions", String.join(",", names), "label_order", "valence,arousal,dominance"));
        } else {
            throw new UserException("--output " + file + ": expected a .json or .safetensors file name");
        }
    }
}

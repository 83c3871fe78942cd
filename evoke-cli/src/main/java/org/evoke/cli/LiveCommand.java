package org.evoke.cli;

import org.evoke.live.EegSource;
import org.evoke.cli.live.LiveServer;
import org.evoke.cli.live.LiveSession;
import org.evoke.live.source.PacedSource;
import org.evoke.live.source.RecordedSource;
import org.evoke.cli.live.VmcSender;
import org.evoke.live.EmotionRecognizer;
import org.evoke.distill.train.Objective;
import org.evoke.distill.train.Trainer;
import org.evoke.distill.train.TrainingConfig;
import org.evoke.distill.train.TrainingData;
import org.evoke.eeg.deap.DeapDataset;
import org.evoke.eeg.deap.DeapSubject;
import org.evoke.eeg.emotion.EmotionTable;
import org.evoke.eeg.features.FeatureExtractor;
import org.evoke.eeg.features.FeatureKind;
import org.evoke.eeg.features.Preset;
import org.evoke.eeg.features.SubjectFeatures;
import org.evoke.eeg.montage.Montage;
import org.evoke.eeg.synth.SyntheticDeap;
import org.evoke.nn.Model;
import org.evoke.nn.models.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code evoke live}: streams EEG through the recogniser and serves each window's emotion and avatar expression to
 * browsers as Server-Sent Events (docs/live.md). Sources: a synthetic demo subject moving through emotions (the
 * default), or one DEAP trial. Without {@code --weights} a small student is first trained on synthetic data.
 */
@Command(name = "live", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream EEG through the emotion recogniser and serve the emotions live: http://HOST:PORT/ (page),"
                + " /events (Server-Sent Events, one JSON message per window), /health.",
                "Sources: --demo (a synthetic subject replayed in real time, moving through emotions; the default) or"
                        + " --data DIR --subject sXX --trial N (a DEAP recording replayed at 128 Hz)."})
final class LiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--demo", description = "A synthetic subject replayed in real time, moving through emotions (the default).")
    boolean demo;

    @Option(names = "--data", paramLabel = "DIR", description = "A directory of DEAP subjects to replay from (with --subject and --trial).")
    Path data;

    @Option(names = "--subject", paramLabel = "sXX", description = "The subject of --data to replay (default: the first).")
    String subject;

    @Option(names = "--trial", paramLabel = "N", description = "The trial to replay, 1-based as DEAP numbers them (default 1).")
    Integer trial;

    @Option(names = "--file", paramLabel = "FILE", description = "An EDF, EDF+, BDF or BDF+ recording replayed at its own rate"
            + " (any 10-20 montage and sampling rate; see --missing, --reference and docs/eeg-input.md).")
    Path file;

    @picocli.CommandLine.Mixin
    RecordingInput recordingInput = new RecordingInput();

    @Option(names = "--lsl", paramLabel = "STREAM", description = "EEG from a Lab Streaming Layer stream: type=EEG, name=NAME,"
            + " a name, or an LSL (XPath) query; its channel labels give the montage (see --missing, --reference, --lsl-host).")
    String lsl;

    @picocli.CommandLine.Mixin
    LslOptions lslOptions = new LslOptions();

    @Option(names = "--channels", split = ",", paramLabel = "LABEL,...", description = "--lsl: the stream's channel labels in"
            + " order (10-20 names, e.g. Fp1,Fp2,C3,C4), for a stream that sends none or other names.")
    List<String> channels;

    @Option(names = "--print", description = "Also print one line per window: its time, probabilities and emotion.")
    boolean print;

    @Option(names = "--stdin", description = "Raw EEG on standard input: a 16-byte header (\"EVKE\", channels, rate, samples per chunk,"
            + " int32 little-endian) then float32 little-endian chunks, channels x samples (docs/live.md).")
    boolean stdin;

    @Option(names = "--tcp", paramLabel = "PORT", description = "Raw EEG from one TCP sender on HOST:PORT, in the format of --stdin.")
    Integer tcp;

    @Option(names = "--weights", paramLabel = "W", description = "A trained student (safetensors, e.g. an evoke run's weights/.../fold-0-distilled.safetensors);"
            + " without it a small student is trained on synthetic data first.")
    Path weights;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address to serve on (default: ${DEFAULT-VALUE})."
            + " Anything but loopback serves a person's emotional state to the network: a warning is printed and every request"
            + " needs the token (--token, or one generated and printed).")
    String host;

    @Option(names = "--token", paramLabel = "T", description = "The token requests must carry when --host is not loopback"
            + " (default: a random one, printed with the address).")
    String token;

    @Option(names = "--tcp-host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Address the --tcp port listens on"
            + " (default: ${DEFAULT-VALUE}, this machine only, whatever --host says).")
    String tcpHost;

    @Option(names = "--port", defaultValue = "8765", paramLabel = "PORT", description = "Port to serve on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X", description = "Replay speed, 1 = real time (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop streaming after S seconds of EEG (default: the demo loops for ever,"
            + " a DEAP trial plays once); the server keeps serving until Ctrl-C.")
    Double seconds;

    @Option(names = "--exit-when-done", description = "Exit when the stream ends instead of serving on (for scripts and tests).")
    boolean exitWhenDone;

    @Option(names = "--vmc", paramLabel = "HOST:PORT", description = "Also send every window's blendshapes and VRM expression presets to a"
            + " VMC protocol receiver (OSC over UDP), e.g. VSeeFace at 127.0.0.1:39539 (docs/live.md).")
    String vmc;

    @Option(names = "--avatar", paramLabel = "FILE.vrm", description = "Show this VRM avatar (VRM 0.x or 1.0, e.g. from VRoid Studio) on the page"
            + " instead of the built-in head; our emotions drive its expression presets (docs/live.md).")
    Path avatar;

    @Option(names = "--measure-latency", description = "Also read /events from a client inside this process and print, when the stream"
            + " ends, the latency from the arrival of each window's last chunk to its message reaching the client (median, 95th"
            + " percentile, max).")
    boolean measureLatency;

    @Option(names = "--seed", defaultValue = "2024", paramLabel = "S", description = "Seed of the demo subject and of the student trained here (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Milliseconds a --tcp sender has to send its header (and, after it, to send each chunk). */
    static int handshakeMillis = 10_000;

    /** Synthetic subjects and epochs of the student trained when no --weights is given. */
    static final int TRAIN_SUBJECTS = 2, TRAIN_TRIALS = 8, TRAIN_EPOCHS = 4;
    /** The demo subject's index in the synthetic DEAP: not one the student was trained on. */
    static final int DEMO_SUBJECT = org.evoke.live.source.DemoSource.SUBJECT;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        int sources = (demo ? 1 : 0) + (data != null ? 1 : 0) + (file != null ? 1 : 0) + (lsl != null ? 1 : 0) + (stdin ? 1 : 0)
                + (tcp != null ? 1 : 0);
        if (sources > 1) {
            throw new UserException("--demo, --data, --file, --lsl, --stdin and --tcp are different sources; give one");
        }
        if (tcp != null && (tcp < 1 || tcp > 65535)) {
            throw new UserException("--tcp must be a port in 1..65535, got " + tcp);
        }
        if (data == null && (subject != null || trial != null)) {
            throw new UserException("--subject and --trial pick a recording of --data DIR; give --data too (or --demo)");
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new UserException("--speed must be a finite number > 0, got " + speed);
        }
        if (seconds != null && !(seconds > 0)) {
            throw new UserException("--seconds must be > 0, got " + seconds);
        }
        if (port < 0 || port > 65535) {
            throw new UserException("--port must be in 0..65535, got " + port);
        }
        String avatarKind = null;
        if (avatar != null) {
            try {
                avatarKind = org.evoke.cli.live.VrmFile.check(avatar);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        Preset preset = Preset.TORCHEEG;
        boolean streamed = stdin || tcp != null || lsl != null;
        EegSource recorded = data != null ? deapSource(preset) : file != null ? fileSource(preset, o)
                : streamed ? null : demoSource(preset);
        Model student = weights != null ? loadStudent() : trainStudent(preset, o);
        EmotionRecognizer recognizer = new EmotionRecognizer(student, preset);
        if (streamed) {
            try {
                recorded = stdin ? new org.evoke.live.source.StreamSource(System.in, preset.samplingRate(), "standard input")
                        : lsl != null ? lslSource(preset, o) : tcpSource(preset, o);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
        }
        EegSource source = streamed ? limit(recorded, preset) : new PacedSource(limit(recorded, preset), preset.samplingRate(), speed);
        VmcSender vmcOut;
        LiveServer server;
        String access;
        try {
            vmcOut = vmc == null ? null : new VmcSender(vmc);
            access = accessToken(o);
            server = new LiveServer(host, port, recorded.describe(), avatar, access, line -> {
                o.println(line);
                o.flush();
            });
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        try (server; VmcSender closeVmc = vmcOut) {
            o.printf("live       http://%s:%d/%s  (events: /events, health: /health); %s, %s x real time; Ctrl-C stops%n",
                    host.contains(":") ? "[" + host + "]" : host, server.port(), access == null ? "" : "?token=" + access,
                    recorded.describe(), RunCommand.num(speed));
            o.flush();
            if (avatar != null) {
                o.printf("live       avatar: %s, %s (its expression presets follow the emotions)%n", avatar.getFileName(), avatarKind);
            }
            if (vmcOut != null) {
                o.printf("live       VMC: blendshapes and VRM presets to %s (OSC over UDP)%n", vmcOut.target());
                o.flush();
            }
            LatencyProbe probe = measureLatency ? new LatencyProbe(host, server.port()) : null;
            try {
                new LiveSession(recognizer, source).run(message -> {
                server.publish(message);
                if (print) {
                    o.println("window     " + printable(message));
                    o.flush();
                }
                if (vmcOut != null) {
                    vmcOut.send(message);
                }
                }, (window, nanos) -> {
                    if (probe != null) {
                        probe.arrived(window, nanos);
                    }
                });
            } catch (IllegalArgumentException e) { // a broken stream: one line, as for any bad input
                throw new UserException(e.getMessage());
            }
            if (probe != null) {
                o.println("live       " + probe.report(server.windows()));
            }
            server.streamEnded();
            o.printf("live       the stream ended after %d windows%s%n", server.windows(), exitWhenDone ? "" : "; still serving (Ctrl-C stops)");
            o.flush();
            if (!exitWhenDone) {
                Thread.currentThread().join(); // serve until the process is stopped
            }
        }
        return 0;
    }

    /**
     * A client of this process's own /events that notes when each window's message arrives, against when the chunk that
     * completed the window arrived: the latency a browser on this machine sees, minus its rendering.
     */
    static final class LatencyProbe {
        private final java.util.Map<Long, Long> arrived = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<Long, Long> received = new java.util.concurrent.ConcurrentHashMap<>();
        private final Thread reader;

        LatencyProbe(String host, int port) throws java.io.IOException {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL("http://" + host + ":" + port + "/events").openConnection();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("data: {\"window\":")) {
                            long t = System.nanoTime();
                            int end = line.indexOf(',');
                            received.put(Long.parseLong(line.substring(16, end)), t); // after "data: {\"window\":"
                        }
                    }
                } catch (java.io.IOException | RuntimeException ignored) {
                    // the server closed: the report counts what arrived
                }
            }, "evoke-live-latency");
            reader.setDaemon(true);
            reader.start();
        }

        void arrived(long window, long nanos) {
            arrived.put(window, nanos);
        }

        String report(long windows) {
            try {
                Thread.sleep(200); // the last messages are on their way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double[] ms = arrived.entrySet().stream().filter(e -> received.containsKey(e.getKey()))
                    .mapToDouble(e -> (received.get(e.getKey()) - e.getValue()) / 1e6).sorted().toArray();
            if (ms.length == 0) {
                return "latency: no window's message reached the probe";
            }
            return String.format(Locale.ROOT, "latency from a window's last chunk to its message at an /events client, %d of %d windows:"
                            + " median %.2f ms, 95th percentile %.2f ms, max %.2f ms", ms.length, windows, ms[ms.length / 2],
                    ms[Math.min(ms.length - 1, (int) Math.ceil(0.95 * ms.length) - 1)], ms[ms.length - 1]);
        }
    }

    /** The demo: synthetic subject {@value #DEMO_SUBJECT}'s trials, one per emotion first, looping. */
    private EegSource demoSource(Preset preset) {
        return org.evoke.live.source.DemoSource.create(seed, preset, preset.samplingRate() / 8, seconds == null);
    }

    /** Waits for one sender on host:--tcp and reads its stream. */
    private EegSource tcpSource(Preset preset, PrintWriter o) {
        try (java.net.ServerSocket listener = new java.net.ServerSocket()) {
            listener.bind(new java.net.InetSocketAddress(tcpHost, tcp));
            o.printf("live       waiting for an EEG sender on tcp://%s:%d (format: docs/live.md)%n", tcpHost, tcp);
            o.flush();
            java.net.Socket s = listener.accept();
            s.setSoTimeout(handshakeMillis); // the header must come within this time
            try {
                org.evoke.live.source.StreamSource src = new org.evoke.live.source.StreamSource(s.getInputStream(), preset.samplingRate(),
                        "tcp sender " + s.getRemoteSocketAddress());
                s.setSoTimeout(0); // then the stream may pause: the page and the server go on meanwhile
                return src;
            } catch (IllegalArgumentException e) {
                s.close();
                throw e;
            }
        } catch (java.net.BindException e) {
            throw new UserException("--tcp " + tcp + " on " + tcpHost + " is in use; pick another port");
        } catch (java.io.IOException e) {
            throw new UserException("--tcp " + tcp + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    /**
     * The token for a server bound beyond loopback (given, or generated and printed with a warning); null on loopback.
     */
    private String accessToken(PrintWriter o) {
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new UserException("--host " + host + " is not an address of this machine");
        }
        if (loopback) {
            return null;
        }
        String t = token;
        if (t == null || t.isBlank()) {
            byte[] b = new byte[18];
            new java.security.SecureRandom().nextBytes(b);
            t = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } else if (!t.matches("[A-Za-z0-9._~-]{16,256}")) {
            throw new UserException("--token must be 16 to 256 letters, digits or . _ ~ -");
        }
        o.println("live       WARNING: serving on " + host + ", not loopback: anyone who can reach this address and has the"
                + " token below sees the emotional state of the person wearing the headset");
        return t;
    }

    /** One line of a window's message: "12  11.0-12.0 s  V 0.71 A 0.62 D 0.55  happy". */
    static String printable(String message) {
        try {
            com.fasterxml.jackson.databind.JsonNode m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(message);
            com.fasterxml.jackson.databind.JsonNode p = m.get("probabilities");
            var names = p.fieldNames();
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%4d  %6.1f-%6.1f s ", m.get("window").asInt(),
                    m.get("start").asDouble(), m.get("end").asDouble()));
            while (names.hasNext()) {
                String n = names.next();
                s.append(String.format(Locale.ROOT, " %s %.3f", n.substring(0, 1).toUpperCase(Locale.ROOT), p.get(n).asDouble()));
            }
            return s.append("  ").append(m.get("emotion").asText()).toString();
        } catch (java.io.IOException e) {
            return message;
        }
    }

    /** Resolves --lsl and opens its inlet (reconnecting for --lsl-wait seconds when it is lost). */
    private EegSource lslSource(Preset preset, PrintWriter o) {
        org.evoke.eeg.lsl.LslConfig cfg = lslOptions.config(o);
        long wait = lslOptions.waitMillis();
        o.printf("live       resolving LSL stream %s (%s, up to %s s)%n", lsl, cfg.loopbackOnly() ? "this machine"
                : lslOptions.network ? "local network" : "this machine and " + cfg.hosts(), RunCommand.num(wait / 1000.0));
        o.flush();
        org.evoke.eeg.lsl.LslInlet inlet;
        try {
            inlet = org.evoke.eeg.lsl.LslInlet.open(lsl, cfg, wait, wait, line -> {
                o.println("live       " + line);
                o.flush();
            });
        } catch (org.evoke.eeg.lsl.LslException e) {
            throw new UserException(e.getMessage());
        }
        Montage.Missing missing = recordingInput.missingPolicy();
        if (channels != null && channels.size() != inlet.info().channelCount()) {
            inlet.close();
            throw new UserException("--channels gives " + channels.size() + " labels; LSL stream '" + inlet.info().name()
                    + "' has " + inlet.info().channelCount() + " channels");
        }
        try {
            org.evoke.live.source.LslSource s = new org.evoke.live.source.LslSource(inlet, channels, recordingInput.channelMap(),
                    missing, recordingInput.averageReference(), preset.samplingRate() / 8, line -> {
                        o.println(line);
                        o.flush();
                    });
            o.println("live       " + RecordingInput.reportWithWarning(s.montage(), s.report(), "live       "));
            return s;
        } catch (IllegalArgumentException e) {
            inlet.close();
            throw new UserException(e.getMessage().replace("give a channel map", "give --channel-map FILE"));
        }
    }

    private EegSource fileSource(Preset preset, PrintWriter o) {
        if (!Files.isRegularFile(file)) {
            throw new UserException("--file " + file + " is not a file; give an EDF or BDF recording");
        }
        if (!RecordingInput.isRecording(file)) {
            throw new UserException("--file " + file + " is not an EDF or BDF recording (for DEAP files use --data DIR)");
        }
        org.evoke.eeg.montage.RecordingEeg rec = recordingInput.open(file);
        o.println("live       " + RecordingInput.reportWithWarning(rec.montage(), rec.report(), "live       "));
        var h = rec.reader().header();
        String rates = h.dataSignals().stream().map(s -> RunCommand.num(s.sampleRate())).distinct()
                .collect(java.util.stream.Collectors.joining("/"));
        return new org.evoke.live.source.FileSource(rec, preset.samplingRate() / 8, h.format() + " recording "
                + file.getFileName() + " (" + rates + " Hz, " + rec.montage().found() + " of DEAP's 32 electrodes"
                + (rec.montage().found() < 32 ? ", missing ones " + recordingInput.missing.toLowerCase(java.util.Locale.ROOT) : "")
                + ")");
    }

    private EegSource deapSource(Preset preset) {
        if (!Files.isDirectory(data)) {
            throw new UserException("--data " + data + " is not a directory; give the folder holding sXX.dat or sXX.mat files");
        }
        DeapDataset ds = DeapDataset.open(data);
        int index = subject == null ? 0 : ds.subjectIds().indexOf(subject);
        if (index < 0) {
            throw new UserException("--subject " + subject + " is not in " + data + "; it holds " + String.join(", ", ds.subjectIds()));
        }
        DeapSubject s = ds.read(index);
        int t = trial == null ? 1 : trial;
        if (t < 1 || t > s.trials()) {
            throw new UserException("--trial " + t + ": subject " + s.id() + " has trials 1.." + s.trials());
        }
        return new RecordedSource(s, List.of(t - 1), preset.samplingRate() / 8, preset.baselineSamples(), false,
                "DEAP subject " + s.id() + ", trial " + t + " (" + data + ")");
    }

    /** The source cut after --seconds of EEG after the baseline, if given. */
    private EegSource limit(EegSource s, Preset preset) {
        if (seconds == null) {
            return s;
        }
        long total = preset.baselineSamples() + Math.round(seconds * preset.samplingRate());
        return new EegSource() {
            long sent;

            @Override
            public float[][] next() {
                if (sent >= total) {
                    return null;
                }
                float[][] c = s.next();
                if (c != null && c.length > 0) {
                    sent += c[0].length;
                }
                return c;
            }

            @Override
            public String describe() {
                return s.describe();
            }
        };
    }

    private Model loadStudent() {
        if (!Files.isRegularFile(weights)) {
            throw new UserException("--weights " + weights + " is not a file; give a student's .safetensors (e.g. from evoke run's weights/)");
        }
        try {
            return Models.load(weights); // the architecture its metadata names (the student when it names none)
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage().replace('\n', ' '));
        }
    }

    /** A small student trained on {@value #TRAIN_SUBJECTS} synthetic subjects, with progress. */
    private Model trainStudent(Preset preset, PrintWriter o) {
        SyntheticDeap gen = new SyntheticDeap(seed, TRAIN_TRIALS);
        FeatureExtractor fx = new FeatureExtractor(preset, FeatureKind.DE);
        List<INDArray> xs = new ArrayList<>(), ys = new ArrayList<>();
        try (Progress p = Progress.start("synth", TRAIN_SUBJECTS, o)) {
            for (int i = 0; i < TRAIN_SUBJECTS; i++) {
                SubjectFeatures f = fx.extract(gen.subject(i));
                xs.add(f.features().castTo(DataType.FLOAT));
                ys.add(f.labels().castTo(DataType.FLOAT));
                p.step(i + 1, SyntheticDeap.id(i));
            }
            p.done(TRAIN_SUBJECTS + " synthetic subjects x " + TRAIN_TRIALS + " trials to train a student (no --weights given)");
        }
        TrainingData d = TrainingData.of(Nd4j.concat(0, xs.toArray(new INDArray[0])), Nd4j.concat(0, ys.toArray(new INDArray[0])));
        Model m = Models.evokeStudent(seed);
        int batches = (d.size() + 63) / 64;
        try (Progress p = Progress.start("student", (long) TRAIN_EPOCHS * batches, o)) {
            new Trainer(new TrainingConfig(TRAIN_EPOCHS, 64, 1e-3, seed, 0, 0)).train("student", m, Objective.hardLabels(), d,
                    IntStream.range(0, d.size()).toArray(), null, org.evoke.distill.train.CheckpointOptions.NONE,
                    new org.evoke.distill.train.TrainingListener() {
                        @Override
                        public void onBatch(String run, int epoch, int batch, int n, double loss) {
                            p.step((long) (epoch - 1) * n + batch, String.format(Locale.ROOT, "epoch %d/%d loss %.4f", epoch, TRAIN_EPOCHS, loss));
                        }
                    });
            p.done(TRAIN_EPOCHS + " epochs on " + d.size() + " windows");
        }
        return m;
    }
}

package org.evoke.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and a worker, each its own JVM started from the Spark jars on
 * this test's class path (the layout of a Spark distribution is imitated by an empty SPARK_HOME/jars; the executors
 * get the class path through spark.executor.extraClassPath). The worker starts executors as further JVMs.
 */
final class StandaloneCluster implements AutoCloseable {
    final Path home;
    final int masterPort;
    private final Process master, worker;

    StandaloneCluster(Path dir, int cores, String memory) throws Exception {
        home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("logs"));
        masterPort = freePort();
        master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                "--webui-port", Integer.toString(freePort()));
        await(masterPort, master, "master");
        worker = start("worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", Integer.toString(cores),
                "--memory", memory, "--webui-port", Integer.toString(freePort()), "--work-dir", dir.resolve("work").toString(), url());
    }

    String url() {
        return "spark://127.0.0.1:" + masterPort;
    }

    private Process start(String name, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("spark.jvm.options", "").split("\\s+")));
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("logs").resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** The executor JVMs the worker started (its child processes). */
    List<ProcessHandle> executors() {
        return worker.toHandle().descendants().filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** The full command line (ProcessHandle.Info cuts long ones short on Linux): /proc/PID/cmdline. */
    private static String commandLine(ProcessHandle p) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (String n : List.of("master", "worker")) {
            List<String> lines = Files.readAllLines(home.resolve("logs").resolve(n + ".log"));
            b.append("--- ").append(n).append(" (last lines)\n").append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
        }
        return b.toString();
    }

    private static void await(int port, Process p, String name) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the Spark " + name + " exited with " + p.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the Spark " + name + " did not listen on " + port + " within 60 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : List.of(worker, master)) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

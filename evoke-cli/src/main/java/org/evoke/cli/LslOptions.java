package org.evoke.cli;

import org.evoke.eeg.lsl.LslConfig;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * Where LSL looks and listens (a picocli mixin of {@code live} and {@code synth}): this machine only by default;
 * {@code --lsl-host} adds hosts asked by unicast (liblsl's KnownPeers); {@code --lsl-network} also uses liblsl's
 * multicast groups and broadcast, as LSL does on a lab network.
 */
final class LslOptions {
    @Option(names = "--lsl-host", paramLabel = "HOST", description = "LSL: also ask (or be reachable from) this host by"
            + " unicast, as liblsl's KnownPeers (repeatable). Default: this machine only.")
    List<String> hosts;

    @Option(names = "--lsl-network", description = "LSL: discovery by multicast and broadcast on the local network, as"
            + " liblsl does (default: this machine only, 127.0.0.1).")
    boolean network;

    @Option(names = "--lsl-wait", defaultValue = "10", paramLabel = "S", description = "LSL: seconds to wait for the stream"
            + " to answer, and to come back when it is lost (default: ${DEFAULT-VALUE}).")
    double waitSeconds;

    LslConfig config(java.io.PrintWriter o) {
        if (network) {
            o.println("lsl        --lsl-network: LSL discovery packets go to the local network (multicast and broadcast)");
            return LslConfig.network();
        }
        if (hosts != null && !hosts.isEmpty()) {
            return LslConfig.lab(hosts);
        }
        return LslConfig.loopback();
    }

    long waitMillis() {
        if (!(waitSeconds > 0) || waitSeconds > 86_400) {
            throw new UserException("--lsl-wait must be in (0, 86400] seconds, got " + waitSeconds);
        }
        return (long) (waitSeconds * 1000);
    }
}

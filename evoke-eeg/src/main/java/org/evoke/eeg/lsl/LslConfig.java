package org.evoke.eeg.lsl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where LSL's discovery packets go and where sockets listen, liblsl's lsl_api.cfg in a record. Ports as liblsl's
 * defaults: queries to the multicast port 16571 and to every port of the outlets' range 16572..16603 of each host.
 *
 * @param loopbackOnly sockets bound to 127.0.0.1, queries to 127.0.0.1 and {@code hosts} only, no multicast group
 *                     joined, no broadcast sent
 * @param hosts        known peers: hosts asked by unicast (liblsl's KnownPeers); 127.0.0.1 is always asked
 * @param multicast    liblsl's ResolveScope "site" addresses and the broadcast address, asked when not loopbackOnly
 */
public record LslConfig(boolean loopbackOnly, List<String> hosts, List<String> multicast, int multicastPort,
                        int basePort, int portRange) {
    /** liblsl's defaults for ResolveScope = site (IPv4): link-local and site multicast groups, and broadcast. */
    public static final List<String> LIBLSL_MULTICAST = List.of("255.255.255.255", "224.0.0.183", "239.255.172.215");

    public LslConfig {
        hosts = List.copyOf(hosts);
        multicast = List.copyOf(multicast);
    }

    /** This machine only: what every test uses, and the default. */
    public static LslConfig loopback() {
        return new LslConfig(true, List.of(), List.of(), 16571, 16572, 32);
    }

    /** This machine and the given hosts, by unicast (no multicast, no broadcast). */
    public static LslConfig lab(List<String> hosts) {
        return new LslConfig(false, hosts, List.of(), 16571, 16572, 32);
    }

    /** As liblsl on a lab network: multicast groups and broadcast besides this machine (never used in tests). */
    public static LslConfig network() {
        return new LslConfig(false, List.of(), LIBLSL_MULTICAST, 16571, 16572, 32);
    }

    /** The address sockets bind to: 127.0.0.1 in loopback mode, every interface otherwise. */
    public InetAddress bindAddress() {
        try {
            return loopbackOnly ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName("0.0.0.0");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every (address, port) a resolve query is sent to. */
    List<java.net.InetSocketAddress> queryTargets() throws LslException {
        List<java.net.InetSocketAddress> t = new ArrayList<>();
        List<String> unicast = new ArrayList<>();
        unicast.add("127.0.0.1");
        if (!loopbackOnly) {
            unicast.addAll(hosts);
        }
        for (String h : unicast) {
            InetAddress a;
            try {
                a = InetAddress.getByName(h);
            } catch (UnknownHostException e) {
                throw new LslException("LSL host '" + h + "' is unknown");
            }
            t.add(new java.net.InetSocketAddress(a, multicastPort));
            for (int p = basePort; p < basePort + portRange; p++) {
                t.add(new java.net.InetSocketAddress(a, p));
            }
        }
        if (!loopbackOnly) {
            for (String m : multicast) {
                try {
                    t.add(new java.net.InetSocketAddress(InetAddress.getByName(m), multicastPort));
                } catch (UnknownHostException e) {
                    throw new LslException("LSL multicast address '" + m + "' is invalid");
                }
            }
        }
        return t;
    }
}

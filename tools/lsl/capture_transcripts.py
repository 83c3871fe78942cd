#!/usr/bin/env python3
"""Byte transcripts of a real liblsl outlet, the reference evoke's pure-Java LSL inlet replays in its tests.

Start liblsl's example outlets first (built from liblsl's public source outside this repository; liblsl itself is
never committed here), with a configuration that keeps LSL on this machine, e.g. LSLAPICFG=lsl_api.cfg holding
    [ports]     IPv6 = disable
    [multicast] ResolveScope = machine
                MachineAddresses = {127.0.0.1}
    [lab]       KnownPeers = {127.0.0.1}
then
    python3 tools/lsl/capture_transcripts.py OUTDIR NAME [NAME ...]

For every stream NAME this asks, on 127.0.0.1 only, exactly what liblsl's own inlet asks, and saves the answers:
  NAME.shortinfo.bin   the UDP answer to "LSL:shortinfo" sent to 127.0.0.1:16571 and 16572..16603, liblsl's
                       multicast port and its outlets' port range (query id line + XML)
  NAME.fullinfo.xml    the TCP answer to "LSL:fullinfo"
  NAME.request.txt     the streamfeed request sent (liblsl 1.17's data_receiver.cpp, header by header)
  NAME.streamfeed.bin  the TCP answer to it for about two seconds: status line, headers, two test-pattern samples,
                       then samples
Only the Python standard library; no multicast or broadcast packet is sent.
"""
import re
import socket
import sys
import time
from pathlib import Path


def shortinfo(name):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    u.settimeout(0.5)
    query = "session_id='default' and name='%s'" % name
    qid = "4242"
    msg = ("LSL:shortinfo\r\n%s\r\n%d %s\r\n" % (query, u.getsockname()[1], qid)).encode()
    for _ in range(20):
        # the multicast port, then every port of the outlets' range, as liblsl does for KnownPeers = {127.0.0.1}
        for port in [16571] + list(range(16572, 16604)):
            u.sendto(msg, ("127.0.0.1", port))
        try:
            data, _ = u.recvfrom(65536)
            if data.startswith(qid.encode() + b"\r\n"):
                return data
        except socket.timeout:
            pass
    raise SystemExit("no outlet named %s answered on 127.0.0.1:16571" % name)


def field(xml, tag):
    return re.search(r"<%s>(.*?)</%s>" % (tag, tag), xml, re.S).group(1)


def tcp(port, request, seconds):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    s.settimeout(0.2)
    out, end = b"", time.time() + seconds
    while time.time() < end:
        try:
            b = s.recv(65536)
            if not b:
                break
            out += b
        except socket.timeout:
            pass
    s.close()
    return out


def main(outdir, names):
    d = Path(outdir)
    d.mkdir(parents=True, exist_ok=True)
    for name in names:
        si = shortinfo(name)
        (d / (name + ".shortinfo.bin")).write_bytes(si)
        xml = si.split(b"\r\n", 1)[1].decode()
        port = int(field(xml, "v4data_port"))
        full = tcp(port, b"LSL:fullinfo\r\n", 1.0)
        (d / (name + ".fullinfo.xml")).write_bytes(full)
        fmt = field(xml, "channel_format")
        size = {"float32": 4, "double64": 8, "int16": 2, "int32": 4, "int64": 8, "int8": 1, "string": 0}[fmt]
        req = ("LSL:streamfeed/110 %s\r\n" % field(xml, "uid")
               + "Native-Byte-Order: 1234\r\n"
               + "Endian-Performance: 0\r\n"
               + "Has-IEEE754-Floats: 1\r\n"
               + "Supports-Subnormals: %d\r\n" % (1 if fmt in ("float32", "double64") else 0)
               + "Value-Size: %d\r\n" % size
               + "Data-Protocol-Version: 110\r\n"
               + "Max-Buffer-Length: 360\r\n"
               + "Max-Chunk-Length: 0\r\n"
               + "Hostname: %s\r\n" % field(xml, "hostname")
               + "Source-Id: %s\r\n" % field(xml, "source_id")
               + "Session-Id: %s\r\n" % field(xml, "session_id")
               + "\r\n")
        (d / (name + ".request.txt")).write_bytes(req.encode())
        (d / (name + ".streamfeed.bin")).write_bytes(tcp(port, req.encode(), 2.0))
        print(name, fmt, "captured")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

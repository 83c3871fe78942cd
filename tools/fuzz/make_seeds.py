#!/usr/bin/python3
"""Seed corpora of the fuzz tests (@FuzzTest, Jazzer): small valid inputs of each parser, written by NumPy, SciPy and
by hand from the formats' descriptions, so that fuzzing starts from inputs that get past the first checks.

    /usr/bin/python3 tools/fuzz/make_seeds.py .

Debian's python3-numpy and python3-scipy. The EDF/BDF seeds are copies of the test recordings (tools/edf/).
"""
import io
import json
import pickle
import shutil
import struct
import sys
from pathlib import Path

import numpy as np
import scipy.io


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def main(root):
    root = Path(root)
    eeg = root / "evoke-eeg/src/test/resources/org/evoke/eeg"
    # DEAP: a pickle of 1 trial x 32 channels x 8 samples (protocol 2, as DEAP's), and the same as MAT
    data = np.arange(1 * 32 * 8, dtype=np.float64).reshape(1, 32, 8) / 10
    labels = np.array([[5.0, 3.0, 7.0, 1.0]])
    write(eeg / "deap/DeapReaderFuzzTestInputs/read/tiny.dat", pickle.dumps({"data": data, "labels": labels}, protocol=2))
    b = io.BytesIO()
    scipy.io.savemat(b, {"data": data, "labels": labels})
    write(eeg / "deap/DeapReaderFuzzTestInputs/read/tiny.mat", b.getvalue())
    # EDF/BDF: the test recordings
    for name in ["plain.edf", "edfplus_d.edf", "biosemi.bdf"]:
        dst = eeg / "edf/EdfReaderFuzzTestInputs/read" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / "evoke-eeg/src/test/resources/edf" / name, dst)
    # LSL: a description (first byte even) and a float32 feed of 4 channels (first byte 1)
    si = (root / "evoke-eeg/src/test/resources/lsl/LiblslEEG.shortinfo.bin").read_bytes()
    write(eeg / "lsl/LslFuzzTestInputs/read/shortinfo", b"\x00" + si.split(b"\r\n", 1)[1])
    feed = b"LSL/110 200 OK\r\nUID: u\r\nByte-Order: 1234\r\nSuppress-Subnormals: 0\r\nData-Protocol-Version: 110\r\n\r\n"
    for offset in (4, 2):
        feed += b"\x02" + struct.pack("<d", 123456.789)
        feed += b"".join(struct.pack("<f", (k + offset) * (1 if k % 2 == 0 else -1)) for k in range(4))
    feed += b"\x02" + struct.pack("<d", 10.0) + struct.pack("<4f", 1, 2, 3, 4)
    feed += b"\x01" + struct.pack("<4f", 5, 6, 7, 8)
    write(eeg / "lsl/LslFuzzTestInputs/read/feed-float32", b"\x01" + feed)
    # safetensors: two tensors and metadata
    header = {"__metadata__": {"model": "student"},
              "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
              "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]}}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    body = np.arange(6, dtype="<f4").tobytes() + np.array([7, -1], dtype="<i8").tobytes()
    write(root / "evoke-tensor/src/test/resources/org/evoke/tensor/io/SafeTensorsFuzzTestInputs/parse/small.safetensors",
          struct.pack("<Q", len(h)) + h + body)
    # live: a raw "EVKE" stream of 32 channels at 128 Hz, 2 samples per chunk, two chunks (first byte 0), and a
    # minimal VRM 1.0 avatar, binary glTF with its JSON chunk (first byte 1)
    raw = b"EVKE" + struct.pack("<iii", 32, 128, 2) + np.ones(2 * 32 * 2, dtype="<f4").tobytes()
    live = root / "evoke-cli/src/test/resources/org/evoke/cli/live/LiveInputFuzzTestInputs/read"
    write(live / "stream", b"\x00" + raw)
    j = json.dumps({"asset": {"version": "2.0"}, "extensionsUsed": ["VRMC_vrm"],
                    "extensions": {"VRMC_vrm": {"specVersion": "1.0", "meta": {"name": "seed"}}}}).encode()
    j += b" " * ((4 - len(j) % 4) % 4)
    glb = struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(j)) + struct.pack("<II", len(j), 0x4E4F534A) + j
    write(live / "avatar", b"\x01" + glb)


if __name__ == "__main__":
    main(sys.argv[1])

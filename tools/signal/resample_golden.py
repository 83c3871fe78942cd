#!/usr/bin/python3
"""SciPy's resample_poly to 128 Hz, the reference of evoke-eeg's PolyphaseResampler.

    /usr/bin/python3 tools/signal/resample_golden.py evoke-eeg/src/test/resources/signal/resample_poly.safetensors

Debian's python3-scipy. For every input rate of the EEG devices people use (OpenBCI 250 Hz, Muse 256 Hz, 500 Hz
amplifiers, BioSemi 512 Hz as in DEAP's raw recordings, 1000 Hz) a test signal of 3.7 s (a chirp through the new
Nyquist frequency, a 10 Hz alpha, a DC offset, seeded noise) and an odd-length one, resampled with
scipy.signal.resample_poly(x, up, down) (its defaults: Kaiser window, beta 5, zero padding), and firwin's filter
for the same ratio. Stored as float64 safetensors: x<rate>, y<rate>, xs<rate>, ys<rate> (the short odd one),
h<rate>; metadata: up, down per rate and the SciPy version. Nothing here is read by the build.
"""
import json
import math
import struct
import sys

import numpy as np
import scipy
from scipy import signal


def write_f64(path, tensors, metadata):
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs, offset = [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype='<f8').tobytes()
        header[name] = {"dtype": "F64", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main(path):
    rng = np.random.default_rng(20261206)
    tensors, meta = {}, {"scipy": scipy.__version__, "target": 128}
    for rate in [250, 256, 500, 512, 1000]:
        g = math.gcd(128, rate)
        up, down = 128 // g, rate // g
        for key, seconds in [("", 3.7), ("s", 0.29)]:
            n = int(round(seconds * rate)) | 1
            t = np.arange(n) / rate
            x = (40 * signal.chirp(t, f0=1, t1=t[-1], f1=rate / 2 * 0.9) + 25 * np.sin(2 * np.pi * 10 * t)
                 + 12.5 + rng.normal(0, 5, n))
            tensors["x" + key + str(rate)] = x
            tensors["y" + key + str(rate)] = signal.resample_poly(x, up, down)
        half_len = 10 * max(up, down)
        tensors["h" + str(rate)] = signal.firwin(2 * half_len + 1, 1.0 / max(up, down), window=('kaiser', 5.0))
        meta["up" + str(rate)] = up
        meta["down" + str(rate)] = down
    write_f64(path, tensors, meta)


if __name__ == "__main__":
    main(sys.argv[1])

"""A minimal safetensors writer and reader (the format of docs/design.md, section 7): 8-byte little-endian header
length, a JSON header with dtype, shape and data_offsets per tensor and a __metadata__ string map, then the raw
little-endian row-major data. No dependency beyond NumPy (and PyTorch for `write`, the transformer generator's entry)."""
import json
import os
import struct

import numpy as np

_DTYPES = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i8"): "I64"}
_NUMPY = {"F32": "<f4", "F64": "<f8", "I64": "<i8"}


def write(path, tensors, metadata):
    """Writes PyTorch tensors as float32 (the transformer generator's files)."""
    write_arrays(path, {k: v.detach().to("cpu").float().contiguous().numpy() for k, v in tensors.items()}, metadata)


def write_arrays(path, arrays, metadata):
    """Writes NumPy arrays, each in its own dtype (float32, float64 or int64), tensors sorted by name; the file
    appears whole or not at all."""
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs, offset = [], 0
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        a = a.astype(a.dtype.newbyteorder("<"), copy=False)
        if a.dtype not in _DTYPES:
            raise ValueError(f"{name}: dtype {a.dtype} is not F32, F64 or I64")
        data = a.tobytes()
        header[name] = {"dtype": _DTYPES[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = str(path) + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read(path):
    """Reads a safetensors file: ({name: array}, metadata)."""
    with open(path, "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    base = 8 + n
    arrays = {}
    for name, h in header.items():
        lo, hi = h["data_offsets"]
        arrays[name] = np.frombuffer(raw[base + lo:base + hi], dtype=_NUMPY[h["dtype"]]).reshape(h["shape"]).copy()
    return arrays, metadata

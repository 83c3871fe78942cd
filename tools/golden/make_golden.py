#!/usr/bin/env python3
"""The reference answers of evoke's layer, loss, model and EEG tests, computed by PyTorch, NumPy and SciPy.

Run from the repository root (`pip install torch numpy scipy`):

    python3 tools/golden/make_golden.py                 # writes every file into testdata/golden/
    python3 tools/golden/make_golden.py linear relu     # only these files
    python3 tools/golden/make_golden.py --check DIR     # recomputes the outputs from DIR's inputs and compares

Each file's inputs come from a seeded generator (NumPy's default_rng, one seed per file, below), its outputs from
PyTorch in float64 (stored as float32, as the tests compare float32 layers) or from NumPy/SciPy in float64. Every
safetensors file names this script, its seed and the library versions in its metadata. tools/golden/README.md lists
the files and what each test compares.

`--check DIR` reads the inputs (and parameters) of another set of reference files with the same names, recomputes
every output with the code below and reports the largest relative difference: the way to prove that this script
computes the same functions as another producer (an older set, or the same set on another machine). It writes
nothing.

The Butterworth designs: SciPy's `butter` ends with `np.prod` over complex numbers, and NumPy's complex product is
compiled with fused multiply-adds in its AVX-512 build (re = fma(ar, br, -(ai*bi)), im = fma(ar, bi, ai*br)) and
without them elsewhere, so the last bits of `b` depend on the CPU that NumPy runs on. The Java design reproduces the
AVX-512 result to the bit, so this script pins it: it follows SciPy's own steps (buttap, lp2bp_zpk, the bilinear
transform, zpk2tf) with that one product written out in exact arithmetic. `--check` on the previous reference set,
which came from SciPy on an AVX-512 CPU, finds all eight designs equal to the bit; on a CPU with AVX-512F the script
also asserts that `scipy.signal.butter` itself gives the same bits.
"""
import argparse
import os
import pickle
import struct
import sys
from fractions import Fraction

import numpy as np
import scipy
import scipy.io
import scipy.signal
from scipy.signal import _filter_design

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_writer import read, write_arrays  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "testdata", "golden")
SCRIPT = "tools/golden/make_golden.py"

_torch = None


def torch():
    """PyTorch, imported only for the files that need it."""
    global _torch
    if _torch is None:
        import torch as t
        _torch = t
    return _torch


def versions(*names):
    v = {"generator": SCRIPT, "python": sys.version.split()[0], "numpy": np.__version__}
    if "scipy" in names:
        v["scipy"] = scipy.__version__
    if "torch" in names:
        v["torch"] = torch().__version__
    return v


def normal(rng, *shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def uniform_init(rng, fan_in, *shape):
    """PyTorch's default Conv2d/Linear initialisation: uniform in +-1/sqrt(fan_in)."""
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, shape).astype(np.float32)


def d(a):
    """A float64 tensor that requires no gradient."""
    return torch().from_numpy(np.asarray(a, dtype=np.float64).copy())


def dg(a):
    """A float64 leaf tensor that requires a gradient."""
    return d(a).requires_grad_(True)


def f32(t):
    return t.detach().numpy().astype(np.float32)


# ---------------------------------------------------------------------------------------------------- layers, losses

def conv_case(seed, n, cin, h, w, cout, k, stride, pads):
    left, right, top, bottom = pads

    def inputs():
        rng = np.random.default_rng(seed)
        fan_in = cin * k * k
        x = normal(rng, n, cin, h, w)
        weight = uniform_init(rng, fan_in, cout, cin, k, k)
        bias = uniform_init(rng, fan_in, cout)
        oh = (h + top + bottom - k) // stride + 1
        ow = (w + left + right - k) // stride + 1
        return {"x": x, "weight": weight, "bias": bias, "grad_y": normal(rng, n, cout, oh, ow)}

    def compute(i):
        F = torch().nn.functional
        x, wt, b = dg(i["x"]), dg(i["weight"]), dg(i["bias"])
        y = F.conv2d(F.pad(x, (left, right, top, bottom)), wt, b, stride=stride)
        y.backward(d(i["grad_y"]))
        return {"y": f32(y), "grad_x": f32(x.grad), "grad_weight": f32(wt.grad), "grad_bias": f32(b.grad)}

    meta = {"pad_left": left, "pad_right": right, "pad_top": top, "pad_bottom": bottom, "stride": stride,
            "kernel": k, "op": "torch.nn.functional.pad then conv2d, float64"}
    return inputs, compute, meta, ("torch",)


def linear_case(seed):
    def inputs():
        rng = np.random.default_rng(seed)
        return {"x": normal(rng, 6, 1296), "weight": uniform_init(rng, 1296, 256, 1296),
                "bias": uniform_init(rng, 1296, 256), "grad_y": normal(rng, 6, 256)}

    def compute(i):
        x, wt, b = dg(i["x"]), dg(i["weight"]), dg(i["bias"])
        y = torch().nn.functional.linear(x, wt, b)
        y.backward(d(i["grad_y"]))
        return {"y": f32(y), "grad_x": f32(x.grad), "grad_weight": f32(wt.grad), "grad_bias": f32(b.grad)}

    return inputs, compute, {"op": "torch.nn.functional.linear, float64 (the student's fc1)"}, ("torch",)


def activation_case(seed, name):
    def inputs():
        rng = np.random.default_rng(seed)
        return {"x": normal(rng, 3, 64, 9, 9), "grad_y": normal(rng, 3, 64, 9, 9)}

    def compute(i):
        x = dg(i["x"])
        y = getattr(torch().nn.functional, name)(x)
        y.backward(d(i["grad_y"]))
        return {"y": f32(y), "grad_x": f32(x.grad)}

    meta = {"op": f"torch.nn.functional.{name}, float64"}
    if name == "selu":
        meta.update({"alpha": "1.6732632423543772", "scale": "1.0507009873554805"})
    return inputs, compute, meta, ("torch",)


def bce_sum_mean(logits, targets):
    """BCE with logits, summed over the labels and averaged over the samples (docs/design.md, section 4)."""
    return torch().nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction="sum") / logits.shape[0]


def bce_case(seed):
    def inputs():
        rng = np.random.default_rng(seed)
        return {"logits": normal(rng, 10, 3, scale=3.0), "targets": rng.uniform(0.0, 1.0, (10, 3)).astype(np.float32)}

    def compute(i):
        z = dg(i["logits"])
        loss = bce_sum_mean(z, d(i["targets"]))
        loss.backward()
        return {"loss": f32(loss).reshape(1), "grad_logits": f32(z.grad)}

    return inputs, compute, {"reduction": "sum over labels, mean over samples"}, ("torch",)


def distillation_loss(v, z, labels, temperature, alpha):
    """L = alpha T^2 BCE(sigmoid(v/T) against sigmoid(z/T)) + (1 - alpha) BCE(sigmoid(v) against the labels)."""
    soft = temperature ** 2 * bce_sum_mean(v / temperature, torch().sigmoid(z / temperature))
    hard = bce_sum_mean(v, labels)
    return alpha * soft + (1 - alpha) * hard, soft, hard


def distill_case(seed, temperature, alpha):
    def inputs():
        rng = np.random.default_rng(seed)
        return {"student_logits": normal(rng, 12, 3, scale=2.0), "teacher_logits": normal(rng, 12, 3, scale=3.5),
                "labels": (rng.uniform(size=(12, 3)) < 0.5).astype(np.float32)}

    def compute(i):
        v = dg(i["student_logits"])
        loss, soft, hard = distillation_loss(v, d(i["teacher_logits"]), d(i["labels"]), temperature, alpha)
        loss.backward()
        return {"loss": f32(loss).reshape(1), "loss_soft": f32(soft).reshape(1), "loss_hard": f32(hard).reshape(1),
                "grad_student_logits": f32(v.grad)}

    return inputs, compute, {"temperature": temperature, "alpha": alpha}, ("torch",)


# ---------------------------------------------------------------------------------------------------------- models

def student_module():
    nn = torch().nn

    class Student(nn.Module):
        """The EVOKE student: conv 4->64, conv 64->16 (4x4, padding (1, 2, 1, 2)), fc 1296->256, fc 256->3."""

        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(4, 64, 4)
            self.conv2 = nn.Conv2d(64, 16, 4)
            self.fc1 = nn.Linear(1296, 256)
            self.fc2 = nn.Linear(256, 3)

        def forward(self, x):
            F = nn.functional
            x = F.relu(self.conv1(F.pad(x, (1, 2, 1, 2))))
            x = F.relu(self.conv2(F.pad(x, (1, 2, 1, 2))))
            x = F.relu(self.fc1(x.flatten(1)))
            return self.fc2(x)

    return Student()


def ccnn_module():
    nn = torch().nn

    class CCNN(nn.Module):
        """torcheeg's CCNN on the 9x9 grid with 3 outputs; parameter names without torcheeg's Sequential indices."""

        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(4, 64, 4)
            self.conv2 = nn.Conv2d(64, 128, 4)
            self.conv3 = nn.Conv2d(128, 256, 4)
            self.conv4 = nn.Conv2d(256, 64, 4)
            self.lin1 = nn.Linear(9 * 9 * 64, 1024)
            self.dropout = nn.Dropout(0.5)
            self.lin2 = nn.Linear(1024, 3)

        def forward(self, x):
            F = nn.functional
            for conv in (self.conv1, self.conv2, self.conv3, self.conv4):
                x = F.relu(conv(F.pad(x, (1, 2, 1, 2))))
            x = self.dropout(F.selu(self.lin1(x.flatten(1))))
            return self.lin2(x)

    return CCNN()


def initial_params(make, seed):
    """PyTorch's own default initialisation under a seed, as float32 arrays by parameter name."""
    torch().manual_seed(seed)
    return {"param." + k: v.detach().numpy().astype(np.float32) for k, v in make().named_parameters()}


def load_params(model, i):
    with torch().no_grad():
        for name, p in model.named_parameters():
            p.copy_(d(i["param." + name]))
    return model


def student_step_case(seed, temperature=1.25, alpha=0.25, lr=1e-3, steps=3):
    def inputs():
        i = initial_params(student_module, seed)
        rng = np.random.default_rng(seed)
        i.update({"x": normal(rng, 16, 4, 9, 9), "labels": (rng.uniform(size=(16, 3)) < 0.5).astype(np.float32),
                  "teacher_logits": normal(rng, 16, 3, scale=2.0)})
        return i

    def compute(i):
        m = load_params(student_module().double(), i)
        x, z, y = d(i["x"]), d(i["teacher_logits"]), d(i["labels"])
        logits = m(x)
        loss = distillation_loss(logits, z, y, temperature, alpha)[0]
        loss.backward()
        out = {"logits": f32(logits), "loss": f32(loss).reshape(1)}
        out.update({"grad." + k: f32(p.grad) for k, p in m.named_parameters()})
        opt = torch().optim.Adam(m.parameters(), lr=lr)
        for step in range(steps):
            if step > 0:
                opt.zero_grad()
                distillation_loss(m(x), z, y, temperature, alpha)[0].backward()
            opt.step()
        out.update({"adam3." + k: f32(p) for k, p in m.named_parameters()})
        with torch().no_grad():
            out["logits_after"] = f32(m(x))
        return out

    meta = {"model": "Student", "adam_lr": lr, "adam_steps": steps, "temperature": temperature, "alpha": alpha,
            "adam": "torch.optim.Adam defaults (betas 0.9, 0.999, eps 1e-8), every step on the same batch"}
    return inputs, compute, meta, ("torch",)


def ccnn_case(seed):
    grads = ("conv1.weight", "conv1.bias", "conv4.bias", "lin2.weight", "lin2.bias")

    def inputs():
        i = initial_params(ccnn_module, seed)
        rng = np.random.default_rng(seed)
        i.update({"x": normal(rng, 3, 4, 9, 9), "train_x": normal(rng, 5, 4, 9, 9),
                  "train_labels": (rng.uniform(size=(5, 3)) < 0.5).astype(np.float32)})
        return i

    def compute(i):
        m = load_params(ccnn_module().double(), i).eval()  # eval: dropout off, so the answer is deterministic
        with torch().no_grad():
            out = {"logits": f32(m(d(i["x"])))}
        logits = m(d(i["train_x"]))
        loss = bce_sum_mean(logits, d(i["train_labels"]))
        loss.backward()
        out.update({"train_logits": f32(logits), "train_loss": f32(loss).reshape(1)})
        for k, p in m.named_parameters():
            if k in grads:
                out["grad." + k] = f32(p.grad)
            out["gradnorm." + k] = f32(torch().linalg.vector_norm(p.grad)).reshape(1)
        return out

    meta = {"network": "CCNN (torcheeg), eval mode: dropout off",
            "train_loss": "BCE with logits on the hard labels, sum over labels, mean over samples"}
    return inputs, compute, meta, ("torch",)


# ------------------------------------------------------------------------------------------------------------- EEG

FS = 128
BANDS = {"theta": (4, 8), "alpha": (8, 14), "beta": (14, 31), "gamma": (31, 49)}
# DEAP's 32 EEG channels on the 9x9 grid, (row, column) in file order (torcheeg's DEAP_CHANNEL_LOCATION_DICT)
GRID = [(0, 3), (1, 3), (2, 2), (2, 0), (3, 1), (3, 3), (4, 2), (4, 0), (5, 1), (5, 3), (6, 2), (6, 0), (7, 3), (8, 3),
        (8, 4), (6, 4), (0, 5), (1, 5), (2, 4), (2, 6), (2, 8), (3, 7), (3, 5), (4, 4), (4, 6), (4, 8), (5, 7), (5, 5),
        (6, 6), (6, 8), (7, 5), (8, 5)]


def _fma(a, b, c):
    """a*b + c rounded once, in exact rational arithmetic (Python 3.11 has no math.fma)."""
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def _prod_fused(values):
    """np.prod of complex numbers as NumPy's AVX-512 build computes it: re = fma(ar, br, -(ai*bi)),
    im = fma(ar, bi, ai*br), left to right from 1."""
    re, im = 1.0, 0.0
    for v in values:
        re, im = _fma(re, v.real, -(im * v.imag)), _fma(re, v.imag, im * v.real)
    return complex(re, im)


def butter_bandpass(order, lo, hi, fs=FS):
    """scipy.signal.butter(order, [lo/nyq, hi/nyq], btype='band') in (b, a) form, step by step as SciPy does it, with
    the bilinear transform's gain product pinned (module docstring)."""
    nyq = 0.5 * fs
    wn = np.array([lo / nyq, hi / nyq], dtype=float)
    z, p, k = _filter_design.buttap(order)
    design_fs = 2.0
    warped = 2 * design_fs * np.tan(np.pi * wn / design_fs)
    bw = warped[1] - warped[0]
    wo = np.sqrt(warped[0] * warped[1])
    z, p, k = _filter_design.lp2bp_zpk(z, p, k, wo=wo, bw=bw)
    fs2 = 2.0 * design_fs
    degree = len(p) - len(z)
    z_z = np.append((fs2 + z) / (fs2 - z), -np.ones(degree))
    p_z = (fs2 + p) / (fs2 - p)
    k_z = k * np.real(_prod_fused(fs2 - z) / _prod_fused(fs2 - p))
    b, a = _filter_design.zpk2tf(z_z, p_z, k_z)
    if _has_avx512f():
        b_s, a_s = scipy.signal.butter(order, wn, btype="band")
        assert np.array_equal(b, b_s) and np.array_equal(a, a_s), f"butter({order}, {lo}-{hi} Hz) differs from SciPy"
    return b, a


def _has_avx512f():
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:
        from numpy.core._multiarray_umath import __cpu_features__ as features
    return bool(features.get("AVX512F"))


def filters_case(seed):
    def inputs():
        return {"signal": np.random.default_rng(seed).standard_normal(256)}

    def compute(i):
        out = {}
        for order in (3, 5):
            for band, (lo, hi) in BANDS.items():
                b, a = butter_bandpass(order, lo, hi)
                out[f"order{order}.{band}.b"], out[f"order{order}.{band}.a"] = b, a
                if order == 5:
                    out[f"lfilter.{band}"] = scipy.signal.lfilter(b, a, i["signal"])
        return out

    meta = {"fs": FS, "note": "float64; butter(order, [lo/nyq, hi/nyq], btype=band) with the gain product of NumPy's "
                              "AVX-512 build; lfilter with zero initial state"}
    return inputs, compute, meta, ("scipy",)


def deap_recording(seed, trials=2):
    """A small recording in DEAP's preprocessed layout: (trials, 40, 8064) float64 microvolts and (trials, 4)
    ratings 1..9 with two decimals, trial 0's valence exactly 5.0 (the binarisation's edge case). The EEG is
    white noise, a 10 Hz rhythm strongest over the occipital channels, and slow drifts on the frontal ones."""
    rng = np.random.default_rng(seed)
    t = np.arange(8064) / FS
    data = rng.standard_normal((trials, 40, 8064)) * 3.5
    occipital = [12, 13, 14, 29, 30, 31]
    for tr in range(trials):
        for ch in range(40):
            amp = (6.0 if ch in occipital else 1.5) * rng.uniform(0.5, 1.5)
            data[tr, ch] += amp * np.sin(2 * np.pi * rng.uniform(9.0, 11.0) * t + rng.uniform(0, 2 * np.pi))
        for ch in (0, 16, 1, 17):  # FP1, FP2, AF3, AF4
            data[tr, ch] += 4.0 * np.sin(2 * np.pi * rng.uniform(0.2, 0.6) * t + rng.uniform(0, 2 * np.pi))
    labels = np.round(rng.uniform(1.0, 9.0, (trials, 4)), 2)
    labels[0, 0] = 5.0
    return data, labels


def de(x, b, a, std=False):
    """torcheeg's BandDifferentialEntropy for one band on the last axis: 0.5 log2(2 pi e var) of lfilter's output
    (torcheeg <= 1.1.0 used std in place of var)."""
    y = scipy.signal.lfilter(b, a, x, axis=-1)
    spread = np.std(y, axis=-1) if std else np.var(y, axis=-1)
    return 1 / 2 * np.log2(2 * np.pi * np.e * spread)


def psd(x, lo, hi, fft_n=128):
    """torcheeg's BandPowerSpectralDensity for one band: Hann window, FFT, mean |X|^2 over bins floor(lo)-1 ..
    floor(hi)-1."""
    spectrum = np.abs(np.fft.fft(x * scipy.signal.windows.hann(x.shape[-1]), n=fft_n, axis=-1))
    start = int(np.floor(lo / FS * fft_n))
    end = int(np.floor(hi / FS * fft_n))
    return np.mean(spectrum[..., start - 1:end] ** 2, axis=-1)


def to_grid(channel_band):
    """(32, bands) -> (bands, 9, 9), zeros where no electrode sits."""
    grid = np.zeros((channel_band.shape[1], 9, 9))
    for ch, (r, c) in enumerate(GRID):
        grid[:, r, c] = channel_band[ch]
    return grid


def deap_features(data, labels):
    """torcheeg's DEAP pipeline (1 s windows from sample 384, baseline = the three pre-trial seconds averaged)."""
    filters = [butter_bandpass(5, lo, hi) for lo, hi in BANDS.values()]
    out = {k: [] for k in ("de", "de_no_baseline", "psd", "labels", "trial")}
    for tr in range(data.shape[0]):
        eeg = data[tr, :32]
        baseline = eeg[:, :3 * FS].reshape(32, 3, FS).mean(axis=1)
        base_de = to_grid(np.stack([de(baseline, b, a) for b, a in filters], axis=1))
        for w in range((eeg.shape[1] - 3 * FS) // FS):
            win = eeg[:, 3 * FS + w * FS:3 * FS + (w + 1) * FS]
            window_de = to_grid(np.stack([de(win, b, a) for b, a in filters], axis=1))
            out["de"].append(window_de - base_de)
            out["de_no_baseline"].append(window_de)
            out["psd"].append(to_grid(np.stack([psd(win, lo, hi) for lo, hi in BANDS.values()], axis=1)))
            out["labels"].append((labels[tr, :3] >= 5.0).astype(np.float64))
            out["trial"].append(tr)
    res = {k: np.array(v) for k, v in out.items()}
    res["trial"] = res["trial"].astype(np.int64)
    first = data[0, :32, 3 * FS:4 * FS]
    res["de_std_variant"] = to_grid(np.stack([de(first, b, a, std=True) for b, a in filters], axis=1))
    return res


class Py2Pickle:
    """Writes a dict of float64 arrays as Python 2's cPickle (protocol 2) with NumPy 1.x wrote DEAP's files: every
    string a byte string (SHORT_BINSTRING), numpy.core.multiarray._reconstruct + BUILD with a BINSTRING of the raw
    little-endian data, memo slots as cPickle numbers them."""

    def __init__(self):
        self.out = bytearray(b"\x80\x02")
        self.memo = 0
        self.slots = {}

    def put(self):
        self.out += b"q" + bytes([self.memo])
        self.memo += 1
        return self.memo - 1

    def get_or(self, key, emit):
        if key in self.slots:
            self.out += b"h" + bytes([self.slots[key]])
        else:
            emit()
            self.slots[key] = self.put()

    def short_str(self, s):
        raw = s.encode("latin-1") if isinstance(s, str) else s
        self.out += b"U" + bytes([len(raw)]) + raw

    def int_(self, v):
        if 0 <= v < 256:
            self.out += b"K" + bytes([v])
        elif 0 <= v < 65536:
            self.out += b"M" + struct.pack("<H", v)
        else:
            self.out += b"J" + struct.pack("<i", v)

    def array(self, a):
        a = np.ascontiguousarray(a, dtype="<f8")
        self.get_or("reconstruct", lambda: self.out.extend(b"cnumpy.core.multiarray\n_reconstruct\n"))
        self.get_or("ndarray", lambda: self.out.extend(b"cnumpy\nndarray\n"))
        self.int_(0)
        self.out += b"\x85"
        self.put()
        self.get_or("b", lambda: self.short_str("b"))
        self.out += b"\x87"
        self.put()
        self.out += b"R"
        self.put()
        self.out += b"("
        self.int_(1)
        for dim in a.shape:
            self.int_(dim)
        self.out += {1: b"\x85", 2: b"\x86", 3: b"\x87"}[a.ndim]
        self.put()

        def dtype():
            self.out += b"cnumpy\ndtype\n"
            self.put()
            self.short_str("f8")
            self.put()
            self.out += b"\x89\x88\x87"
            self.put()
            self.out += b"R"
            self.slots["dtype"] = self.put()
            self.out += b"("
            self.int_(3)
            self.short_str("<")
            self.put()
            self.out += b"NNN" + b"J" + struct.pack("<i", -1) + b"J" + struct.pack("<i", -1)
            self.int_(0)
            self.out += b"t"
            self.put()
            self.out += b"b"

        if "dtype" in self.slots:
            self.out += b"h" + bytes([self.slots["dtype"]])
        else:
            dtype()
        self.out += b"\x89"
        raw = a.tobytes()
        if len(raw) < 256:
            self.short_str(raw)
        else:
            self.out += b"T" + struct.pack("<i", len(raw)) + raw
        self.put()
        self.out += b"t"
        self.put()
        self.out += b"b"

    def dict_(self, items):
        self.out += b"}"
        self.put()
        self.out += b"("
        for key, value in items:
            self.short_str(key)
            self.put()
            self.array(value)
        self.out += b"u."
        return bytes(self.out)


def mat_bytes(data, labels):
    """scipy.io.savemat's MATLAB 5 file with a fixed header text (savemat's own carries the time of writing)."""
    import io
    buf = io.BytesIO()
    scipy.io.savemat(buf, {"data": data, "labels": labels})
    raw = bytearray(buf.getvalue())
    text = f"MATLAB 5.0 MAT-file, written by {SCRIPT} with scipy {scipy.__version__}".encode("ascii")
    raw[:116] = text.ljust(116, b" ")
    return bytes(raw)


# ------------------------------------------------------------------------------------------------------ the files

CASES = {
    "conv2d_same4_a": (101, lambda s: conv_case(s, 4, 4, 9, 9, 64, 4, 1, (1, 2, 1, 2))),
    "conv2d_same4_b": (102, lambda s: conv_case(s, 3, 64, 9, 9, 16, 4, 1, (1, 2, 1, 2))),
    "conv2d_k3_s2_p1": (103, lambda s: conv_case(s, 3, 3, 11, 11, 5, 3, 2, (1, 1, 1, 1))),
    "linear": (104, lambda s: linear_case(s)),
    "relu": (105, lambda s: activation_case(s, "relu")),
    "selu": (106, lambda s: activation_case(s, "selu")),
    "bce_logits": (107, lambda s: bce_case(s)),
    "distill_paper": (108, lambda s: distill_case(s, 1.25, 0.25)),
    "distill_hot": (109, lambda s: distill_case(s, 4.0, 0.7)),
    "student_distill_step": (110, lambda s: student_step_case(s)),
    "ccnn": (111, lambda s: ccnn_case(s)),
    "eeg_filters": (112, lambda s: filters_case(s)),
}
DEAP_SEED = 113
DEAP = "deap_s01"


def write_case(name, out_dir):
    seed, case = CASES[name]
    inputs, compute, meta, libs = case(seed)
    i = inputs()
    arrays = dict(i)
    arrays.update(compute(i))
    meta = dict(meta)
    meta.update(versions(*libs))
    meta["seed"] = seed
    write_arrays(os.path.join(out_dir, name + ".safetensors"), arrays, meta)
    print(f"{name}.safetensors: {len(arrays)} tensors")


def write_deap(out_dir):
    data, labels = deap_recording(DEAP_SEED)
    py2 = Py2Pickle().dict_([("data", data), ("labels", labels)])
    _atomic(os.path.join(out_dir, DEAP + ".dat"), py2)
    _atomic(os.path.join(out_dir, DEAP + "_py3.dat"), pickle.dumps({"data": data, "labels": labels}, protocol=4))
    _atomic(os.path.join(out_dir, DEAP + ".mat"), mat_bytes(data, labels))
    meta = {"source": "deap_s01.dat, deap_s01_py3.dat and deap_s01.mat (identical content, written by "
                      f"{SCRIPT}: Python 2 cPickle protocol 2 by hand, pickle protocol 4, scipy.io.savemat)",
            "de": "torcheeg BandDifferentialEntropy (butter order 5, lfilter per 128-sample window, "
                  "0.5*log2(2*pi*e*var)) -> ToGrid -> minus the same features of the mean of the three 1 s baseline "
                  "windows",
            "psd": "torcheeg BandPowerSpectralDensity (hann window, 128-point FFT, mean |X|^2 over bins "
                   "[floor(lo)-1, floor(hi)) ), no baseline removal",
            "labels": "valence, arousal, dominance >= 5.0",
            "de_std_variant": "first window of trial 0 with torcheeg <= 1.1.0 formula 0.5*log2(2*pi*e*std), no baseline"}
    meta.update(versions("scipy"))
    meta["seed"] = DEAP_SEED
    write_arrays(os.path.join(out_dir, DEAP + "_features.safetensors"), deap_features(data, labels), meta)
    print(f"{DEAP}.dat, {DEAP}_py3.dat, {DEAP}.mat, {DEAP}_features.safetensors")


def _atomic(path, raw):
    with open(path + ".tmp", "wb") as f:
        f.write(raw)
    os.replace(path + ".tmp", path)


def rel(ref, got):
    ref = np.asarray(ref, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    scale = np.linalg.norm(ref)
    return np.linalg.norm(got - ref) / (scale if scale > 0 else 1.0)


def check_case(name, other_dir):
    seed, case = CASES[name]
    inputs, compute, _, _ = case(seed)
    old, _ = read(os.path.join(other_dir, name + ".safetensors"))
    keys = inputs().keys()
    got = compute({k: old[k] for k in keys})
    worst = max(got, key=lambda k: rel(old[k], got[k]))
    exact = all(np.array_equal(old[k], got[k]) for k in got)
    print(f"{name}: {len(got)} outputs, worst relative difference {rel(old[worst], got[worst]):.2e} ({worst})"
          + (", all equal to the bit" if exact else ""))
    return rel(old[worst], got[worst])


def check_deap(other_dir):
    with open(os.path.join(other_dir, DEAP + ".dat"), "rb") as f:
        raw = f.read()
    d_ = pickle.loads(raw, encoding="latin1")
    same = Py2Pickle().dict_([("data", d_["data"]), ("labels", d_["labels"])]) == raw
    print(f"{DEAP}.dat: rewritten by Py2Pickle from its own arrays, {'the same bytes' if same else 'DIFFERENT bytes'}")
    old, _ = read(os.path.join(other_dir, DEAP + "_features.safetensors"))
    got = deap_features(d_["data"], d_["labels"])
    worst = 0.0
    for k in got:
        r = rel(old[k], got[k])
        worst = max(worst, r)
        print(f"  {k}: relative difference {r:.2e}")
    return worst if same else float("inf")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", help="names without extension (default: all); 'deap' for the DEAP files")
    ap.add_argument("--out", default=OUT, help="where to write (default testdata/golden)")
    ap.add_argument("--check", metavar="DIR", help="recompute DIR's outputs from DIR's inputs and compare")
    args = ap.parse_args()
    names = args.files or list(CASES) + ["deap"]
    if args.check:
        worst = 0.0
        for n in names:
            worst = max(worst, check_deap(args.check) if n == "deap" else check_case(n, args.check))
        print(f"worst relative difference over all files: {worst:.2e}")
        sys.exit(0 if worst < 1e-6 else 1)
    os.makedirs(args.out, exist_ok=True)
    for n in names:
        write_deap(args.out) if n == "deap" else write_case(n, args.out)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch's numbers from Python, for a cross-check of the JMH run: the same two models, the same six measurements.

    python3 tools/bench/pytorch_bench.py > /tmp/pytorch-python.json

Needs PyTorch (pip install torch: 2.13 CPU on our machines; Debian's python3-torch is 1.13). The build never runs this.
The benchmark reports no longer quote it: PyTorch runs inside the JMH run through DJL (benchmarks' PyTorchEngine,
libtorch 2.7.1). This script shows what the same models cost from Python, with a newer PyTorch, so that a reader can
tell DJL's per-call overhead from libtorch's arithmetic (docs/benchmarks.md).

What it measures, as the JMH benchmarks do (benchmarks/src/main/java/org/evoke/bench):
  latency_b1_ms         one inference of 1 sample (torch.inference_mode, eval: dropout off), average time
  throughput_b128       inference on batches of 128, samples/s
  train_b128            one training step on a batch of 128: zero_grad, forward (train: dropout on), the EVOKE BCE
                        (sum over the 3 labels, mean over samples), backward, Adam lr 1e-3; samples/s
Each is the median of ROUNDS rounds of about SECONDS seconds each, after a warm-up; threads: torch.set_num_threads(2)
and one inter-op thread, as ONNX Runtime runs in the JMH benchmarks. Weights are PyTorch's default initialisation
(seed 42), inputs uniform in [-1, 1): the timing does not depend on the values.
"""
import datetime
import json
import platform
import statistics
import sys
import time

import torch
import torch.nn as nn

ROUNDS = 5
SECONDS = 2.0
THREADS = 2


def ccnn():
    """torcheeg's CCNN, as docs/design.md, section 3 fixes it: 6,234,627 parameters."""
    def conv(i, o):
        return nn.Sequential(nn.ZeroPad2d((1, 2, 1, 2)), nn.Conv2d(i, o, 4), nn.ReLU())
    return nn.Sequential(conv(4, 64), conv(64, 128), conv(128, 256), conv(256, 64), nn.Flatten(),
                         nn.Linear(64 * 81, 1024), nn.SELU(), nn.Dropout(0.5), nn.Linear(1024, 3))


def student():
    """The EVOKE student: 353,363 parameters."""
    return nn.Sequential(nn.ZeroPad2d((1, 2, 1, 2)), nn.Conv2d(4, 64, 4), nn.ReLU(),
                         nn.ZeroPad2d((1, 2, 1, 2)), nn.Conv2d(64, 16, 4), nn.ReLU(), nn.Flatten(),
                         nn.Linear(16 * 81, 256), nn.ReLU(), nn.Linear(256, 3))


def rate(step, per_call):
    """Median over ROUNDS of (calls x per_call) / seconds, after a warm-up round."""
    def one_round():
        calls, t0 = 0, time.perf_counter()
        while True:
            step()
            calls += 1
            dt = time.perf_counter() - t0
            if dt >= SECONDS:
                return calls * per_call / dt
    one_round()  # warm-up
    return statistics.median(one_round() for _ in range(ROUNDS))


def measure(name, build):
    torch.manual_seed(42)
    model = build().float()
    params = sum(p.numel() for p in model.parameters())
    x1 = torch.rand(1, 4, 9, 9) * 2 - 1
    x128 = torch.rand(128, 4, 9, 9) * 2 - 1
    y128 = (torch.rand(128, 3) > 0.5).float()
    model.eval()
    with torch.inference_mode():
        lat = 1000.0 / rate(lambda: model(x1), 1)          # ms per call
        thr = rate(lambda: model(x128), 128)
    model.train()
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    bce = nn.BCEWithLogitsLoss(reduction="sum")

    def train_step():
        adam.zero_grad()
        loss = bce(model(x128), y128) / 128               # sum over labels, mean over samples (docs/design.md, section 4)
        loss.backward()
        adam.step()
    train = rate(train_step, 128)
    return {"parameters": params, "latency_b1_ms": round(lat, 4), "throughput_b128": round(thr, 1),
            "train_b128": round(train, 1)}


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    torch.set_num_threads(THREADS)
    torch.set_num_interop_threads(1)
    out = {
        "engine": "PyTorch " + torch.__version__ + " CPU",
        "measured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": cpu_name() + ", " + str(torch.get_num_threads()) + " threads of " + str(__import__("os").cpu_count()) + " cores",
        "command": "/usr/bin/python3 tools/bench/pytorch_bench.py",
        "method": "median of %d rounds of %.0f s after a warm-up round; float32" % (ROUNDS, SECONDS),
        # ATen's vector kernels and oneDNN's instruction set (ATEN_CPU_CAPABILITY, ONEDNN_MAX_CPU_ISA limit them)
        "isa": "ATen " + torch.backends.cpu.get_cpu_capability() + ", oneDNN max ISA "
               + __import__("os").environ.get("ONEDNN_MAX_CPU_ISA", "ALL (default)"),
        "models": {"student": measure("student", student), "ccnn": measure("ccnn", ccnn)},
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

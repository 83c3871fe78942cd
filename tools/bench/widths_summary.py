#!/usr/bin/env python3
"""Summary of tools/bench/widths.sh: markdown tables of evoke at each width, the BLAS fallback and PyTorch.

    python3 tools/bench/widths_summary.py target/bench-widths

Reads jmh-avx2.json, jmh-native.json (JMH's JSON result files), pytorch-avx2.json and pytorch-native.json
(tools/bench/pytorch_bench.py). Speed ratios are "times faster" (for latency: the other's time over ours).
"""
import json
import pathlib
import sys

ROWS = [("student", "latency"), ("student", "throughput"), ("student", "training"),
        ("ccnn", "latency"), ("ccnn", "throughput"), ("ccnn", "training")]
LABEL = {"latency": "inference, batch 1 (ms)", "throughput": "inference, batch 128 (samples/s)",
         "training": "training step, batch 128 (samples/s)"}
PT_KEY = {"latency": "latency_b1_ms", "throughput": "throughput_b128", "training": "train_b128"}
KIND = {"LatencyBenchmark": "latency", "ThroughputBenchmark": "throughput", "TrainingBenchmark": "training"}


def jmh(path):
    out = {}
    for r in json.loads(path.read_text()):
        kind = KIND[r["benchmark"].split(".")[-2]]
        score, err = r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]
        if kind == "latency":  # us/op -> ms
            score, err = score / 1000, err / 1000
        out[(r["params"]["engine"], r["params"]["model"], kind)] = (score, err)
    return out


def faster(kind, ours, theirs):
    """How many times faster `ours` is than `theirs` (>1: ours wins)."""
    return theirs / ours if kind == "latency" else ours / theirs


def fmt(v, kind):
    score, err = v
    return f"{score:.3f} ± {err:.3f}" if kind == "latency" else f"{score:,.0f} ± {err:,.0f}"


def table(j, pt, engines, names, ratios):
    head = "| row | " + " | ".join(names) + " | PyTorch | " + " | ".join(r[0] for r in ratios) + " |"
    lines = [head, "|---" * (2 + len(names) + len(ratios)) + "|"]
    for model, kind in ROWS:
        cells = [fmt(j[(e, model, kind)], kind) if (e, model, kind) in j else "" for e in engines]
        p = pt["models"][model][PT_KEY[kind]]
        vals = {e: j[(e, model, kind)][0] for e in engines if (e, model, kind) in j}
        vals["pytorch"] = p
        rs = []
        for _, a, b in ratios:
            rs.append(f"{faster(kind, vals[a], vals[b]):.2f}x" if a in vals and b in vals else "")
        pcell = f"{p:.3f}" if kind == "latency" else f"{p:,.0f}"
        lines.append(f"| {model} {LABEL[kind]} | " + " | ".join(cells) + f" | {pcell} | " + " | ".join(rs) + " |")
    return "\n".join(lines)


def main():
    d = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench-widths")
    a2, nat = jmh(d / "jmh-avx2.json"), jmh(d / "jmh-native.json")
    pa2, pnat = json.loads((d / "pytorch-avx2.json").read_text()), json.loads((d / "pytorch-native.json").read_text())
    print(f"## A JIT with AVX2 only (-XX:UseAVX=2) against {pa2['engine']} ({pa2['isa']})\n")
    print(table(a2, pa2, ["evoke", "evoke-blas"], ["evoke, 256-bit", "evoke, im2col + OpenBLAS"],
                [("256-bit vs PyTorch", "evoke", "pytorch"), ("256-bit vs BLAS", "evoke", "evoke-blas")]))
    print(f"\n## The machine's own JIT, every width, against {pnat['engine']} ({pnat['isa']})\n")
    print(table(nat, pnat, ["evoke", "evoke-256", "evoke-128", "evoke-blas"],
                ["evoke, preferred width", "evoke, 256-bit", "evoke, 128-bit", "evoke, im2col + OpenBLAS"],
                [("preferred vs PyTorch", "evoke", "pytorch"), ("128-bit vs BLAS", "evoke-128", "evoke-blas"),
                 ("256-bit vs BLAS", "evoke-256", "evoke-blas")]))
    print(f"\nPyTorch: {pnat['machine']}; {pnat['method']}. JMH: -wi 3 -i 5 -r 1 -w 1 -f 1, scores ± 99.9 % intervals.")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Issue 21's speed comparison, in one session on one machine: evoke's kernels at each vector width against the BLAS
# fallback and against PyTorch limited to the same instruction set.
#
#   mvn -B -q package -DskipTests -pl benchmarks -am && tools/bench/widths.sh [OUT_DIR]
#
# 1. JMH in JVMs whose JIT has AVX2 only (-XX:UseAVX=2, as on a laptop): evoke (its kernels pick 256-bit by
#    themselves) and evoke-blas (im2col + OpenBLAS), student and CCNN inference at batch 1 and 128 and a training
#    step at batch 128.
# 2. PyTorch with ATen and oneDNN limited to AVX2 (ATEN_CPU_CAPABILITY=avx2, ONEDNN_MAX_CPU_ISA=AVX2), the same six
#    measurements (tools/bench/pytorch_bench.py).
# 3. JMH on the machine's own JIT: evoke at its preferred width, evoke-256, evoke-128 (NEON's width) and evoke-blas.
# 4. PyTorch unrestricted.
# Outputs go to OUT_DIR (default target/bench-widths): JMH JSON files, PyTorch JSON files and summary.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
out="${1:-target/bench-widths}"
mkdir -p "$out"
java="${EVOKE_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
[ -x "$java" ] || java=java
jar=benchmarks/target/benchmarks.jar
benches='org.evoke.bench.(ThroughputBenchmark|LatencyBenchmark|TrainingBenchmark)'
jmh=(-wi 3 -i 5 -r 1 -w 1 -f 1 -p model=student,ccnn)
jvm="-Xmx3g --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED"

"$java" -jar "$jar" "$benches" "${jmh[@]}" -p engine=evoke,evoke-blas -jvmArgsAppend "$jvm -XX:UseAVX=2" \
    -rf json -rff "$out/jmh-avx2.json" | tee "$out/jmh-avx2.log" | grep -E "^(Benchmark|Throughput|Latency|Training)|evoke kernels" || true
ONEDNN_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 python3 tools/bench/pytorch_bench.py > "$out/pytorch-avx2.json"
"$java" -jar "$jar" "$benches" "${jmh[@]}" -p engine=evoke,evoke-256,evoke-128,evoke-blas -jvmArgsAppend "$jvm" \
    -rf json -rff "$out/jmh-native.json" | tee "$out/jmh-native.log" | grep -E "^(Benchmark|Throughput|Latency|Training)|evoke kernels" || true
python3 tools/bench/pytorch_bench.py > "$out/pytorch-native.json"
python3 tools/bench/widths_summary.py "$out" | tee "$out/summary.md"

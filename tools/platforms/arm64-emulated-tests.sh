#!/usr/bin/env bash
# evoke-nn's golden tests (and evoke-tensor's kernel sweeps) on linux-arm64, under QEMU's user-mode emulation of a
# Neoverse N1 (AWS Graviton2: NEON, 128-bit vectors, no SVE), with Debian's arm64 OpenJDK 17 and the linux-arm64
# natives of ND4J, OpenBLAS and JavaCPP from Maven Central. The Vector API kernels then run at 128 bits because the
# emulated CPU's JIT prefers them (KernelPathTest asserts it), not because a property forces it.
#
#   tools/platforms/arm64-emulated-tests.sh                 # the golden tests of evoke-nn (slow: see docs/platforms.md)
#   tools/platforms/arm64-emulated-tests.sh TilesTest ...   # or only the named test classes
#
# CI runs it after mvn verify with EVOKE_ARM64_SETUP_OPTIONAL=1: when the machine cannot install QEMU or the arm64
# packages (no Debian mirror), it says so and skips; once set up, any failing test fails the run.
#
# Needs root (or sudo) for apt-get on a Debian machine: qemu-user-static, and the arm64 packages of OpenJDK 17 and
# its libraries, which are downloaded and unpacked into target/arm64-sysroot (nothing is installed for arm64).
# Nothing here is real ARM hardware: it checks that the arm64 natives load and the NEON-width kernels give the
# golden answers on an arm64 JIT; emulated timings say nothing about a real Graviton or Apple M.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
sysroot="$root/target/arm64-sysroot"
cpu="${EVOKE_QEMU_CPU:-neoverse-n1}"
bits=preferred; [ "$cpu" = neoverse-n1 ] && bits=128   # NEON only: KernelPathTest then asserts the 128-bit kernels

setup() {
  if ! command -v qemu-aarch64-static > /dev/null; then
    $sudo_ apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq qemu-user-static > /dev/null || return 1
  fi
  if [ ! -x "$sysroot/usr/lib/jvm/java-17-openjdk-arm64/bin/java" ]; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then $sudo_ dpkg --add-architecture arm64 || return 1; fi
    $sudo_ apt-get update -qq || return 1
    local debs; debs="$(mktemp -d)"
    (cd "$debs" && apt-get download -qq openjdk-17-jre-headless:arm64 libc6:arm64 libgcc-s1:arm64 libstdc++6:arm64 \
        zlib1g:arm64 libgomp1:arm64 libgfortran5:arm64 2> /dev/null) || { rm -rf "$debs"; return 1; }
    mkdir -p "$sysroot"
    for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$sysroot"; done
    rm -rf "$debs"
  fi
}
if ! setup; then
  echo "arm64 emulation: could not install QEMU or the arm64 OpenJDK packages on this machine"
  if [ "${EVOKE_ARM64_SETUP_OPTIONAL:-0}" = 1 ]; then echo "arm64 emulation skipped"; exit 0; fi
  exit 1
fi
java_arm64=(qemu-aarch64-static -cpu "$cpu" -L "$sysroot" "$sysroot/usr/lib/jvm/java-17-openjdk-arm64/bin/java")
"${java_arm64[@]}" -version

# The test classes (built on this machine: bytecode is the same everywhere) and a class path with arm64 natives.
mvn -B -q install -DskipTests -pl evoke-tensor,evoke-nn -am
mvn -B -q -pl evoke-nn dependency:build-classpath -Djavacpp.platform=linux-arm64 -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/target/arm64-classpath.txt"
if grep -q 'linux-x86_64' "$root/target/arm64-classpath.txt"; then
  echo "the arm64 class path holds Linux x86-64 natives:"; tr ':' '\n' < "$root/target/arm64-classpath.txt" | grep linux-x86_64; exit 1
fi
launcher="$(find ~/.m2/repository/org/junit/platform/junit-platform-console-standalone -name "*.jar" 2> /dev/null | sort | tail -1 || true)"
if [ -z "$launcher" ]; then
  mvn -B -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.10.2
  launcher="$(find ~/.m2/repository/org/junit/platform/junit-platform-console-standalone -name '*.jar' | sort | tail -1)"
fi
cp="$root/evoke-nn/target/test-classes:$root/evoke-nn/target/classes:$root/evoke-tensor/target/test-classes:$(cat "$root/target/arm64-classpath.txt"):$launcher"

select=()
if [ $# -gt 0 ]; then
  for c in "$@"; do select+=(--select-class "$(cd "$root" && grep -rl "class $c\b" --include="$c.java" evoke-nn/src/test evoke-tensor/src/test | head -1 | sed 's:.*/src/test/java/::; s:\.java$::; s:/:.:g')"); done
else
  select=(--scan-classpath "$root/evoke-nn/target/test-classes:$root/evoke-tensor/target/test-classes"
          --include-classname '.*(KernelPathTest|layers\..*Test|models\..*Test|optim\..*Test|loss\..*Test|onnx\..*Test|\.ActivationsTest|\.TilesTest|\.DenseKernelsTest)$')
fi
start=$(date +%s)
log="$root/target/arm64-tests.log"
status=0
"${java_arm64[@]}" -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=6G --add-modules jdk.incubator.vector \
    -Devoke.golden="$root/testdata/golden" -Devoke.test.expectedPath=vector -Devoke.test.expectedBits=$bits \
    -cp "$cp" org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=tree "${select[@]}" \
    2>&1 | tee "$log" || status=$?
count() { sed -n "s/^\[ *\([0-9]*\) tests $1 *\]$/\1/p" "$log" | tail -1; }
echo "arm64 (QEMU $cpu) tests took $(( $(date +%s) - start )) s; aborted = skipped by an assumption (a width wider than the CPU's)"
echo "arm64: $(count successful) passed, $(count failed) failed, $(count aborted) skipped"
exit $status

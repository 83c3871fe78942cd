#!/usr/bin/env bash
# Which natives does a project that embeds evoke get? Writes a minimal outside project (in a temporary folder) that
# imports evoke-bom and depends on evoke-nn with no version of its own (the README's recipe), resolves it for each platform that nd4j-native 1.0.0-M2.1 ships, and checks that every native
# jar (classifier) is that platform's and none is another's: ND4J's libnd4j, OpenBLAS, JavaCPP, and our `systems`.
#
#   mvn -B -q install -DskipTests          # puts evoke-bom, evoke-nn and its parent in the local repository
#   tools/platforms/check-natives.sh       # all platforms, or name some: tools/platforms/check-natives.sh linux-arm64
#
# Without a platform named (the "host" row), Maven's own profiles pick the machine's platform. The "all" row adds
# org.evoke:evoke-natives-all (type pom), the recipe for one jar that runs everywhere, and checks that each of the five
# platforms is there. Resolving only reads poms (dependency:tree), so nothing is downloaded but the poms of the other
# platforms' artifacts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
platforms=("$@")
all=(linux-x86_64 linux-arm64 macosx-x86_64 macosx-arm64 windows-x86_64)
[ ${#platforms[@]} -gt 0 ] || platforms=(host "${all[@]}" all)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pom() { # $1: extra dependencies
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>embeds-evoke</artifactId><version>1</version>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>org.evoke</groupId><artifactId>evoke-bom</artifactId><version>$version</version><type>pom</type><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>org.evoke</groupId><artifactId>evoke-nn</artifactId></dependency>$1
  </dependencies>
</project>
POM
}
host="$(uname -s | tr 'A-Z' 'a-z')-$(uname -m)"
case "$host" in
  linux-x86_64) host=linux-x86_64 ;; linux-aarch64) host=linux-arm64 ;;
  darwin-x86_64) host=macosx-x86_64 ;; darwin-arm64) host=macosx-arm64 ;;
esac
failed=0
for p in "${platforms[@]}"; do
  want="$p"; flag=(); pom ""
  if [ "$p" = host ]; then want="$host"; elif [ "$p" = all ]; then want="$host"; else flag=("-Djavacpp.platform=$p"); fi
  if [ "$p" = all ]; then
    pom "
    <dependency><groupId>org.evoke</groupId><artifactId>evoke-natives-all</artifactId><type>pom</type></dependency>"
  fi
  (cd "$work" && mvn -B -q dependency:tree "${flag[@]}" -DoutputFile=tree.txt > log.txt 2>&1) || { echo "$p: resolution failed"; cat "$work/log.txt"; failed=1; continue; }
  # group:artifact:jar:CLASSIFIER:version, the native jars only (the Java-only jars have no classifier)
  natives="$(grep -oE '(org\.nd4j:nd4j-native|org\.nd4j:nd4j-native-preset|org\.bytedeco:(javacpp|openblas|systems)):jar:[a-z][a-z0-9_-]*:[0-9]' "$work/tree.txt" | sed 's/:[0-9]$//' | sort -u)"
  if [ "$p" = all ]; then
    for q in "${all[@]}"; do
      for need in org.nd4j:nd4j-native org.nd4j:nd4j-native-preset org.bytedeco:javacpp org.bytedeco:openblas; do
        echo "$natives" | grep -q "^$need:jar:$q\$" || { echo "all: no $need for $q"; failed=1; }
      done
    done
    echo "all: $(echo "$natives" | sed 's/.*:jar://' | sort -u | tr '\n' ' ')"
    continue
  fi
  foreign="$(echo "$natives" | grep -v ":jar:$want\$" || true)"
  have="$(echo "$natives" | sed 's/:jar:.*//' | sort -u | tr '\n' ' ')"
  for need in org.nd4j:nd4j-native org.nd4j:nd4j-native-preset org.bytedeco:javacpp org.bytedeco:openblas; do
    echo "$natives" | grep -q "^$need:jar:$want\$" || { echo "$p: no $need for $want"; failed=1; }
  done
  if [ -n "$foreign" ]; then echo "$p: natives of another platform: $foreign"; failed=1; else echo "$p ($want): $have"; fi
done
exit $failed

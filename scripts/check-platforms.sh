#!/usr/bin/env sh
# Checks that the build can resolve ND4J's natives for every platform the README names: for each,
# the classifier the build picks, and that Maven Central serves the four native jars it needs
# (only their .sha1 files are fetched, so the check takes a minute, not a 400 MB download).
#   scripts/check-platforms.sh            all five
#   scripts/check-platforms.sh macosx-arm64
set -eu
cd "$(dirname "$0")/.."
PLATFORMS=${*:-"linux-x86_64 linux-arm64 macosx-x86_64 macosx-arm64 windows-x86_64"}
evaluate() { ./mvnw -q -N "$@" help:evaluate -DforceStdout | tail -n 1; }
DL4J=$(evaluate -Dexpression=dl4j.version)
# OpenBLAS's and JavaCPP's versions are those ND4J depends on, read from this platform's resolved tree.
TREE=$(./mvnw -q -pl minigpt-samediff dependency:list -DoutputFile=/dev/stdout -DincludeGroupIds=org.bytedeco)
version() { echo "$TREE" | sed -n "s/.*org.bytedeco:$1:jar:[^:]*:\([^:]*\):.*/\1/p" | head -n 1; }
OPENBLAS=$(version openblas)
JAVACPP=$(version javacpp)
failed=0
for platform in $PLATFORMS; do
  picked=$(evaluate -Djavacpp.platform="$platform" -Dexpression=nd4j.classifier)
  if [ "$picked" != "$platform" ]; then
    echo "$platform: the build picks nd4j.classifier=$picked" >&2; failed=1; continue
  fi
  for artifact in "org.nd4j:nd4j-native:$DL4J" "org.nd4j:nd4j-native-preset:$DL4J" \
      "org.bytedeco:openblas:$OPENBLAS" "org.bytedeco:javacpp:$JAVACPP"; do
    if ! ./mvnw -q -N dependency:get -Dtransitive=false -Dartifact="$artifact:jar.sha1:$platform" >/dev/null 2>&1; then
      echo "$platform: $artifact:jar:$platform does not resolve" >&2; failed=1
    fi
  done
  [ "$failed" -eq 0 ] && echo "$platform: nd4j-native, nd4j-native-preset, openblas $OPENBLAS, javacpp $JAVACPP resolve"
done
exit "$failed"

#!/usr/bin/env bash
# Runs the cluster jar as docs/spark.md's spark-submit command does, on a Spark home that holds Spark's
# jars only (resolved from Maven Central into WORKDIR): SparkSubmit with a local-cluster of two executor
# JVMs, which fetch minigpt, its plugins and ND4J from the cluster jar alone. Build first (./mvnw package).
#   scripts/spark-submit-check.sh TEXT [WORKDIR]
set -euo pipefail
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
TEXT=${1:?usage: scripts/spark-submit-check.sh TEXT [WORKDIR]}
WORK=${2:-$(mktemp -d)}
VERSION=$("$ROOT/mvnw" -q -f "$ROOT/pom.xml" -N help:evaluate -Dexpression=project.version -DforceStdout | tail -n 1)
SPARK=$("$ROOT/mvnw" -q -f "$ROOT/pom.xml" -N help:evaluate -Dexpression=spark.version -DforceStdout | tail -n 1)
JAR="$ROOT/minigpt-spark/target/minigpt-spark-$VERSION-cluster.jar"
[ -f "$JAR" ] || { echo "no $JAR: run ./mvnw package first" >&2; exit 2; }

mkdir -p "$WORK/spark"
cat > "$WORK/spark/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>check</groupId><artifactId>spark-home</artifactId><version>1</version>
  <dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId>
    <version>$SPARK</version></dependency></dependencies>
</project>
POM
"$ROOT/mvnw" -q -f "$WORK/spark/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$WORK/spark/home/jars"
export SPARK_HOME="$WORK/spark/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
rm -rf "$WORK/run"
# What $SPARK_HOME/bin/spark-submit runs, with the options a Spark 4 driver needs on Java 17+.
# shellcheck disable=SC2046
java $(cat "$ROOT/minigpt-spark/target/classes/spark-java-options") -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.SparkSubmit --master 'local-cluster[2,1,1024]' --class org.minigpt.cli.Main \
  --conf spark.ui.enabled=false --conf spark.log.level=WARN "$JAR" \
  train --data "$TEXT" --run "$WORK/run" --set train.engine=spark --set diloco.inner_steps=10 --set train.steps=20 \
  --set train.eval_interval=10 | tee "$WORK/out.txt"
grep -q '^trained    20 steps' "$WORK/out.txt"
echo "spark-submit check: the cluster jar trained on a Spark-only home"

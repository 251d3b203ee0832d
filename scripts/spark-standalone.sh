#!/usr/bin/env bash
# Submits docs/spark.md's standalone command -- as written but for the master URL, the executor
# size and the paths -- through spark-submit's own launcher (org.apache.spark.launcher.Main, what
# bin/spark-submit runs) to a standalone master and worker started on 127.0.0.1 from the Spark
# jars of the build (spark/target/spark-lib laid out as a distribution: SPARK_HOME/jars), with
# pairviz's jars placed once in one folder; then compares the embeddings with spark embed in
# local mode. Nothing is downloaded. Usage: scripts/spark-standalone.sh [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-$(mktemp -d /tmp/pairviz-standalone.XXXXXX)}
mkdir -p "$W"
[ -f spark/target/pairviz-spark.jar ] || mvn -B -ntp -q -f all/pom.xml -DskipTests package
OPTS=$(cat spark/target/classes/pairviz/spark/java-options.txt)

# a Spark "distribution": its jars, a RELEASE file (logging through slf4j-simple, not log4j)
export SPARK_HOME="$W/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$SPARK_HOME/jars" "$W/opt-pairviz"
ln -sf "$PWD"/spark/target/spark-lib/*.jar "$SPARK_HOME/jars/"
# what a distribution's jars/ holds and the build put in lib/ (shared with pairviz), and a logger
for j in slf4j-api slf4j-simple jackson-annotations jackson-core jackson-databind commons-codec commons-compress commons-math3; do
  ln -sf "$PWD"/spark/target/lib/$j-[0-9]*.jar "$SPARK_HOME/jars/"
done
echo "Spark 4.0.1 (pairviz's build)" > "$SPARK_HOME/RELEASE"
# step 1 of docs/spark.md: the jars placed once
cp spark/target/pairviz-spark.jar spark/target/lib/*.jar "$W/opt-pairviz/"
rm -f "$W"/opt-pairviz/slf4j-simple-*.jar

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MP=$(port)
java $OPTS -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MP" \
  --webui-port "$(port)" > "$W/master.log" 2>&1 &
MASTER=$!
java $OPTS -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 -c 2 -m 3g \
  --webui-port "$(port)" --work-dir "$W/work" "spark://127.0.0.1:$MP" > "$W/worker.log" 2>&1 &
WORKER=$!
trap 'kill $WORKER $MASTER 2>/dev/null || true' EXIT
for _ in $(seq 600); do grep -q "Registering worker" "$W/master.log" && break; sleep 0.2; done
grep -q "Registering worker" "$W/master.log" || { echo "the worker did not register: see $W" >&2; exit 1; }

# spark-submit as bin/spark-class runs it: the launcher prints its messages, a NUL, then the
# driver's command, NUL-separated
spark_submit() {
  local cmd=() arg started=
  while IFS= read -d '' -r arg; do
    if [ -z "$started" ]; then started=1; [ -n "$arg" ] && echo "$arg" >&2; continue; fi
    cmd+=("${arg#$'\n'}")
  done < <(java -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@")
  "${cmd[@]}"
}

[ -d "$W/data" ] || ./pairviz data scenes --out "$W/data" --classes 4 --per-class 6 --size 64 >/dev/null
rm -rf "$W/cluster" "$W/local"
time spark_submit --master "spark://127.0.0.1:$MP" --deploy-mode client \
  --class pairviz.spark.cli.SparkCli \
  --driver-memory 2g \
  --executor-cores 2 --executor-memory 1g --total-executor-cores 2 \
  --conf spark.default.parallelism=4 \
  --conf spark.driver.extraClassPath="$W/opt-pairviz/*" \
  --conf spark.executor.extraClassPath="$W/opt-pairviz/*" \
  --conf spark.driver.extraJavaOptions=-Dai.djl.offline=true \
  --conf spark.executor.extraJavaOptions='-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1' \
  --conf spark.executorEnv.DJL_CACHE_DIR=/tmp/pairviz-djl \
  "$W/opt-pairviz/pairviz-spark.jar" \
  embed --weights models/scenes-resnet.safetensors --data "$W/data" --subset all --out "$W/cluster"

./pairviz spark embed --weights models/scenes-resnet.safetensors --data "$W/data" --subset all --partitions 4 \
  --master 'local[2]' --out "$W/local" 2>/dev/null
for r in cluster local; do ./pairviz spark export --master 'local[1]' --embeddings "$W/$r" --out "$W/$r.npy" >/dev/null 2>&1; done
cmp "$W/cluster.paths.txt" "$W/local.paths.txt"
/usr/bin/python3 -c "
import numpy as np, sys
a, b = np.load('$W/cluster.npy'), np.load('$W/local.npy')
print('%d embeddings; largest difference, cluster against local mode: %.2g' % (len(a), abs(a - b).max()))
sys.exit(0 if abs(a - b).max() < 1e-5 else 1)"
ls "$W"/work/app-*/*/stderr >/dev/null && echo "the embed job ran in the worker's executors (their logs: $W/work)"

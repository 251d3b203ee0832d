#!/usr/bin/env bash
# Load run of `pairviz serve`: starts the server on loopback (port chosen by the OS) with the tiny
# fixture ViT, sends REQUESTS explain requests with uploaded images at CONCURRENCY, and reports
# latency percentiles, answers by status (only deliberate 503s are allowed) and the server's
# resident memory (VmRSS) before and after, then the latency while 24 clients send their bodies a byte
# at a time. Stops the server at the end.
#
# Usage: scripts/load-test.sh [REQUESTS=1000] [CONCURRENCY=8]
# Another model: WEIGHTS=path/to/vit.pth MODEL_ARGS="--heads 12" scripts/load-test.sh
# Server options (workers, queue, ...): SERVE_ARGS="--workers 2 --queue 16"; server heap: SERVER_HEAP=256m
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requests="${1:-1000}"
concurrency="${2:-8}"
fixtures="$root/src/test/resources/fixtures"
weights="${WEIGHTS:-$fixtures/vit_tiny.pth}"
model_args="${MODEL_ARGS:---heads 4}"
if [[ -z "${WEIGHTS:-}" ]]; then model_args="--heads 4"; fi

cd "$root"
# the server runs from the product's classes; the load generator (pairviz.web.LoadGenerator) is a
# test-classpath tool, kept out of the product jar
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null 2>&1 \
  || mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
cp="target/classes:$(cat target/test-classpath.txt)"
tools="target/test-classes:$cp"
log="$(mktemp)"
# shellcheck disable=SC2086
java -Xmx"${SERVER_HEAP:-256m}" -Dai.djl.offline=true -cp "$cp" pairviz.cli.Main serve --weights "$weights" $model_args \
  --host 127.0.0.1 --port 0 ${SERVE_ARGS:-} >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 120); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)"
  [[ -n "$url" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$url" ]] || { echo "server did not start:" >&2; cat "$log" >&2; exit 1; }
echo "server pid $pid at $url ($(grep -m1 'pairviz serving' "$log" | sed 's/ on http.*//'))"
java -cp "$tools" pairviz.web.LoadGenerator "$url" "$pid" "$requests" "$concurrency" \
  "$fixtures/blob0_64.png" "$fixtures/blob1_64.png" "$fixtures/blob2_64.png" "$fixtures/odd_50x37.png" \
  "$fixtures/blob0_32.png" "$fixtures/blob1_32.png"

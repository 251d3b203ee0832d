#!/usr/bin/env bash
# Draws the README's picture of the web app, docs/images/web.png: the first screen of
# `pairviz serve` with the shipped ViT (models/scenes-vit.safetensors) and no gallery, so the page
# opens on the example scenes the server draws, explained, as a new user first sees it. The
# server is the current build (./pairviz); the page is drawn by Debian's Chromium
# (apt-get install chromium) through Playwright, from the test classpath (pairviz.web.PageScreenshot).
# PNGs over 300 KB are reduced to 256 colours with Pillow when it is there, as docs-figures.sh does.
#
# Usage: scripts/web-screenshot.sh [OUT=docs/images/web.png] [WIDTH=1280]
# Another model: WEIGHTS=path SERVE_ARGS="--gallery DIR" scripts/web-screenshot.sh /tmp/shot.png
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/docs/images/web.png}"
width="${2:-1280}"
weights="${WEIGHTS:-$root/models/scenes-vit.safetensors}"
cd "$root"
mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null 2>&1 \
  || mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt >/dev/null
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
log="$(mktemp)"
# one PyTorch thread: the maps then come out the same on every machine (to rounding)
# shellcheck disable=SC2086
JAVA_OPTS="${JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=1" "$root/pairviz" serve --weights "$weights" \
  --host 127.0.0.1 --port 0 ${SERVE_ARGS:-} >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 600); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)"
  [[ -n "$url" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$url" ]] || { echo "web-screenshot: the server did not start:" >&2; cat "$log" >&2; exit 1; }
java -cp "$cp" pairviz.web.PageScreenshot "$url" "$out" "$width"
if [[ $(stat -c %s "$out") -gt 300000 ]] && /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
  /usr/bin/python3 -c 'import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.convert("RGB").quantize(256).save(sys.argv[1], optimize=True)' "$out"
fi
ls -l "$out"

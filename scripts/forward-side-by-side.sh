#!/usr/bin/env bash
# Side by side in one run, rounds alternating: pairviz's cost of one more pair in --mode reference
# (`bench --weights W --modes reference`: forward pass of both images, maps, pictures), the authors'
# method in plain PyTorch (scripts/authors-pair.py, Debian's torch), and a whole
# `pairviz explain A B --mode reference` process against the authors' whole process
# (src/test/python/check_against_reference.py). Each line: wall seconds, then user+sys CPU seconds
# (on a shared machine the CPU seconds are the steadier figure). With BEFORE_JAR=path/to/pairviz.jar,
# that build runs too, on the same classpath (target/lib), for a before/after comparison.
# Usage: scripts/forward-side-by-side.sh WEIGHTS A B [ROUNDS]   (a ViT-B/16 checkpoint: scripts/check-reference.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
weights="$1" a="$2" b="$3" rounds="${4:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/pairviz" --version >/dev/null # build first if needed
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
before="$out/before"
printf '#!/bin/sh\njit=; [ "$1" = explain ] && jit=-XX:TieredStopAtLevel=1 # as the launcher of that time did\nexec java $jit -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "%s:%s/target/lib/*" pairviz.cli.Main "$@"\n' \
  "${BEFORE_JAR:-}" "$root" >"$before"
chmod +x "$before"
timed() { # label command...: prints "label wall s, cpu s" and the command's lines that name a time
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$out/t" "$@" >"$out/o" 2>&1 || { echo "$label failed:"; tail -3 "$out/o"; return; }
  read -r wall user sys <"$out/t"
  printf '%-34s wall %6.2f s, cpu %6.2f s  %s\n' "$label" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" \
    "$(grep -E 'per pair|floor' "$out/o" | tr '\n' ' ' | cut -c1-200)"
}
for ((r = 1; r <= rounds; r++)); do
  echo "round $r (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  timed "pairviz bench (3 pairs)" "$root/pairviz" bench --weights "$weights" --modes reference --pairs 3 --warmup 1
  [[ -n ${BEFORE_JAR:-} ]] && timed "before: pairviz bench (3 pairs)" "$before" bench --weights "$weights" --modes reference --pairs 3 --warmup 1
  timed "authors' method (3 pairs)" /usr/bin/python3 "$root/scripts/authors-pair.py" "$weights" "$a" "$b" 3
  timed "pairviz explain A B (process)" "$root/pairviz" explain "$a" "$b" --weights "$weights" --mode reference --out "$out/x"
  [[ -n ${BEFORE_JAR:-} ]] && timed "before: pairviz explain A B" "$before" explain "$a" "$b" --weights "$weights" --mode reference --out "$out/y"
  timed "authors' explain A B (process)" /usr/bin/python3 "$root/src/test/python/check_against_reference.py" \
    --checkpoint "$weights" --kind vit --mode reference --json "$out/ref.json" "$a" "$b"
done

#!/usr/bin/env bash
# Where a whole `pairviz explain A B` process spends its time: the JVM alone (`java -version`), the
# command line alone (`pairviz --version`), one explanation end to end, each with the launcher's
# class-data archive (target/pairviz.jsa, made once per build) and without it (JAVA_OPTS=-Xshare:off);
# and bench's split of engine start (native library) and checkpoint read. Runs alternate, medians of ROUNDS.
# Usage: scripts/startup.sh WEIGHTS A B [ROUNDS]   (e.g. a ViT-B/16 checkpoint and two 256 x 256 images)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
weights="$1" a="$2" b="$3" rounds="${4:-5}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$pv" --version >/dev/null # build first if needed, and make the archive
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN {printf "%.3f\n", e - s}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A t
for ((r = 1; r <= rounds; r++)); do
  t[jvm]+="$(secs java -version) "
  for cds in 1 0; do
    opts=""; [[ $cds == 0 ]] && opts="-Xshare:off"
    t[version,$cds]+="$(JAVA_OPTS=$opts secs "$pv" --version) "
    t[explain,$cds]+="$(JAVA_OPTS=$opts secs "$pv" explain "$a" "$b" --weights "$weights" --mode reference --out "$out/x") "
  done
done
m() { echo "${t[$1]}" | tr ' ' '\n' | grep . | median; }
printf 'java -version:               %s s\n' "$(m jvm)"
printf 'pairviz --version:           %s s with the archive, %s s without\n' "$(m version,1)" "$(m version,0)"
printf 'pairviz explain A B:         %s s with the archive, %s s without\n' "$(m explain,1)" "$(m explain,0)"
"$pv" bench --weights "$weights" --pairs 1 --warmup 0 | grep 'engine start'

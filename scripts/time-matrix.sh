#!/usr/bin/env bash
# Times `pairviz matrix` on 8 images (56 maps: each image's forward pass runs once) against one
# pair explained alone, and against the 28 pairs explained one after another in one process
# (`explain --pairs`, two forward passes a pair). Medians of 3 runs, wall clock, whole processes.
# Usage: scripts/time-matrix.sh WEIGHTS [WORKDIR]   (e.g. a ViT-B/16 .pth; see scripts/check-reference.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
weights="$1"
work="${2:-$(mktemp -d)}"
[[ -f $work/scenes/scenes.json ]] || "$pv" data scenes --out "$work/scenes" --classes 4 --per-class 2 --size 256 --seed 5 --quiet
imgs=("$work"/scenes/images/*/*.png)
: >"$work/pairs.txt"
for ((i = 0; i < 8; i++)); do for ((j = i + 1; j < 8; j++)); do echo "${imgs[i]} ${imgs[j]}" >>"$work/pairs.txt"; done; done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_of() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN {print e - s}'; }
"$pv" explain "${imgs[0]}" "${imgs[1]}" --weights "$weights" --out "$work/warm" >/dev/null 2>&1 # warm the page cache
one=$(for r in 1 2 3; do time_of "$pv" explain "${imgs[0]}" "${imgs[1]}" --weights "$weights" --out "$work/one"; done | median)
matrix=$(for r in 1 2 3; do time_of "$pv" matrix "${imgs[@]}" --weights "$weights" --out "$work/matrix.png"; done | median)
pairs=$(for r in 1; do time_of "$pv" explain --pairs "$work/pairs.txt" --weights "$weights" --out "$work/pairs"; done | median)
printf 'one pair (whole process):              %6.1f s\n' "$one"
printf '28 x one pair:                         %6.1f s\n' "$(awk -v o="$one" 'BEGIN {print 28 * o}')"
printf 'explain --pairs, 28 pairs (one process): %4.1f s\n' "$pairs"
printf 'matrix, 8 images (56 maps):            %6.1f s\n' "$matrix"

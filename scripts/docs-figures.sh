#!/usr/bin/env bash
# Renders the figures of docs/figures.md into docs/images/ with the shipped scenes models, on a
# fresh scenes set whose classes no model saw in training. Optional: a training run's checkpoint
# folder for the evolution figure (RUN/checkpoints). PNGs over 300 KB are reduced to 256 colours
# with Pillow (/usr/bin/python3 -m PIL; apt-get install python3-pil) when it is there.
#
# Usage: scripts/docs-figures.sh [CHECKPOINTS] [WORKDIR]   (CHECKPOINTS: a folder or a comma-separated list, as evolution takes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
vit="$root/models/scenes-vit.safetensors"
res="$root/models/scenes-resnet.safetensors"
checkpoints="${1:-}"
work="${2:-$(mktemp -d)}"
out="$root/docs/images"
mkdir -p "$out"
for m in "$vit" "$res"; do
  [[ -f $m ]] || { echo "docs-figures: $m is missing" >&2; exit 2; }
done

s="$work/scenes"
[[ -f $s/scenes.json ]] || "$pv" data scenes --out "$s" --classes 10 --per-class 8 --size 64 --seed 2026 >/dev/null
img() { echo "$s/images/$1/$2.png"; }

"$pv" retrieve "$(img 3 0)" --weights "$vit" --weights2 "$res" --gallery "$s" --top 4 \
  --out "$out/figure-retrieve.png" --json "$work/retrieve.json"
"$pv" retrieve "$(img 3 0)" --weights "$vit" --gallery "$s" --top 4 --mode reference \
  --out "$out/figure-retrieve-reference.png" --json "$work/retrieve-reference.json"
"$pv" classmap "$(img 5 1)" --weights "$vit" --gallery "$s" --classes 3 \
  --out "$out/figure-classmap.png" --json "$work/classmap.json"
printf '%s %s\n%s %s\n%s %s\n' "$(img 2 0)" "$(img 2 3)" "$(img 6 1)" "$(img 6 4)" "$(img 2 0)" "$(img 7 2)" >"$work/pairs.txt"
"$pv" compare --pairs "$work/pairs.txt" --weights "$vit" --weights2 "$res" \
  --out "$out/figure-compare.png" --json "$work/compare.json"
"$pv" compare --pairs "$work/pairs.txt" --weights "$vit" --rollout \
  --out "$out/figure-rollout.png" --json "$work/rollout.json"
"$pv" pose --weights "$vit" --weights2 "$res" --data "$s" --subset all --top 10 \
  --out "$out/figure-pose.png" --json "$work/pose.json"
if [[ -n $checkpoints ]]; then
  "$pv" evolution --checkpoints "$checkpoints" "$(img 3 0)" --gallery "$s" --top 3 \
    --out "$out/figure-evolution.png" --json "$work/evolution.json"
fi

# keep the pictures small enough for a README: 256 colours when a PNG is over 300 KB
if /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
  for f in "$out"/figure-*.png; do
    [[ $(stat -c %s "$f") -gt 300000 ]] || continue
    /usr/bin/python3 - "$f" <<'PY'
import sys
from PIL import Image
f = sys.argv[1]
Image.open(f).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(f, optimize=True)
PY
  done
fi
ls -l "$out"/figure-*.png
echo "numbers in $work"

#!/usr/bin/env bash
# Integrated gradients' completeness gap against the path steps, on the shipped scenes models:
# PAIRS same-class pairs of scenes no model saw (seed 12345), both maps of each pair, from each
# baseline, with 8 to 128 steps. Prints, per model, baseline and steps, the median and the largest
# |completeness_gap| / |score - baseline_score| and the share of maps over the warning's tolerance
# (5% of it, at least 0.005). Usage: [NETS="vit resnet"] [BASELINES="black blur"] scripts/ig-steps.sh [PAIRS] [STEPS...]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-8}
shift || true
steps=("${@:-8 16 32 64 128}")
read -r -a steps <<< "${steps[*]}"
pv=${PAIRVIZ:-./pairviz}
data=target/faithfulness-scenes
out=target/ig-steps
mkdir -p "$out"
[[ -f $data/scenes.json ]] || $pv data scenes --out "$data" --classes 50 --per-class 20 --size 64 --seed 12345
list="$out/pairs.txt"
: > "$list"
for c in $(ls "$data/images" | head -n "$pairs"); do  # the first images of the first classes
  echo "$(realpath "$data/images/$c/0.png") $(realpath "$data/images/$c/1.png")" >> "$list"
done
for net in ${NETS:-vit vit-cls resnet}; do
  for b in ${BASELINES:-black mean blur}; do
    for n in "${steps[@]}"; do
      f="$out/$net-$b-$n.jsonl"
      [[ -s $f ]] || $pv explain --weights "models/scenes-$net.safetensors" --pairs "$list" --mode integrated-gradients \
        --steps "$n" --baseline "$b" --no-pictures --json "$f" 2>/dev/null
    done
  done
done
python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
rows = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.jsonl"))):
    net, base, steps = os.path.basename(f)[:-6].rsplit("-", 2)
    rel, over = [], 0
    for line in open(f):
        o = json.loads(line)
        for side in ("a", "b"):
            target = o["score"] - o[side]["baseline_score"]
            gap = abs(o[side]["completeness_gap"])
            rel.append(gap / max(abs(target), 1e-12))
            over += gap > max(0.005, 0.05 * abs(target))
    rows[(net, base, int(steps))] = (statistics.median(rel), max(rel), over, len(rel))
print("| model | baseline | steps | median gap / |score - baseline| | largest | maps over tolerance |")
print("|---|---|---|---|---|---|")
for (net, base, steps), (med, top, over, n) in sorted(rows.items()):
    print(f"| {net} | {base} | {steps} | {med:.4f} | {top:.3f} | {over} of {n} |")
PY

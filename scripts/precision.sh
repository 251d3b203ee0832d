#!/usr/bin/env bash
# bf16 against fp32 on the shipped models: Recall@1 on unseen classes (scenes of seed 2, as in
# models/README.md), and the agreement of explanations (score error, rank correlation of map
# cells) over 16 seeded pairs of those images per model, in the default mode and in each
# gradient mode. Usage: scripts/precision.sh [WORKDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
work="${1:-$root/target/precision}"
mkdir -p "$work"
[[ -f $work/test/scenes.json ]] || "$pv" data scenes --out "$work/test" --classes 50 --per-class 20 --size 64 --seed 2 --quiet
for m in scenes-vit scenes-vit-cls scenes-resnet; do
  for p in fp32 bf16; do
    printf '%s %s: ' "$m" "$p"
    "$pv" evaluate --weights "$root/models/$m.safetensors" --data "$work/test" --subset all --k 1 --precision "$p" | grep -i 'recall@1'
  done
  modes=auto,integrated-gradients,grad-input
  [[ $m == scenes-resnet ]] || modes=auto,grad-rollout,integrated-gradients,grad-input
  "$pv" bench --weights "$root/models/$m.safetensors" --precision bf16 --images "$work/test/images" \
    --pairs 16 --warmup 1 --modes "$modes" | grep -E 'model:|mode|agreement'
done

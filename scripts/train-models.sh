#!/usr/bin/env bash
# Reproduces models/: trains the shipped scenes ViT and BiT ResNet with pairviz itself on scenes of
# seed 1, evaluates them on scenes of seed 2 (classes they never saw), and copies the weights,
# manifests and the ViT's early checkpoints (for the evolution figure) into models/.
# About an hour on 2 cores: the ResNet and the ViT's first cycle side by side (one PyTorch thread
# each), then the ViT's second cycle alone (two threads).
# Usage: scripts/train-models.sh [WORKDIR]    (a killed run continues where it stopped)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
work="${1:-$root/target/train-models}"
mkdir -p "$work"
export JAVA_OPTS="${JAVA_OPTS:--Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}"

[[ -f $work/train/scenes.json ]] || "$pv" data scenes --out "$work/train" --classes 145 --per-class 40 --size 64 --seed 1 --quiet
[[ -f $work/test/scenes.json ]] || "$pv" data scenes --out "$work/test" --classes 50 --per-class 20 --size 64 --seed 2 --quiet

train() { # RUN ARGS...: starts the run, or resumes it if it was interrupted
  local run=$1; shift
  if [[ -f $work/$run/last.json ]]; then
    "$pv" train --out "$work/$run" --resume --threads 2 --quiet
  else
    "$pv" train --data "$work/train" --split classes:0.9 "$@" --out "$work/$run" --threads 2 --quiet
  fi
}
vit=(--model vit-small --width 128 --depth 4 --heads 4 --mlp 512 --loss proxy-anchor --optimizer adamw
  --iterations 10000 --lr 0.001 --weight-decay 0.05 --crop-scale 0.8-1)
train resnet --model resnet-small --loss proxy-anchor --iterations 15000 --lr 0.02 --crop-scale 0.8-1 \
  --checkpoint-every 1500 > "$work/resnet.log" 2>&1 &
train vit "${vit[@]}" --checkpoint-every 1000 > "$work/vit.log" 2>&1 &
wait
JAVA_OPTS="-Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1" \
  train vit2 "${vit[@]}" --checkpoint-every 2000 --init "$work/vit/checkpoints/iter-010000.safetensors" > "$work/vit2.log" 2>&1

for m in resnet:015000 vit2:010000; do
  run=${m%%:*}
  echo "$run on unseen classes (scenes seed 2, 50 classes x 20):"
  "$pv" evaluate --weights "$work/$run/checkpoints/iter-${m##*:}.safetensors" --data "$work/test" --subset all \
    --json "$work/$run-seed2.json" | grep -E "Recall@1 |MAP@R"
done
# models/: weights, and manifests with the evaluation on unseen classes added (the ViT's counts
# both cycles: iteration 20,000); the ViT's first-cycle checkpoints for the evolution figure
/usr/bin/python3 "$root/scripts/ship-models.py" "$work" "$root/models"

#!/usr/bin/env bash
# Reproduces models/: trains the shipped scenes ViT and BiT ResNet with pairviz itself on scenes of
# seed 1, evaluates them on scenes of seed 2 (classes they never saw), and copies the weights,
# manifests and the ViT's early checkpoints (for the evolution figure) into models/.
# About 40 minutes on 2 cores with both runs side by side, one PyTorch thread each.
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
    "$pv" train --out "$work/$run" --resume --threads 1 --quiet
  else
    "$pv" train --data "$work/train" --split classes:0.9 "$@" --out "$work/$run" --threads 1 --quiet
  fi
}
train resnet --model resnet-small --loss proxy-anchor --iterations 15000 --lr 0.02 --crop-scale 0.8-1 \
  --checkpoint-every 1500 > "$work/resnet.log" 2>&1 &
train vit --model vit-small --width 128 --depth 4 --heads 4 --mlp 512 --loss proxy-anchor --optimizer adamw \
  --iterations 10000 --lr 0.001 --weight-decay 0.05 --crop-scale 0.8-1 --checkpoint-every 1000 > "$work/vit.log" 2>&1 &
wait

ship() { # RUN NAME ITERATIONS
  local it; it=$(printf '%06d' "$3")
  cp "$work/$1/checkpoints/iter-$it.safetensors" "$root/models/$2.safetensors"
  cp "$work/$1/checkpoints/iter-$it.json" "$root/models/$2.json"
}
mkdir -p "$root/models/scenes-vit-history"
ship resnet scenes-resnet 15000
ship vit scenes-vit 10000
for i in 001000 003000; do
  cp "$work/vit/checkpoints/iter-$i.safetensors" "$work/vit/checkpoints/iter-$i.json" "$root/models/scenes-vit-history/"
done
for m in scenes-vit scenes-resnet; do
  echo "$m on unseen classes (scenes seed 2, 50 classes x 20):"
  "$pv" evaluate --weights "$root/models/$m.safetensors" --data "$work/test" --subset all --json "$work/$m-seed2.json" \
    | grep -E "Recall@1 |MAP@R"
done

#!/usr/bin/env bash
# Reproduces models/: trains the shipped scenes ViT and BiT ResNet with pairviz itself on scenes of
# seeds 1 and 3-9, evaluates them on scenes of seed 2 (classes they never saw), and copies the
# weights, manifests and the ViT's early checkpoints (for the evolution figure) into models/.
# The ViT is four runs, each starting from the last one's weights: two one-cycles on seed 1 (patch
# 8), one on seeds 1 and 3-6 (655 classes), and one with patches of 4 on seeds 1 and 3-9 (1048).
# About 4.5 hours on 2 cores (the class-token ViT last, about an hour): the ResNet and the ViT's first run side by side (one PyTorch thread
# each), then the ViT's other runs alone (two threads; the patch-4 run alone takes 1.5 hours).
# Usage: scripts/train-models.sh [WORKDIR]    (a killed run continues where it stopped)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
work="${1:-$root/target/train-models}"
mkdir -p "$work"
export JAVA_OPTS="${JAVA_OPTS:--Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}"
two_threads="-Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1"

scenes() { # DIR SEED CLASSES PER_CLASS
  [[ -f $work/$1/scenes.json ]] || "$pv" data scenes --out "$work/$1" --classes "$3" --per-class "$4" --size 64 --seed "$2" --quiet
}
scenes train 1 145 40
scenes test 2 50 20
for s in 3 4 5 6 7 8 9; do scenes "train$s" "$s" 145 40; done

train() { # RUN ARGS...: starts the run, or resumes it if it was interrupted
  local run=$1; shift
  if [[ -f $work/$run/last.json ]]; then
    "$pv" train --out "$work/$run" --resume --threads 2 --quiet
  else
    "$pv" train --split classes:0.9 "$@" --out "$work/$run" --threads 2 --quiet
  fi
}
seeds() { # SEED...: --data options for the training scenes of these seeds
  for s in "$@"; do if [[ $s == 1 ]]; then echo "--data $work/train"; else echo "--data $work/train$s"; fi; done
}
vit=(--model vit-small --width 128 --depth 4 --heads 4 --mlp 512 --loss proxy-anchor --optimizer adamw
  --weight-decay 0.05 --crop-scale 0.8-1)
train resnet --data "$work/train" --model resnet-small --loss proxy-anchor --iterations 15000 --lr 0.02 \
  --crop-scale 0.8-1 --checkpoint-every 1500 > "$work/resnet.log" 2>&1 &
train vit --data "$work/train" "${vit[@]}" --iterations 10000 --lr 0.001 --checkpoint-every 1000 > "$work/vit.log" 2>&1 &
wait
export JAVA_OPTS="$two_threads"
train vit2 --data "$work/train" "${vit[@]}" --iterations 10000 --lr 0.001 --checkpoint-every 2000 \
  --init "$work/vit/checkpoints/iter-010000.safetensors" > "$work/vit2.log" 2>&1
# shellcheck disable=SC2046 # one word per option
train vit3 $(seeds 1 3 4 5 6) "${vit[@]}" --iterations 10000 --lr 0.001 --checkpoint-every 2000 \
  --init "$work/vit2/checkpoints/iter-010000.safetensors" > "$work/vit3.log" 2>&1
# shellcheck disable=SC2046
train vit4 $(seeds 1 3 4 5 6 7 8 9) "${vit[@]}" --patch 4 --iterations 8000 --lr 0.0005 --checkpoint-every 1000 \
  --init "$work/vit3/checkpoints/iter-010000.safetensors" > "$work/vit4.log" 2>&1
# The class-token ViT: the shipped ViT's weights with class-token pooling (its class token and
# position 0 were never used by mean pooling), one cycle on the same data; the shipped model's first
# run was stopped (SIGTERM) at step 889 of its 3,000 on a busy machine, and a second, cooler cycle
# of 1,000 steps continued from there. This script lets the first run finish its cycle.
# shellcheck disable=SC2046
train vitcls $(seeds 1 3 4 5 6 7 8 9) "${vit[@]}" --patch 4 --pooling cls --iterations 3000 --lr 0.0005 \
  --checkpoint-every 500 --init "$work/vit4/checkpoints/iter-008000.safetensors" > "$work/vitcls.log" 2>&1
cls_last=$(/usr/bin/python3 -c 'import json,sys; print("%06d" % json.load(open(sys.argv[1]))["iteration"])' "$work/vitcls/last.json")
# shellcheck disable=SC2046
train vitcls2 $(seeds 1 3 4 5 6 7 8 9) "${vit[@]}" --patch 4 --pooling cls --iterations 1000 --lr 0.0002 \
  --checkpoint-every 250 --init "$work/vitcls/checkpoints/iter-$cls_last.safetensors" > "$work/vitcls2.log" 2>&1

for m in resnet:015000 vit4:008000 vitcls2:001000; do
  run=${m%%:*}
  echo "$run on unseen classes (scenes seed 2, 50 classes x 20):"
  "$pv" evaluate --weights "$work/$run/checkpoints/iter-${m##*:}.safetensors" --data "$work/test" --subset all \
    --json "$work/$run-seed2.json" | grep -E "Recall@1 |MAP@R"
done
# models/: weights, and manifests with the evaluation on unseen classes added (the ViT's counts
# the steps of all four runs); the ViT's first-run checkpoints for the evolution figure
CLS_RUNS=vitcls,vitcls2 /usr/bin/python3 "$root/scripts/ship-models.py" "$work" "$root/models" vit vit2 vit3 vit4

#!/usr/bin/env bash
# Reproduces docs/faithfulness.md: scenes with a seed the models never saw (they were trained on
# seeds 1 and 3-9), then pairviz faithfulness on the shipped ViTs (mean-pooled and class-token) and
# the ResNet: deletion, insertion and ground truth on pairs, partner specificity on triplets.
# The patch-4 ViTs cost about 13 times the ResNet per image (256 tokens), and their gradient modes
# run the network again per map (integrated gradients 16 times), so they get fewer pairs.
# Usage: scripts/faithfulness.sh [PAIRS] [CONTROL] [STEPS] [VIT_PAIRS] [VIT_CONTROL] [TRIPLETS]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-500}
control=${2:-100}
steps=${3:-8}
vit_pairs=${4:-120}
vit_control=${5:-24}
triplets=${6:-300}
data=target/faithfulness-scenes
[[ -f $data/scenes.json ]] || ./pairviz data scenes --out "$data" --classes 50 --per-class 20 --size 64 --seed 12345
vit_methods=reference,conservative,none,grad-rollout,grad-input,integrated-gradients,rollout,uniform,random
for vit in vit vit-cls; do
  ./pairviz faithfulness --weights "models/scenes-$vit.safetensors" --data "$data" --pairs "$vit_pairs" \
    --control "$vit_control" --steps "$steps" --triplets "$triplets" --methods "$vit_methods" --seed 0 \
    --out "target/faithfulness-$vit"
done
./pairviz faithfulness --weights models/scenes-resnet.safetensors --data "$data" --pairs "$pairs" --control "$control" \
  --steps "$steps" --triplets "$triplets" --seed 0 --out target/faithfulness-resnet

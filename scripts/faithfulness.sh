#!/usr/bin/env bash
# Reproduces docs/faithfulness.md: scenes with a seed the models never saw (they were trained on
# seeds 1 and 3-9), then pairviz faithfulness on the shipped ViT and ResNet.
# The patch-4 ViT costs about 13 times the ResNet per image (256 tokens; 90 images/s against 1,200 on
# 2 cores), so it gets fewer pairs by default.
# Usage: scripts/faithfulness.sh [PAIRS] [CONTROL] [STEPS] [VIT_PAIRS] [VIT_CONTROL]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-500}
control=${2:-100}
steps=${3:-8}
vit_pairs=${4:-120}
vit_control=${5:-24}
data=target/faithfulness-scenes
[[ -f $data/scenes.json ]] || ./pairviz data scenes --out "$data" --classes 50 --per-class 20 --size 64 --seed 12345
./pairviz faithfulness --weights models/scenes-vit.safetensors --data "$data" --pairs "$vit_pairs" --control "$vit_control" \
  --steps "$steps" --seed 0 --out target/faithfulness-vit
./pairviz faithfulness --weights models/scenes-resnet.safetensors --data "$data" --pairs "$pairs" --control "$control" \
  --steps "$steps" --seed 0 --out target/faithfulness-resnet

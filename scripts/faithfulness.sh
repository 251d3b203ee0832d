#!/usr/bin/env bash
# Reproduces docs/faithfulness.md: scenes with a seed the models never saw (they were trained on
# seed 1), then pairviz faithfulness on the shipped ViT and ResNet.
# Usage: scripts/faithfulness.sh [PAIRS] [CONTROL] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-500}
control=${2:-100}
steps=${3:-8}
data=target/faithfulness-scenes
[[ -f $data/scenes.json ]] || ./pairviz data scenes --out "$data" --classes 50 --per-class 20 --size 64 --seed 12345
./pairviz faithfulness --weights models/scenes-vit.safetensors --data "$data" --pairs "$pairs" --control "$control" \
  --steps "$steps" --seed 0 --out target/faithfulness-vit
./pairviz faithfulness --weights models/scenes-resnet.safetensors --data "$data" --pairs "$pairs" --control "$control" \
  --steps "$steps" --seed 0 --out target/faithfulness-resnet

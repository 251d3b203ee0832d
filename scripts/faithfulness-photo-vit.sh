#!/usr/bin/env bash
# A ViT that has seen photos (docs/faithfulness.md, "Transformers on photos, looked at again"): the
# shipped mean-pooled scenes ViT fine-tuned for ITERATIONS steps on crops of real photos (every crop
# its own class: scripts/photo-crops.py; the study's photos are held out), then partner
# specificity on swapped halves of PHOTOS (the 13 photos of "Defaults by evidence") for every mode.
# Needs Debian's python3-skimage, python3-matplotlib and python3-pil for the crops.
# Usage: PHOTOS=DIR [OUT=DIR] [ITERATIONS=300] [TRIPLETS=40] scripts/faithfulness-photo-vit.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pv=${PAIRVIZ:-./pairviz}
photos=${PHOTOS:?PHOTOS=DIR: the photos to measure on}
out=${OUT:-target/faithfulness-photo-vit}
iters=${ITERATIONS:-300}
trips=${TRIPLETS:-40}
mkdir -p "$out"
[[ -d $out/crops ]] || /usr/bin/python3 scripts/photo-crops.py "$out/crops"
w=$out/run/checkpoints/iter-$(printf %06d "$iters").safetensors
[[ -f $w ]] || $pv train --data "$out/crops" --format folders --split classes:0.9 --size 64 --patch 4 --width 128 \
  --depth 4 --heads 4 --mlp 512 --out-dim 128 --pooling mean --init models/scenes-vit.safetensors --loss proxy-anchor \
  --optimizer adamw --lr 3e-4 --iterations "$iters" --crop-scale 0.6-1 --threads 1 --out "$out/run"
$pv faithfulness --weights "$w" --photos "$photos" --pairs 0 --control 0 --triplets "$trips" --change none \
  --methods none,conservative,grad-rollout,smooth-grad-rollout,grad-input,integrated-gradients,uniform --seed 0 \
  --json "$out/photos.json" | tee "$out/photos.txt"

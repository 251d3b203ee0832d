#!/usr/bin/env bash
# Spark benchmark (README "At scale"): spark embed's throughput on this machine against the Spark
# master (tasks at once), PyTorch's threads per JVM and the partitions of the job, then a projection
# of the paper's datasets on clusters from the measured per-image cost of ViT-B/16 on one thread.
# Usage: scripts/spark-bench.sh [DATA] [OUT]   (DATA: a dataset folder; default: 1,000 scenes made here)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-}"
out="${2:-pairviz-out/spark-bench}"
mkdir -p "$out"
if [[ -z "$data" ]]; then
  data="$out/scenes"
  [[ -f "$data/scenes.json" ]] || ./pairviz data scenes --out "$data" --classes 50 --per-class 20 --size 128 --quiet
fi
weights=models/scenes-resnet.safetensors
first=1
for master in 'local[1]' 'local[2]'; do
  for threads in 1 2; do
    # the projection's per-image cost is measured once, on one thread with nothing else running
    projection=0; [[ $first == 1 ]] && projection=16
    first=0
    echo "== --master $master --threads $threads" | tee -a "$out/bench.txt"
    nice -n 10 ./pairviz spark bench --weights "$weights" --data "$data" --subset all --partitions 2,4,8 \
      --master "$master" --threads "$threads" --projection-images "$projection" \
      --json "$out/bench-${master//[^0-9]/}-$threads.json" 2>/dev/null | tee -a "$out/bench.txt"
  done
done

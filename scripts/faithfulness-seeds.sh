#!/usr/bin/env bash
# Defaults by evidence (docs/faithfulness.md, "Defaults by evidence"): partner specificity of every
# mode of the shipped models on scenes triplets of several seeds no model saw (they were trained on
# seeds 1 and 3-9), and on real photos by construction (faithfulness --photos: swapped halves).
# Writes target/faithfulness-seeds/<model>-<seed>.json and photos-<model>-<change>.json, then
# prints one table: per model and method, the specificity on each seed, its range, and on photos.
# Integrated gradients cost IG_STEPS backward passes a map: they are measured only with
# VIT_METHODS/CNN_METHODS naming them (the defaults leave them out to keep a shared CPU usable).
# Usage: [OUT=DIR] [SEEDS="2 10 11 12 12345"] [TRIPLETS=60] [PHOTO_TRIPLETS=40] [IG_STEPS=16] \
#        [PHOTOS=DIR] [CHANGES="none"] scripts/faithfulness-seeds.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pv=${PAIRVIZ:-./pairviz}
seeds=${SEEDS:-2 10 11 12 12345}
trips=${TRIPLETS:-60}
photo_trips=${PHOTO_TRIPLETS:-40}
ig=${IG_STEPS:-16}
photos=${PHOTOS:-}
changes=${CHANGES:-none}
out=${OUT:-target/faithfulness-seeds}
mkdir -p "$out"
vit_methods=${VIT_METHODS:-reference,conservative,none,grad-rollout,smooth-grad-rollout,grad-input,rollout,uniform}
cnn_methods=${CNN_METHODS:-none,grad-input,uniform}
methods_of() { [[ $1 == resnet ]] && echo "$cnn_methods" || echo "$vit_methods"; }
for seed in $seeds; do
  d=$out/scenes-$seed
  [[ -f $d/scenes.json ]] || $pv data scenes --out "$d" --classes 50 --per-class 20 --size 64 --seed "$seed" --quiet
  for net in vit vit-cls resnet; do
    f=$out/$net-$seed.json
    [[ -s $f ]] || $pv faithfulness --weights "models/scenes-$net.safetensors" --data "$d" --pairs 0 --triplets "$trips" \
      --methods "$(methods_of $net)" --ig-steps "$ig" --seed 0 --json "$f" > "$out/$net-$seed.txt" 2>&1
  done
done
if [[ -n $photos ]]; then
  for change in $changes; do
    for net in vit vit-cls resnet; do
      f=$out/photos-$net-$change.json
      [[ -s $f ]] || $pv faithfulness --weights "models/scenes-$net.safetensors" --photos "$photos" --pairs 0 --control 0 \
        --triplets "$photo_trips" --change "$change" --methods "$(methods_of $net)" --ig-steps "$ig" --seed 0 \
        --json "$f" > "$out/photos-$net-$change.txt" 2>&1
    done
  done
fi
python3 - "$out" "$trips" "$photo_trips" <<'PY'
import glob, json, os, sys
out, trips, ptrips = sys.argv[1], sys.argv[2], sys.argv[3]
table, seeds, changes = {}, set(), set()
for f in glob.glob(os.path.join(out, "*.json")):
    name = os.path.basename(f)[:-5]
    try:
        rows = json.load(open(f))["partner"]["methods"]
    except (KeyError, ValueError):
        continue
    if name.startswith("photos-"):
        net, where = name[7:].rsplit("-", 1)
        changes.add(where); where = "photos/" + where
    else:
        net, where = name.rsplit("-", 1)
        seeds.add(int(where))
    for r in rows:
        s = r["specificity"]
        table.setdefault((net, r["method"]), {})[where] = (s["mean"], s["low"], s["high"])
seeds = sorted(seeds); cols = [str(s) for s in seeds] + ["photos/" + c for c in sorted(changes)]
print(f"partner specificity (scenes: {trips} triplets a seed; photos: {ptrips} triplets; 95% bootstrap intervals)\n")
print("| model | method | " + " | ".join("seed " + c if not c.startswith("photos") else c.replace("/", ", change ") for c in cols)
      + " | min over seeds |")
print("|---|---|" + "---|" * (len(cols) + 1))
for (net, m), v in sorted(table.items()):
    cells = [f"{v[c][0]:.3f} [{v[c][1]:.2f}, {v[c][2]:.2f}]" if c in v and v[c][0] is not None else "" for c in cols]
    lows = [v[str(s)][0] for s in seeds if str(s) in v and v[str(s)][0] is not None]
    print(f"| {net} | {m} | " + " | ".join(cells) + f" | {min(lows):.3f} |" if lows else " |")
PY

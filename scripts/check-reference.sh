#!/usr/bin/env bash
# Compares `pairviz explain --json` with the independent Python reference (src/test/python) on
# full-size random checkpoints (ViT-B/16, ViT-B/32, ResNet-101), every mode, two pairs.
# Needs Debian's python3-torch and python3-pil (apt-get install python3-torch python3-pil).
# Usage: scripts/check-reference.sh [WORKDIR]   (writes about 900 MB of checkpoints there)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}"
ref="$root/src/test/python/check_against_reference.py"
cd "$work"
for m in vit-b16 vit-b32 resnet-101; do
  [[ -f $m.pth ]] || /usr/bin/python3 "$ref" --make "$m" --out "$m.pth" >/dev/null
done
cp "$root/src/test/resources/fixtures/blob0_64.png" A.png
cp "$root/src/test/resources/fixtures/blob1_64.png" B.png
cp "$root/src/test/resources/fixtures/odd_50x37.png" C.png
compare() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
flat = lambda m: [x for r in m for x in r]
d = max(abs(x - y) for k in "ab" for x, y in zip(flat(a[k]["map"]), flat(b[k]["map"])))
s = abs(a["score"] - b["score"])
print(f"score diff {s:.1e}, max map-cell diff {d:.1e}", "OK" if max(d, s) < 1e-4 else "MISMATCH")
PY
}
for spec in "vit-b16 vit --patch 16" "vit-b32 vit --patch 32" "resnet-101 resnet"; do
  set -- $spec; m=$1; kind=$2; shift 2
  for mode in reference conservative none; do
    [[ $kind == resnet && $mode != none ]] && continue
    for pair in "A.png B.png" "C.png A.png"; do
      /usr/bin/python3 "$ref" --checkpoint "$m.pth" --kind "$kind" "$@" --mode "$mode" --json ref.json $pair >/dev/null
      "$root/pairviz" explain $pair --weights "$m.pth" --mode "$mode" --json ours.json --no-pictures >/dev/null
      printf '%-10s %-12s %-12s ' "$m" "$mode" "$pair"; compare ref.json ours.json
    done
  done
done

#!/usr/bin/env bash
# Issue 25's figures in one run, rounds alternating, on the same random ViT-B/16 checkpoint (256 x 256,
# mean pooling; made by src/test/python/check_against_reference.py --make vit-b16 when missing):
#   - first, once: pairviz's grad-rollout map of a pair equals the one written plainly in PyTorch
#     (scripts/plain-grad-rollout.py) to 1e-4 of the largest cell, so the timings compare one method;
#   - per round: `pairviz bench --modes reference,auto` (one more distinct pair in each mode: wall and
#     process CPU seconds), the same gradient-weighted rollout written plainly in PyTorch (Debian's
#     torch 1.13), and a whole `pairviz matrix` of 8 images in the default mode (wall and CPU seconds).
# Both run on every core (2 here). Needs Debian's python3-torch and python3-pil.
# Usage: scripts/grad-rollout-side-by-side.sh [WORKDIR] [ROUNDS] [PAIRS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d)}" rounds="${2:-3}" pairs="${3:-3}"
pv="$root/pairviz" py=/usr/bin/python3 plain="$root/scripts/plain-grad-rollout.py"
cd "$work"
[[ -f vit-b16.pth ]] || "$py" "$root/src/test/python/check_against_reference.py" --make vit-b16 --out vit-b16.pth >/dev/null
cp "$root/src/test/resources/fixtures/blob0_64.png" A.png
cp "$root/src/test/resources/fixtures/blob1_64.png" B.png
mkdir -p eight
"$py" - <<'PY'
import numpy as np
from PIL import Image
rng = np.random.default_rng(5)
for i in range(8):
    Image.fromarray(rng.integers(0, 256, (256, 256, 3), dtype=np.uint8)).save(f"eight/{i}.png")
PY
"$pv" --version >/dev/null # build first if needed

"$pv" explain A.png B.png --weights vit-b16.pth --mode grad-rollout --json ours.json --no-pictures >/dev/null 2>&1
"$py" "$plain" vit-b16.pth --json plain.json A.png B.png
"$py" - <<'PY'
import json, sys
a, b = json.load(open("plain.json")), json.load(open("ours.json"))
flat = lambda m: [x for r in m for x in r]
worst = 0.0
for k in "ab":
    x, y = flat(a[k]["map"]), flat(b[k]["map"])
    scale = max(abs(v) for v in x)
    worst = max(worst, max(abs(p - q) for p, q in zip(x, y)) / scale)
s = abs(a["score"] - b["score"])
print(f"grad-rollout map, pairviz vs plain PyTorch: max cell difference {worst:.1e} of the largest cell, "
      f"score difference {s:.1e}:", "SAME METHOD" if max(worst, s) < 1e-4 else "MISMATCH")
sys.exit(0 if max(worst, s) < 1e-4 else 1)
PY

echo "$(grep -m1 -o 'model name.*' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); $(nproc) logical CPUs"
for ((r = 1; r <= rounds; r++)); do
  echo "round $r (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  "$pv" bench --weights vit-b16.pth --modes reference,auto --pairs "$pairs" --warmup 1 2>/dev/null \
    | grep -E '^CPU|^mode |passes per pair|CPU time' | sed 's/^/  /'
  "$py" "$plain" vit-b16.pth --pairs "$pairs" | sed 's/^/  /'
  /usr/bin/time -f "%e %U %S" -o time.txt "$pv" matrix eight/*.png --weights vit-b16.pth --out matrix.png >/dev/null 2>&1
  read -r wall user sys <time.txt
  printf '  pairviz matrix, 8 images, default mode (whole process): wall %.2f s, CPU %.2f s\n' "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')"
done

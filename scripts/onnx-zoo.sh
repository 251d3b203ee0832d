#!/usr/bin/env bash
# ONNX coverage (issue 22): torchvision families beyond ResNet-50 / ViT-B/16, random weights
# (weights=None, seed 0), exported by Debian's torch 1.13 (torch.onnx.export, dynamic batch) as
# embedding networks (classifier replaced by nn.Identity), embedded by pairviz and by torch on real
# photos (Debian python3-skimage's astronaut, chelsea, coffee, squashed to 224 x 224 by PIL and saved
# as PNG so both sides read the same pixels). Prints one line per network: export, pairviz's
# inspect or its refusal, 1 - cosine per photo, then explains one pair in each mode that applies.
# The exports are 10-350 MB each: made here on demand, never committed.
# Usage: scripts/onnx-zoo.sh [WORKDIR] [NAME...]   (names: torchvision.models builders)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
work="${1:-$root/target/onnx-zoo}"; shift || true
names=("$@")
[[ ${#names[@]} == 0 ]] && names=(resnet18 mobilenet_v3_small efficientnet_b0 convnext_tiny regnet_y_400mf densenet121 vit_b_32 swin_t)
mkdir -p "$work/imgs/a"
cd "$work"
/usr/bin/python3 - "${names[@]}" <<'PY'
import json, sys, numpy as np, torch, torchvision
from PIL import Image
from skimage import data
mean = np.array([0.485, 0.456, 0.406], np.float32); std = np.array([0.229, 0.224, 0.225], np.float32)
xs = []
for i, name in enumerate(("astronaut", "chelsea", "coffee")):
    img = Image.fromarray(getattr(data, name)()).convert("RGB").resize((224, 224), Image.BILINEAR)
    img.save(f"imgs/a/{i}.png")
    xs.append(((np.asarray(img, np.float32) / 255 - mean) / std).transpose(2, 0, 1))
x = torch.from_numpy(np.stack(xs))
for name in sys.argv[1:]:
    torch.manual_seed(0)
    net = getattr(torchvision.models, name)(weights=None)
    for head in ("fc", "classifier", "heads", "head"):
        if hasattr(net, head):
            setattr(net, head, torch.nn.Identity())
            break
    net.eval()
    try:
        torch.onnx.export(net, x[:1], name + ".onnx", opset_version=17, input_names=["image"], output_names=["embedding"],
                          dynamic_axes={"image": {0: "batch"}, "embedding": {0: "batch"}})
    except Exception as e:
        print(f"{name}: export failed: {str(e).splitlines()[0][:200]}", flush=True)
        continue
    with torch.no_grad():
        json.dump(net(x).tolist(), open(name + ".expected.json", "w"))
    print(f"{name}: exported, {net(x[:1]).shape[1]}-d", flush=True)
PY
for m in "${names[@]}"; do
  [[ -f "$m.expected.json" ]] || continue
  "$pv" inspect "$m.onnx" > "$m.inspect" 2>&1 || { echo "$m: inspect refused: $(tail -1 "$m.inspect")"; continue; }
  echo "$m: $(grep -E '^(architecture|attention):' "$m.inspect" | tr -s ' ' | cut -c1-200 | paste -sd ' ')"
  rm -rf "$m.npy" "$m.parts"
  "$pv" embed --weights "$m.onnx" --data imgs --subset all --out "$m.npy" > "$m.embed" 2>&1 || { echo "$m: embed refused: $(tail -1 "$m.embed")"; continue; }
  /usr/bin/python3 - "$m" <<'PY'
import json, sys, numpy as np
m = sys.argv[1]
want = np.array(json.load(open(m + ".expected.json")), np.float64).reshape(3, -1)  # [3, E] (a 4-D [3, E, 1, 1] flattened)
got = np.load(m + ".npy").astype(np.float64)
out = []
for row, path in zip(got, open(m + ".paths.txt").read().split()):
    w = want[int(path.split("/")[-1].split(".")[0])]
    out.append("%.1e" % (1 - row @ w / np.linalg.norm(row) / np.linalg.norm(w)))
print(f"{m}: 1 - cosine to torch per photo: {' '.join(out)}")
PY
  modes=(none grad-input)
  grep -q '^attention: *none' "$m.inspect" || modes+=(grad-rollout)
  for mode in "${modes[@]}"; do
    "$pv" explain imgs/a/0.png imgs/a/1.png --weights "$m.onnx" --mode "$mode" --no-pictures --json "$m.$mode.json" > "$m.$mode.log" 2>&1 \
      && echo "$m: explain $mode: score $(/usr/bin/python3 -c "import json;print(round(json.load(open('$m.$mode.json'))['score'],6))" 2>/dev/null)" \
      || echo "$m: explain $mode refused: $(grep -v '^\s*at ' "$m.$mode.log" | tail -1)"
  done
done

#!/usr/bin/env bash
# Full-size ONNX check (issue 22): torchvision's ResNet-50 (a 128-d fc) and ViT-B/16 (heads as
# nn.Identity: the class token, 768-d) with random weights, exported by Debian's torch
# (torch.onnx.export, opset 17, dynamic batch), embedded by pairviz and by torch on two 224 x 224
# images; prints 1 - cosine and the relative error per image, then explains the pair with the ViT
# in grad-rollout. Needs /usr/bin/python3 with torch and torchvision (apt: python3-torchvision);
# the ONNX files are ~440 MB. Usage: scripts/onnx-fullsize.sh [WORKDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pv="$root/pairviz"
work="${1:-$root/target/onnx-fullsize}"
mkdir -p "$work/imgs/a"
cd "$work"
/usr/bin/python3 - <<'PY'
import json, numpy as np, torch, torchvision
from PIL import Image
torch.manual_seed(0)
rng = np.random.default_rng(0)
mean = np.array([0.485, 0.456, 0.406], np.float32); std = np.array([0.229, 0.224, 0.225], np.float32)
xs = []
for i in range(2):
    img = (rng.uniform(0, 1, (224, 224, 3)) * 255).astype(np.uint8)
    img[60:160, 40:180] = rng.integers(0, 255, 3)
    Image.fromarray(img).save(f"imgs/a/{i}.png")
    xs.append(((np.asarray(img, np.float32) / 255 - mean) / std).transpose(2, 0, 1))
x = torch.from_numpy(np.stack(xs))
out = {}
for name, net in (("resnet50", torchvision.models.resnet50(num_classes=128)), ("vit_b_16", torchvision.models.vit_b_16())):
    if name == "vit_b_16":
        net.heads = torch.nn.Identity()
    net.eval()
    torch.onnx.export(net, x[:1], name + ".onnx", opset_version=17, input_names=["image"], output_names=["embedding"],
                      dynamic_axes={"image": {0: "batch"}, "embedding": {0: "batch"}})
    with torch.no_grad():
        out[name] = net(x).tolist()
json.dump(out, open("expected.json", "w"))
PY
for m in resnet50 vit_b_16; do
  /usr/bin/time -f "$m embed: %e s, %M KB" "$pv" embed --weights "$m.onnx" --data imgs --subset all --out "$m.npy" 2>&1 | tail -1
done
/usr/bin/python3 - <<'PY'
import json, numpy as np
e = json.load(open("expected.json"))
for m in ("resnet50", "vit_b_16"):
    got = np.load(m + ".npy").astype(np.float64)
    for row, path in zip(got, open(m + ".paths.txt").read().split()):
        want = np.array(e[m][int(path.split("/")[-1].split(".")[0])])
        print("%s %s: 1 - cosine %.1e, relative error %.1e" % (m, path.split("/")[-1], 1 - row @ want / np.linalg.norm(row) / np.linalg.norm(want),
                                                              np.linalg.norm(row - want) / np.linalg.norm(want)))
PY
/usr/bin/time -f "vit_b_16 explain grad-rollout: %e s, %M KB" "$pv" explain imgs/a/0.png imgs/a/1.png --weights vit_b_16.onnx \
  --mode grad-rollout --no-pictures --json vit_pair.json 2>&1 | tail -1

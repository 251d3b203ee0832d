"""Fixtures for the torchvision ViT family, made by torchvision's own VisionTransformer (run once; output committed).

    /usr/bin/python3 src/test/python/vit/make_torchvision_vit.py [--out src/test/resources/fixtures/vit]

Debian's python3-torchvision 0.14 builds `torchvision.models.VisionTransformer` at a tiny size
(image 32, patch 8, 2 layers, hidden 32, 2 heads, MLP 64) with seeded random weights and
computes the embeddings of fixed inputs itself (model.eval(), float32, one thread):

- torchvision_vit_tiny.pth: `heads` replaced by `nn.Linear(32, 16)` (names heads.weight/bias),
  the way a user turns the classifier into a 16-d embedding layer;
- torchvision_vit_tiny_module.pth: the same model saved whole (`torch.save(model)`), which holds
  torchvision's `functools.partial(nn.LayerNorm, eps=1e-6)` beside the weights;
- torchvision_vit_tiny_prelogits_heads.pth: only the `heads` of the same body built with
  representation_size=24, num_classes=16 (heads.pre_logits, tanh, heads.head), for Java to put on
  the body above;
- torchvision_vit_tiny.json: the inputs' formula, and torchvision's embeddings of them with the
  three heads: the linear one, the pre-logits one, and none (heads = nn.Identity(): the final
  LayerNorm's class token); and at 48 x 48: the position embeddings torchvision's own
  `interpolate_embeddings` makes for a 6 x 6 grid (bicubic, align_corners=True) and the embeddings
  of a VisionTransformer(image_size=48) loaded with them.

Inputs: image b of the batch, value at flat index i (channel-major, 3 x 32 x 32) is
sin(0.37 * (i + 1) + 1.3 * b), in double, then float32 (Java computes the same numbers).
"""

from __future__ import annotations

import argparse
import json
import math
import os

import numpy as np
import torch
import torch.nn as nn
from torchvision.models import VisionTransformer
from torchvision.models.vision_transformer import interpolate_embeddings

SEED = 20261202
TINY = dict(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64)
BATCH = 3


def inputs(batch: int, size: int) -> torch.Tensor:
    n = 3 * size * size
    x = np.array([[math.sin(0.37 * (i + 1) + 1.3 * b) for i in range(n)] for b in range(batch)], dtype=np.float64)
    return torch.from_numpy(x.astype(np.float32)).reshape(batch, 3, size, size)


def randomise(model: nn.Module, seed: int) -> None:
    """torchvision zeroes heads.head and the class token at init; give every tensor random values."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            scale = 0.5 if "ln" in name else 0.2
            base = 1.0 if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name.endswith("ln.weight") else 0.0
            p.copy_(base + scale * torch.randn(p.shape, generator=g))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="src/test/resources/fixtures/vit")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    x = inputs(BATCH, TINY["image_size"])

    model = VisionTransformer(**TINY, num_classes=16)
    model.heads = nn.Linear(32, 16)
    randomise(model, SEED)
    model.eval()
    with torch.no_grad():
        linear = model(x)
        model_heads = model.heads
        model.heads = nn.Identity()
        bare = model(x)
        model.heads = model_heads

    pre = VisionTransformer(**TINY, num_classes=16, representation_size=24)
    randomise(pre, SEED + 1)
    pre.load_state_dict({k: v for k, v in model.state_dict().items() if not k.startswith("heads.")}, strict=False)
    pre.eval()
    with torch.no_grad():
        prelogits = pre(x)
        # self-check: the body is the one above
        assert torch.allclose(pre.heads.head(torch.tanh(pre.heads.pre_logits(bare))), prelogits, atol=1e-6)

    big = VisionTransformer(**dict(TINY, image_size=48), num_classes=16)
    big.heads = nn.Linear(32, 16)
    resized = interpolate_embeddings(48, TINY["patch_size"], model.state_dict())
    big.load_state_dict(resized)
    big.eval()
    with torch.no_grad():
        linear48 = big(inputs(BATCH, 48))

    os.makedirs(args.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.out, "torchvision_vit_tiny.pth"))
    torch.save(model, os.path.join(args.out, "torchvision_vit_tiny_module.pth"))
    torch.save({k: v for k, v in pre.state_dict().items() if k.startswith("heads.")},
               os.path.join(args.out, "torchvision_vit_tiny_prelogits_heads.pth"))
    doc = {
        "torchvision": __import__("torchvision").__version__,
        "architecture": dict(TINY),
        "inputs": "x[b, i] = float32(sin(0.37 * (i + 1) + 1.3 * b)), i the flat index over 3 x 32 x 32",
        "batch": BATCH,
        "embeddings": {
            "linear": linear.tolist(),
            "prelogits": prelogits.tolist(),
            "none": bare.tolist(),
        },
        "at_48": {
            "pos_embedding": resized["encoder.pos_embedding"][0].tolist(),
            "linear": linear48.tolist(),
        },
    }
    with open(os.path.join(args.out, "torchvision_vit_tiny.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", args.out, [list(t.shape) for t in (linear, prelogits, bare)])


if __name__ == "__main__":
    main()

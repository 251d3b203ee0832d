#!/usr/bin/python3
"""TorchScript fixtures for pairviz's "any network through TorchScript" (docs/models.md), made ONCE
with Debian's torch 1.13 (torch.jit.trace) and torch autograd, independent of pairviz.

Two small networks of architectures pairviz has no blocks for, each a traced module that follows
the contract of docs/models.md: images [B, 3, S, S] (normalised with ImageNet statistics) in,
per-position features [B, T, E] out, optionally followed by each layer's attention probabilities
[B, H, T, T]; an extra file ``pairviz.json`` says the input size.

  script_cnn.pt   ConvNeXt-like CNN: 4x4 patchify stem, BatchNorm (eval mode, non-trivial running
                  statistics), depthwise 7x7 blocks with LayerNorm, an inverted MLP and layer
                  scale, a 2x2 downsampling, a linear head at every position; 32 x 32 in, a 4 x 4
                  grid of 12-d features out; the embedding is their mean.
  script_vit.pt   transformer with an overlapping conv stem, a class token, fused-qkv attention
                  (2 heads) in two pre-norm blocks with layer scale, SiLU MLPs and dropout (a
                  no-op in eval mode); 32 x 32 in, class token + 4 x 4 grid of 10-d features out,
                  returned with both layers' attention probabilities; the embedding is the class
                  token's features.
  script_flat.pt  breaks the contract: it returns one 4-d embedding [B, 4] per image.
  script_nograd.pt  keeps it, but was traced under torch.no_grad(): its nn.MultiheadAttention is a
                  fused kernel without a backward, so the gradient modes cannot run.

expected_torchscript.json holds, for each network, the embeddings of blob{0,1,2}_32.png, and for
the pair (blob0, blob1) the score cos(A, B) and the maps of A given B and of B given A (K x K,
row-major) of:
  none          the decomposition (mean pooling): token n's share alpha_n . unit(beta_B) / (N |beta_A|)
  conservative  the class-token network's R^T . map, R the mean-fused rollout of docs/reference.md
                (pairviz_reference.rollout); its map is all on the class token, so the grid gets
                R[0, 1:] * score
  grad-input    x * d cos / dx (the partner's unit embedding held constant), summed over channels
                and over each cell's pixels
  integrated-gradients
                x * mean_k d cos / dx at ((k + 1/2) / 16) x, k = 0..15 (zero baseline), summed
                likewise; with the baseline's similarity
and the raw input gradient d cos(A, B) / d A [3, S, S] of the CNN (flattened), to check the
gradient pairviz takes through the TorchScript module itself.

Usage: /usr/bin/python3 src/test/python/make_torchscript_fixtures.py   (from the repository root)
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pairviz_reference as ref  # noqa: E402

FIX = os.path.join("src", "test", "resources", "fixtures")
SIZE = 32
STEPS = 16
IMAGES = ("blob0", "blob1", "blob2")


class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of [B, C, H, W]."""

    def forward(self, x):
        return F.layer_norm(x.permute(0, 2, 3, 1), self.normalized_shape, self.weight, self.bias,
                            self.eps).permute(0, 3, 1, 2)


class ConvNeXtBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dw = nn.Conv2d(c, c, 7, padding=3, groups=c)
        self.norm = nn.LayerNorm(c, eps=1e-6)
        self.fc1 = nn.Linear(c, 4 * c)
        self.fc2 = nn.Linear(4 * c, c)
        self.gamma = nn.Parameter(torch.full((c,), 0.5))

    def forward(self, x):  # [B, C, H, W]
        y = self.dw(x).permute(0, 2, 3, 1)  # [B, H, W, C]
        y = self.fc2(F.gelu(self.fc1(self.norm(y)))) * self.gamma
        return x + y.permute(0, 3, 1, 2)


class TinyConvNeXt(nn.Module):
    """[B, 3, 32, 32] -> per-position features [B, 16, 12] (4 x 4 grid, row-major)."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 4, stride=4)
        self.bn = nn.BatchNorm2d(16)
        self.block1 = ConvNeXtBlock(16)
        self.down_norm = LayerNorm2d(16, eps=1e-6)
        self.down = nn.Conv2d(16, 24, 2, stride=2)
        self.block2 = ConvNeXtBlock(24)
        self.norm = nn.LayerNorm(24, eps=1e-6)
        self.head = nn.Linear(24, 12)

    def forward(self, x):
        x = self.block1(self.bn(self.stem(x)))  # [B, 16, 8, 8]
        x = self.block2(self.down(self.down_norm(x)))  # [B, 24, 4, 4]
        x = x.flatten(2).transpose(1, 2)  # [B, 16, 24]
        return self.head(self.norm(x))  # [B, 16, 12]


class SelfAttention(nn.Module):
    """Fused qkv, scaled dot product, returning the output and the probabilities [B, H, T, T]."""

    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):  # [B, T, D]
        b, t, d = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)  # [B, H, T, D/H]
        att = (q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5).softmax(dim=-1)  # [B, H, T, T]
        return self.proj((att @ v).transpose(1, 2).reshape(b, t, d)), att


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.norm1 = nn.LayerNorm(d)
        self.attn = SelfAttention(d, heads)
        self.ls1 = nn.Parameter(torch.full((d,), 0.7))
        self.norm2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 2 * d), nn.SiLU(), nn.Dropout(0.1), nn.Linear(2 * d, d))
        self.ls2 = nn.Parameter(torch.full((d,), 0.7))

    def forward(self, x):  # [B, T, D]
        y = self.norm1(x)
        y, att = self.attn(y)  # att [B, H, T, T]
        x = x + self.ls1 * y
        return x + self.ls2 * self.mlp(self.norm2(x)), att


class TinyTransformer(nn.Module):
    """[B, 3, 32, 32] -> (features [B, 17, 10]: class token then a 4 x 4 grid, attention [B, 2, 17, 17] x 2)."""

    def __init__(self, d=24, heads=2, out=10):
        super().__init__()
        self.stem = nn.Conv2d(3, d, 12, stride=8, padding=2)  # overlapping patches: 32 -> 4 x 4
        self.cls = nn.Parameter(torch.randn(1, 1, d))
        self.pos = nn.Parameter(torch.randn(1, 17, d) * 0.5)
        self.blocks = nn.ModuleList([Block(d, heads), Block(d, heads)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, out)

    def forward(self, x):
        t = self.stem(x).flatten(2).transpose(1, 2)  # [B, 16, D]
        t = torch.cat([self.cls.expand(t.shape[0], -1, -1), t], dim=1) + self.pos  # [B, 17, D]
        atts = []
        for b in self.blocks:
            t, a = b(t)
            atts.append(a)
        return self.head(self.norm(t)), atts[0], atts[1]


class Flat(nn.Module):
    """Breaks the contract: one embedding [B, 4] per image, no per-position features."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)

    def forward(self, x):
        return self.fc(x.mean(dim=(2, 3)))


class FusedAttention(nn.Module):
    """Traced under torch.no_grad(): nn.MultiheadAttention becomes a fused kernel with no backward."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 8, stride=8)
        self.attn = nn.MultiheadAttention(8, 2, batch_first=True)

    def forward(self, x):
        t = self.stem(x).flatten(2).transpose(1, 2)  # [B, 16, 8]
        return self.attn(t, t, t, need_weights=False)[0]  # [B, 16, 8]


@torch.no_grad()
def randomise(model, seed):
    """Weights N(0, 1/fan_in) (scaled up 1.8 for the attention's qkv: peaky attention),
    small biases, norms 1 + noise, BatchNorm running statistics far from (0, 1)."""
    g = torch.Generator().manual_seed(seed)
    for name, p in model.named_parameters():
        if name in ("cls", "pos") or name.endswith(("gamma", "ls1", "ls2")):
            continue
        if "norm" in name or name.startswith("bn."):
            mean, std = (1.0, 0.1) if name.endswith("weight") else (0.0, 0.05)
        elif name.endswith("bias"):
            mean, std = 0.0, 0.05
        else:
            gain = 1.8 if "qkv" in name else 1.0
            mean, std = 0.0, gain / np.sqrt(p[0].numel())
        p.copy_(torch.normal(mean, std, p.shape, generator=g))
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.normal(0.3, 0.2, m.running_mean.shape, generator=g))
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
    return model


def unit(v):
    return v / v.norm(dim=-1, keepdim=True)


def features(model, x):
    out = model(x)
    return out if isinstance(out, tuple) else (out,)


def embedding(model, x, cls):
    f = features(model, x)[0]  # [B, T, E]
    return f[:, 0] if cls else f.mean(dim=1)


def cells(pixel_map, k):
    """[S, S] -> [K, K] sums over each cell."""
    s = pixel_map.shape[0]
    return pixel_map.reshape(k, s // k, k, s // k).sum(dim=(1, 3))


def input_attribution(model, x, u, alphas, k, cls):
    total = torch.zeros_like(x)
    for alpha in alphas:
        xa = (alpha * x).clone().requires_grad_(True)
        (unit(embedding(model, xa, cls))[0] @ u).backward()
        total += xa.grad
    contribution = (x * total / len(alphas))[0].sum(0)  # [S, S]
    return cells(contribution, k).detach().numpy().reshape(-1)


def input_gradient(model, x, u, cls):
    xa = x.clone().requires_grad_(True)
    (unit(embedding(model, xa, cls))[0] @ u).backward()
    return xa.grad[0].numpy().reshape(-1)


def entry(model, cls, k):
    xs = {n: ref.preprocess(os.path.join(FIX, f"{n}_{SIZE}.png"), SIZE)[0] for n in IMAGES}
    with torch.no_grad():
        outs = {n: features(model, x) for n, x in xs.items()}
        betas = {n: (o[0][0, 0] if cls else o[0][0].mean(0)) for n, o in outs.items()}
    e = {"embeddings": {f"{n}_{SIZE}.png": ref.f32list(b.numpy()) for n, b in betas.items()}}
    a, b = "blob0", "blob1"
    ua, ub = unit(betas[a]), unit(betas[b])
    score = float(ua @ ub)
    pair = {"a": f"{a}_{SIZE}.png", "b": f"{b}_{SIZE}.png", "score": score, "maps": {}}
    m = pair["maps"]
    for side, name, u in (("a", a, ub), ("b", b, ua)):
        x, out = xs[name], outs[name]
        if cls:
            r = ref.rollout(np.stack([t[0].numpy() for t in out[1:]]), "mean", 0)  # [T, T]
            own = float(unit(betas[name]) @ u)
            m.setdefault("conservative", {})[side] = ref.as_grid(r[0, 1:] * own, k)
        else:
            alpha = out[0][0].numpy()  # [N, E]
            token = alpha @ u.numpy() / alpha.shape[0] / np.linalg.norm(betas[name].numpy())
            m.setdefault("none", {})[side] = ref.as_grid(token, k)
        m.setdefault("grad-input", {})[side] = ref.as_grid(input_attribution(model, x, u, [1.0], k, cls), k)
        ig = input_attribution(model, x, u, [(i + 0.5) / STEPS for i in range(STEPS)], k, cls)
        m.setdefault("integrated-gradients", {})[side] = ref.as_grid(ig, k)
        with torch.no_grad():
            base = float(unit(embedding(model, torch.zeros_like(x), cls))[0] @ u)
        m["integrated-gradients"][side + "_baseline"] = base
    if not cls:
        pair["input_gradient_a"] = ref.f32list(input_gradient(model, xs[a], ub, cls))
    e["pair"] = pair
    return e


def save(model, name, example):
    traced = torch.jit.trace(model, example)
    traced.save(os.path.join(FIX, name), _extra_files={"pairviz.json": json.dumps({"image_size": SIZE})})
    return torch.jit.load(os.path.join(FIX, name))


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    example = torch.randn(2, 3, SIZE, SIZE)
    doc = {"generator": "src/test/python/make_torchscript_fixtures.py (torch " + torch.__version__ + ", autograd)",
           "steps": STEPS}
    for key, model, cls, file in (("cnn", TinyConvNeXt(), False, "script_cnn.pt"),
                                  ("vit", TinyTransformer(), True, "script_vit.pt")):
        model = randomise(model, 7).eval()
        for p in model.parameters():
            p.requires_grad_(False)
        loaded = save(model, file, example)
        with torch.no_grad():  # the archive computes what the module computes
            for a, b in zip(features(model, example), features(loaded, example)):
                assert torch.allclose(a, b, atol=1e-6), key
        doc[key] = entry(loaded, cls, 4)
        print(key, file, os.path.getsize(os.path.join(FIX, file)), "bytes; score", doc[key]["pair"]["score"])
    save(Flat().eval(), "script_flat.pt", example)
    with torch.no_grad():
        save(FusedAttention().eval(), "script_nograd.pt", example)
    for key in ("cnn", "vit"):
        ig = doc[key]["pair"]["maps"]["integrated-gradients"]
        gap = doc[key]["pair"]["score"] - ig["a_baseline"]
        print(f"{key}: IG sum {np.array(ig['a']).sum():.5f} vs score - baseline {gap:.5f}")
    with open(os.path.join(FIX, "expected_torchscript.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

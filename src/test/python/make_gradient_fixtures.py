#!/usr/bin/python3
"""Fixtures for pairviz's gradient modes, made ONCE with torch autograd (independent of pairviz).

Uses the committed tiny models of src/test/resources/fixtures (vit_tiny.safetensors with 4 heads,
in mean and class-token pooling; resnet_tiny.pth) and images blob0/1/2, and writes
src/test/resources/fixtures/expected_gradients.json with, for each model and pair (A, B), the
maps of A given B and of B given A (K x K, row-major) of:

  grad-rollout  (ViT) Chefer et al. 2021: R = I; per layer from `start`:
                R <- R + fuse_heads((dA * A).clamp(min=0)) @ R, dA = d cos(A, B) / d attention,
                taken with retain_grad() on the attention probabilities; the map is the class
                token's row of R - I (cls pooling, tokens 1..N) or the mean of the rows of R - I
  grad-input    x * d cos / dx, summed over channels and over each cell's pixels
  integrated-gradients/<baseline>
                (x - x') * mean_k d cos / dx at x' + ((k + 1/2) / 16) (x - x'), k = 0..15, summed
                likewise; with the baseline's similarity cos(beta(x'), B). The baseline x' is
                defined on the photo and normalised as the image is: black (0 before the ImageNet
                normalisation), mean (the image's mean colour per channel) or blur (a Gaussian of
                sigma S / 16, kernel radius ceil(3 sigma), weights normalised, edges clamped)
  ig_steps      for the mean-pooled ViT and the first pair, A's integrated-gradients sum and
                baseline similarity from black with 4, 16 and 64 steps (the completeness gap)

cos(A, B) = unit(beta_A) . unit(beta_B), with the partner's unit embedding held constant.
Usage: /usr/bin/python3 src/test/python/make_gradient_fixtures.py   (from the repository root)
"""
from __future__ import annotations

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pairviz_reference as ref  # noqa: E402

FIX = os.path.join("src", "test", "resources", "fixtures")
STEPS = 16
BASELINES = ("black", "mean", "blur")
SWEEP = (4, 16, 64)
PAIRS = (("blob0", "blob1"), ("blob2", "blob0"))


def unit(beta):
    return beta / beta.norm(dim=-1, keepdim=True)


def partner(model, x):
    with torch.no_grad():
        return unit(model(x)[0])[0]


def cells(pixel_map, k):
    """[S, S] -> [K, K] sums over each cell."""
    s = pixel_map.shape[0]
    return pixel_map.reshape(k, s // k, k, s // k).sum(dim=(1, 3))


def grad_rollout(model, x, u, fusion, start, pooling):
    beta, _, att = model(x.clone().requires_grad_(True))  # a leaf that needs a gradient: the graph is kept
    for a in att:
        a.retain_grad()
    (unit(beta)[0] @ u).backward()
    t = att[0].shape[-1]
    r = torch.eye(t)
    for layer in range(start, len(att)):
        a = att[layer]
        cam = (a.grad[0] * a[0]).clamp(min=0)               # [H, T, T]
        fused = {"mean": cam.mean(0), "min": cam.min(0).values, "max": cam.max(0).values}[fusion]
        r = r + fused @ r
    gained = (r - torch.eye(t)).detach()
    flat = gained[0, 1:] if pooling == "cls" else gained.mean(0)
    return flat.numpy()


def input_attribution(model, x, u, alphas, k, start=None):
    start = torch.zeros_like(x) if start is None else start
    total = torch.zeros_like(x)
    for alpha in alphas:
        xa = (start + alpha * (x - start)).clone().requires_grad_(True)
        (unit(model(xa)[0])[0] @ u).backward()
        total += xa.grad
    contribution = ((x - start) * total / len(alphas))[0].sum(0)      # [S, S]
    return cells(contribution, k).detach().numpy().reshape(-1)


def baseline_score(model, start, u):
    with torch.no_grad():
        return float(unit(model(start)[0])[0] @ u)


def gaussian_blur(x, sigma):
    """[1, 3, S, S] -> the same blurred per channel: separable, radius ceil(3 sigma), edges clamped."""
    r = max(1, int(np.ceil(3 * sigma)))
    w = torch.exp(-torch.arange(-r, r + 1, dtype=torch.float64) ** 2 / (2 * sigma * sigma))
    w = (w / w.sum()).float()
    s = x.shape[-1]
    idx = torch.clamp(torch.arange(s)[:, None] + torch.arange(-r, r + 1)[None, :], 0, s - 1)   # [S, 2r+1]
    along_x = (x[..., idx] * w).sum(-1)                                  # [1, 3, S, S]
    return (along_x.transpose(-1, -2)[..., idx] * w).sum(-1).transpose(-1, -2)


def baseline_input(x, kind):
    """The baseline x' for image x [1, 3, S, S], normalised as x is (ImageNet statistics)."""
    if kind == "black":
        m = torch.tensor(ref.IMAGENET_MEAN, dtype=torch.float32).view(1, 3, 1, 1)
        s = torch.tensor(ref.IMAGENET_STD, dtype=torch.float32).view(1, 3, 1, 1)
        return ((0 - m) / s).expand_as(x).clone()
    if kind == "mean":
        return x.mean(dim=(2, 3), keepdim=True).expand_as(x).clone()
    if kind == "blur":
        return gaussian_blur(x, x.shape[-1] / 16)
    raise ValueError(kind)


def alphas(steps):
    return [(i + 0.5) / steps for i in range(steps)]


def entries(model, size, k, is_vit, pooling):
    out = []
    for a, b in PAIRS:
        xa, _ = ref.preprocess(os.path.join(FIX, f"{a}_{size}.png"), size)
        xb, _ = ref.preprocess(os.path.join(FIX, f"{b}_{size}.png"), size)
        ua, ub = partner(model, xa), partner(model, xb)
        e = {"a": f"{a}_{size}.png", "b": f"{b}_{size}.png", "score": float(ua @ ub), "maps": {}}
        for name, x, u in (("a", xa, ub), ("b", xb, ua)):
            m = e["maps"]
            if is_vit:
                for fusion, start in (("mean", 0), ("max", 0), ("mean", 1)):
                    key = f"grad-rollout/{fusion}/{start}"
                    m.setdefault(key, {})[name] = ref.as_grid(grad_rollout(model, x, u, fusion, start, pooling), k)
            m.setdefault("grad-input", {})[name] = ref.as_grid(input_attribution(model, x, u, [1.0], k), k)
            for kind in BASELINES:
                start = baseline_input(x, kind)
                ig = input_attribution(model, x, u, alphas(STEPS), k, start)
                key = f"integrated-gradients/{kind}"
                m.setdefault(key, {})[name] = ref.as_grid(ig, k)
                m[key][name + "_baseline"] = baseline_score(model, start, u)
        out.append(e)
    return out


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    vit_sd = ref.load_state_dict(os.path.join(FIX, "vit_tiny.safetensors"))
    res_sd = ref.load_state_dict(os.path.join(FIX, "resnet_tiny.pth"))
    doc = {"generator": "src/test/python/make_gradient_fixtures.py (torch autograd)", "steps": STEPS}
    for pooling in ("mean", "cls"):
        model = ref.build_vit(vit_sd, 4, pooling)
        for p in model.parameters():
            p.requires_grad_(False)
        doc[f"vit_{pooling}"] = entries(model, 32, 4, True, pooling)
    model = ref.build_resnet(res_sd)
    for p in model.parameters():
        p.requires_grad_(False)
    doc["resnet"] = entries(model, 64, 8, False, "mean")
    # the completeness gap against the steps, on the mean-pooled ViT's first pair (A given B, black)
    model = ref.build_vit(vit_sd, 4, "mean")
    for p in model.parameters():
        p.requires_grad_(False)
    a, b = PAIRS[0]
    xa, _ = ref.preprocess(os.path.join(FIX, f"{a}_32.png"), 32)
    xb, _ = ref.preprocess(os.path.join(FIX, f"{b}_32.png"), 32)
    ua, ub = partner(model, xa), partner(model, xb)
    start = baseline_input(xa, "black")
    sweep = {"a": f"{a}_32.png", "b": f"{b}_32.png", "score": float(ua @ ub),
             "baseline": baseline_score(model, start, ub), "sums": {}}
    for steps in SWEEP:
        sweep["sums"][str(steps)] = float(input_attribution(model, xa, ub, alphas(steps), 4, start).sum())
    doc["ig_steps"] = sweep
    # the checks the Java tests rely on: integrated gradients sum to score - baseline (rule error)
    for steps, total in sweep["sums"].items():
        print(f"vit_mean {a}: {steps} steps: IG sum {total:.6f} vs score - baseline "
              f"{sweep['score'] - sweep['baseline']:.6f}")
    for key in ("vit_mean", "resnet"):
        for e in doc[key]:
            for kind in BASELINES:
                ig = np.array(e["maps"][f"integrated-gradients/{kind}"]["a"]).sum()
                gap = e["score"] - e["maps"][f"integrated-gradients/{kind}"]["a_baseline"]
                print(f"{key} {e['a']} {kind}: IG sum {ig:.5f} vs score - baseline {gap:.5f}")
    with open(os.path.join(FIX, "expected_gradients.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

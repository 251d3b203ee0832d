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
  integrated-gradients
                x * mean_k d cos / dx at ((k + 1/2) / 16) x, k = 0..15 (baseline: zero input),
                summed likewise; with the baseline's similarity cos(beta(0), B)

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


def input_attribution(model, x, u, alphas, k):
    total = torch.zeros_like(x)
    for alpha in alphas:
        xa = (alpha * x).clone().requires_grad_(True)
        (unit(model(xa)[0])[0] @ u).backward()
        total += xa.grad
    contribution = (x * total / len(alphas))[0].sum(0)      # [S, S]
    return cells(contribution, k).detach().numpy().reshape(-1)


def baseline_score(model, x, u):
    with torch.no_grad():
        return float(unit(model(torch.zeros_like(x))[0])[0] @ u)


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
            ig = input_attribution(model, x, u, [(i + 0.5) / STEPS for i in range(STEPS)], k)
            m.setdefault("integrated-gradients", {})[name] = ref.as_grid(ig, k)
            m["integrated-gradients"][name + "_baseline"] = baseline_score(model, x, u)
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
    # the checks the Java tests rely on: integrated gradients sum to score - baseline (rule error)
    for key in ("vit_mean", "resnet"):
        for e in doc[key]:
            ig = np.array(e["maps"]["integrated-gradients"]["a"]).sum()
            gap = e["score"] - e["maps"]["integrated-gradients"]["a_baseline"]
            print(f"{key} {e['a']}: IG sum {ig:.5f} vs score - baseline {gap:.5f}")
    with open(os.path.join(FIX, "expected_gradients.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Integrated gradients of the committed TorchScript fixtures (script_cnn.pt, script_vit.pt), made
ONCE with torch autograd, from each baseline pairviz offers (black, the image's mean colour, its
blurred copy; defined on the photo and normalised with ImageNet statistics as the image is), 16
steps of the midpoint rule: (x - x') * mean_k d cos / dx at x' + ((k + 1/2) / 16) (x - x'), summed
over each cell; with the baseline's similarity. The pair and the embedding (mean of the CNN's
tokens, the transformer's class token) are those of make_torchscript_fixtures.py, whose archives
are loaded, not rebuilt. Writes src/test/resources/fixtures/expected_torchscript_ig.json.
Usage: /usr/bin/python3 src/test/python/make_torchscript_ig_fixtures.py   (from the repository root)
"""
from __future__ import annotations

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_gradient_fixtures as grads  # noqa: E402
import make_torchscript_fixtures as ts  # noqa: E402
import pairviz_reference as ref  # noqa: E402

STEPS = 16


def attribution(model, x, start, u, k, cls):
    total = torch.zeros_like(x)
    for alpha in grads.alphas(STEPS):
        xa = (start + alpha * (x - start)).clone().requires_grad_(True)
        (ts.unit(ts.embedding(model, xa, cls))[0] @ u).backward()
        total += xa.grad
    return ts.cells(((x - start) * total / STEPS)[0].sum(0), k).detach().numpy().reshape(-1)


def main():
    torch.set_num_threads(1)
    doc = {"generator": "src/test/python/make_torchscript_ig_fixtures.py (torch " + torch.__version__ + ", autograd)",
           "steps": STEPS}
    for key, file, cls in (("cnn", "script_cnn.pt", False), ("vit", "script_vit.pt", True)):
        model = torch.jit.load(os.path.join(ts.FIX, file))
        xs = {n: ref.preprocess(os.path.join(ts.FIX, f"{n}_{ts.SIZE}.png"), ts.SIZE)[0] for n in ("blob0", "blob1")}
        with torch.no_grad():
            us = {n: ts.unit(ts.embedding(model, x, cls))[0] for n, x in xs.items()}
        pair = {"a": f"blob0_{ts.SIZE}.png", "b": f"blob1_{ts.SIZE}.png", "score": float(us["blob0"] @ us["blob1"]),
                "maps": {}}
        for kind in grads.BASELINES:
            m = pair["maps"].setdefault(f"integrated-gradients/{kind}", {})
            for side, name, u in (("a", "blob0", us["blob1"]), ("b", "blob1", us["blob0"])):
                start = grads.baseline_input(xs[name], kind)
                m[side] = ref.as_grid(attribution(model, xs[name], start, u, 4, cls), 4)
                with torch.no_grad():
                    m[side + "_baseline"] = float(ts.unit(ts.embedding(model, start, cls))[0] @ u)
            print(key, kind, "sum", float(sum(map(sum, m["a"]))), "score - baseline", pair["score"] - m["a_baseline"])
        doc[key] = pair
    with open(os.path.join(ts.FIX, "expected_torchscript_ig.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

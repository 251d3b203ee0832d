"""Shared pieces of the ViT-family references (issue 14): inputs, random weights, attention, output files.

Each family script in this folder builds a tiny network whose modules carry EXACTLY the attribute
names of the library it imitates (so ``state_dict()`` yields the library's tensor names, shapes
and order), fills it with seeded random weights, runs the library's forward written out in plain
torch, and writes ``src/test/resources/fixtures/families/<id>/``: the weights (``torch.save`` of
the state dict), a Hugging Face ``config.json`` where the family ships one, and ``expected.json``.

Run with Debian's torch 1.13:  /usr/bin/python3 src/test/python/families/make_all.py
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pairviz_reference import f32list  # noqa: E402  (float32 shortest round-trip lists)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "fixtures", "families")

# Default tiny sizes (the brief: width 32, 2 layers, 2 heads, MLP 64).
WIDTH, DEPTH, HEADS, MLP = 32, 2, 2, 64
BATCH = 3

INPUT_FORMULA = ("x[b][c][i][j] = (float32) (sin(0.31*(b+1)*i + 0.17*(c+1)*j + 1.3*b + 0.7*c)"
                 " + 0.5*cos(0.13*(i+1)*(j+1)/(b+1) + 0.3*c)), computed in double; b image, c channel"
                 " (RGB), i row, j column, all 0-based; fed to the network as is (already 'normalised')")


def test_images(size, batch=BATCH):
    """The deterministic inputs [B, 3, S, S] (float32) of INPUT_FORMULA."""
    b, c, i, j = np.meshgrid(np.arange(batch), np.arange(3), np.arange(size), np.arange(size), indexing="ij")
    v = (np.sin(0.31 * (b + 1) * i + 0.17 * (c + 1) * j + 1.3 * b + 0.7 * c)
         + 0.5 * np.cos(0.13 * (i + 1) * (j + 1) / (b + 1) + 0.3 * c))
    return torch.from_numpy(v.astype(np.float32))


# ----------------------------------------------------------------------------------------------
# Numerics shared by every reference
# ----------------------------------------------------------------------------------------------

def quick_gelu(x):
    """OpenAI CLIP's QuickGELU (clip/model.py QuickGELU; HF ACT2FN['quick_gelu'])."""
    return x * torch.sigmoid(1.702 * x)


def gelu(x):
    """Exact (erf) GELU: torch nn.GELU() default, HF ACT2FN['gelu']."""
    return F.gelu(x)


def attention(q, k, v, heads):
    """softmax(q k^T / sqrt(head_dim)) v per head; q, k, v [B, T, D] -> ([B, T, D], probs [B, H, T, T])."""
    b, t, d = q.shape
    hd = d // heads

    def split(x):  # [B, T, D] -> [B, H, T, hd]
        return x.reshape(b, t, heads, hd).permute(0, 2, 1, 3)

    scores = split(q) @ split(k).transpose(-2, -1) * hd ** -0.5  # [B, H, T, T]
    probs = scores.softmax(dim=-1)
    out = (probs @ split(v)).permute(0, 2, 1, 3).reshape(b, t, d)  # [B, T, D]
    return out, probs


def fused_qkv_attention(x, weight, bias, heads):
    """Attention with one fused projection [3D, D] (timm qkv, DINOv2 qkv, nn.MultiheadAttention in_proj)."""
    q, k, v = F.linear(x, weight, bias).chunk(3, dim=-1)
    return attention(q, k, v, heads)[0]


def self_check():
    """The attention used here against torch's own nn.MultiheadAttention (what OpenAI CLIP runs)."""
    g = torch.Generator().manual_seed(7)
    mha = nn.MultiheadAttention(WIDTH, HEADS)
    with torch.no_grad():
        for p in mha.parameters():
            p.copy_(torch.randn(p.shape, generator=g) * 0.3)
    x = torch.randn(2, 5, WIDTH, generator=g)
    want = mha(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1), need_weights=False)[0].transpose(0, 1)
    got = F.linear(fused_qkv_attention(x, mha.in_proj_weight, mha.in_proj_bias, HEADS),
                   mha.out_proj.weight, mha.out_proj.bias)
    err = (want - got).abs().max().item()
    assert err < 1e-5, f"attention self-check failed: {err}"


# ----------------------------------------------------------------------------------------------
# Random weights
# ----------------------------------------------------------------------------------------------

NORMS = (nn.LayerNorm,)


def randomize(model, seed, scale_of=None):
    """Seeded, non-trivial weights for every parameter: LayerNorm weight 1 +- 0.25 and bias +-0.1,
    layer-scale factors in [0.3, 1.3], matrices ~ N(0, 1/fan_in), biases ~ N(0, 0.1^2), tokens and
    position embeddings ~ N(0, 0.5^2). ``scale_of(name)`` may override the scale of a name."""
    g = torch.Generator().manual_seed(seed)
    norm_params = {f"{m}.{p}" if m else p for m, mod in model.named_modules() if isinstance(mod, NORMS)
                   for p, _ in mod.named_parameters(recurse=False)}
    with torch.no_grad():
        for name, p in model.named_parameters():
            leaf = name.rsplit(".", 1)[-1]
            n = torch.randn(p.shape, generator=g)
            if name in norm_params:
                p.copy_(1 + 0.25 * n if leaf == "weight" else 0.1 * n)
            elif leaf in ("gamma", "lambda1"):
                p.copy_(0.3 + torch.rand(p.shape, generator=g))
            elif p.dim() >= 2 and leaf in ("weight", "in_proj_weight", "proj", "text_projection"):
                fan_in = p.shape[1] * (p[0, 0].numel() if p.dim() > 2 else 1)
                if leaf in ("proj", "text_projection"):  # OpenAI stores [D, E]: x @ proj
                    fan_in = p.shape[0]
                p.copy_(n * fan_in ** -0.5)
            elif leaf in ("bias", "in_proj_bias"):
                p.copy_(0.1 * n)
            else:
                p.copy_(0.5 * n)
            if scale_of is not None and scale_of(name) is not None:
                p.copy_(scale_of(name))


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------

def cosine(e):
    """Pairwise cosine similarity [B, B] of embeddings [B, E]."""
    n = F.normalize(e.double(), dim=-1)
    return (n @ n.T).float()


def shapes(state):
    return OrderedDict((k, list(v.shape)) for k, v in state.items())


def write_family(fid, state, doc, weights_name=None, config=None):
    """Writes <OUT>/<fid>/{weights, config.json, expected.json}; returns the folder."""
    folder = os.path.join(OUT, fid)
    os.makedirs(folder, exist_ok=True)
    weights_name = weights_name or f"{fid}.pth"
    path = os.path.join(folder, weights_name)
    with tempfile.TemporaryDirectory(dir=folder) as tmpdir:  # saved under its own name: torch.save
        tmp = os.path.join(tmpdir, weights_name)                 # names the zip's folder after the file
        torch.save(state, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    if config is not None:
        write_json(os.path.join(folder, "config.json"), config, indent=2)
    doc = OrderedDict([("family", fid), ("weights", weights_name)] + list(doc.items()))
    doc["state_dict"] = shapes(state)
    write_json(os.path.join(folder, "expected.json"), doc)
    return folder


def write_json(path, doc, indent=None):
    text = json.dumps(doc, indent=indent, separators=None if indent else (",", ":"))
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(fd, "w") as f:
        f.write(text + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def outputs(images, embedding, embedding_what, tokens=None, tokens_what=None, extra=None):
    """The common part of expected.json: input, embedding per image, cosine, tokens of image 0."""
    doc = OrderedDict()
    doc["input"] = OrderedDict([("formula", INPUT_FORMULA), ("shape", list(images.shape)),
                                ("sums", f32list(images.double().sum(dim=(1, 2, 3))))])
    doc["embedding"] = OrderedDict([("what", embedding_what), ("shape", list(embedding.shape)),
                                    ("values", f32list(embedding))])
    doc["cosine"] = f32list(cosine(embedding))
    for name, (what, value) in (extra or {}).items():
        doc[name] = OrderedDict([("what", what), ("shape", list(value.shape)), ("values", f32list(value))])
    if tokens is not None:
        doc["tokens_image0"] = OrderedDict([("what", tokens_what), ("shape", list(tokens[0].shape)),
                                            ("values", f32list(tokens[0]))])
    return doc


def setup():
    torch.set_num_threads(1)  # deterministic float32 reductions
    torch.manual_seed(0)
    self_check()


def math_sqrt_int(n):
    r = int(math.isqrt(n))
    assert r * r == n, n
    return r

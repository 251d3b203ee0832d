"""Independent Python/torch reference of docs/reference.md sections 1-4 (and the preprocessing of 5).

Written only from the description of the authors' behaviour that docs/reference.md holds; used
to produce the numerical fixtures that the Java implementation is tested against. Run with /usr/bin/python3 (torch 1.13, numpy, PIL).

Contents:
  * ``ViTEmbedder``      -- ViT embedding network, state_dict names exactly as the authors'.
  * ``BiTResNetV2``      -- BiT ResNet-v2 embedding network, authors' names.
  * ``load_state_dict`` / ``save_safetensors`` / ``read_safetensors`` -- checkpoints (.pth or
    .safetensors; a leading ``module.`` on every name is stripped).
  * ``build_model``      -- infer the architecture from a state dict.
  * ``preprocess``       -- PIL open -> RGB -> bilinear resize (S,S) -> /255 -> normalise.
  * ``decompose``        -- pairwise similarity decomposition (score, S, mapA, mapB).
  * ``rollout``, ``redistribute``, ``output_agnostic``, ``paired_maps``, ``class_map``.

Conventions (all 0-based):
  * tokens are row-major over the K x K grid (y then x);
  * ``start`` is the first layer used by rollout: R = Ahat[L-1] @ ... @ Ahat[start];
    start 0 uses every layer (the authors' default);
  * with class-token pooling the attention maps are (N+1) x (N+1), token 0 is the class token;
    paired maps live on the N patch tokens 1..N, so rollout uses the patch block R[1:, 1:]
    (identical to padding the map with a 0 for the class token and dropping entry 0 after
    multiplying by the full R); the output-agnostic map is R[0, 1:].
"""

from __future__ import annotations

import json
import math
import struct
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
SOP_MEAN = (0.5807, 0.5396, 0.5044)
SOP_STD = (0.2901, 0.2974, 0.3095)
NORMALISATIONS = {"imagenet": (IMAGENET_MEAN, IMAGENET_STD), "sop": (SOP_MEAN, SOP_STD)}

LN_EPS = 1e-6
GN_EPS = 1e-5
GN_GROUPS = 32
STD_CONV_EPS = 1e-10

MODES = ("none", "reference", "conservative")
FUSIONS = ("mean", "min", "max")
POOLINGS = ("mean", "cls")


# ----------------------------------------------------------------------------------------------
# ViT (docs/reference.md section 1)
# ----------------------------------------------------------------------------------------------

class _Embeddings(nn.Module):
    def __init__(self, patch: int, width: int, tokens: int):
        super().__init__()
        self.patch_embeddings = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=True)
        self.position_embeddings = nn.Parameter(torch.zeros(1, tokens + 1, width))
        self.cls_token = nn.Parameter(torch.zeros(1, 1, width))


class _Attention(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        if width % heads != 0:
            raise ValueError(f"width {width} is not divisible by {heads} heads")
        self.heads = heads
        self.query = nn.Linear(width, width)
        self.key = nn.Linear(width, width)
        self.value = nn.Linear(width, width)
        self.out = nn.Linear(width, width)

    def _split(self, t: torch.Tensor) -> torch.Tensor:
        b, n, d = t.shape                                   # [B,T,D]
        return t.view(b, n, self.heads, d // self.heads).permute(0, 2, 1, 3)   # [B,H,T,D/H]

    def forward(self, x: torch.Tensor):
        b, n, d = x.shape                                   # [B,T,D]
        q, k, v = self._split(self.query(x)), self._split(self.key(x)), self._split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // self.heads)   # [B,H,T,T]
        probs = torch.softmax(scores, dim=-1)               # rows = queries, columns = keys
        ctx = (probs @ v).permute(0, 2, 1, 3).reshape(b, n, d)          # [B,T,D]
        return self.out(ctx), probs


class _Mlp(nn.Module):
    def __init__(self, width: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(width, hidden)
        self.fc2 = nn.Linear(hidden, width)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))                # exact erf GELU


class _Block(nn.Module):
    def __init__(self, width: int, heads: int, hidden: int):
        super().__init__()
        self.attention_norm = nn.LayerNorm(width, eps=LN_EPS)
        self.attn = _Attention(width, heads)
        self.ffn_norm = nn.LayerNorm(width, eps=LN_EPS)
        self.ffn = _Mlp(width, hidden)

    def forward(self, x):
        h, probs = self.attn(self.attention_norm(x))
        x = x + h
        x = x + self.ffn(self.ffn_norm(x))
        return x, probs


class _Encoder(nn.Module):
    def __init__(self, width: int, depth: int, heads: int, hidden: int):
        super().__init__()
        self.layer = nn.ModuleList([_Block(width, heads, hidden) for _ in range(depth)])
        self.encoder_norm = nn.LayerNorm(width, eps=LN_EPS)


class _Transformer(nn.Module):
    def __init__(self, patch, width, tokens, depth, heads, hidden):
        super().__init__()
        self.embeddings = _Embeddings(patch, width, tokens)
        self.encoder = _Encoder(width, depth, heads, hidden)


class ViTEmbedder(nn.Module):
    """ViT embedding network of docs/reference.md section 1.

    forward(x [B,3,S,S]) -> (beta [B,E], alpha [B,N,E], attentions: list of L tensors [B,H,T,T])
    with T = N (mean pooling, class token dropped) or N+1 (class-token pooling, token 0 = class).
    """

    def __init__(self, image_size=256, patch=16, width=768, depth=12, heads=12, mlp=3072,
                 embed=512, pooling="mean"):
        super().__init__()
        if pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}")
        if image_size % patch != 0:
            raise ValueError(f"image size {image_size} is not a multiple of patch {patch}")
        self.image_size, self.patch, self.pooling = image_size, patch, pooling
        self.grid = image_size // patch
        self.tokens = self.grid * self.grid
        self.transformer = _Transformer(patch, width, self.tokens, depth, heads, mlp)
        self.head = nn.Linear(width, embed)

    def forward(self, x: torch.Tensor):
        emb = self.transformer.embeddings
        p = emb.patch_embeddings(x)                         # [B,D,K,K]
        p = p.flatten(2).transpose(1, 2)                    # [B,N,D] row-major (y then x)
        cls = emb.cls_token.expand(p.shape[0], -1, -1)      # [B,1,D]
        h = torch.cat([cls, p], dim=1) + emb.position_embeddings   # [B,N+1,D]
        if self.pooling == "mean":
            h = h[:, 1:]                                    # drop class token: [B,N,D]
        attentions = []
        for block in self.transformer.encoder.layer:
            h, probs = block(h)
            attentions.append(probs)                        # [B,H,T,T]
        h = self.transformer.encoder.encoder_norm(h)
        tokens = self.head(h)                               # [B,T,E], head on every token
        if self.pooling == "mean":
            alpha = tokens
            beta = alpha.mean(dim=1)                        # [B,E]
        else:
            alpha = tokens[:, 1:]                           # [B,N,E] patch tokens
            beta = tokens[:, 0]                             # [B,E] class token
        return beta, alpha, attentions


# ----------------------------------------------------------------------------------------------
# BiT ResNet-v2 (docs/reference.md section 2)
# ----------------------------------------------------------------------------------------------

class StdConv2d(nn.Conv2d):
    """Weight-standardised convolution: each output filter -> (w - mean) / sqrt(var + 1e-10)."""

    def forward(self, x):
        w = self.weight                                     # [out,in,kh,kw]
        mean = w.mean(dim=(1, 2, 3), keepdim=True)
        var = ((w - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True)   # biased variance
        w = (w - mean) / torch.sqrt(var + STD_CONV_EPS)
        return F.conv2d(x, w, self.bias, self.stride, self.padding)


class _Root(nn.Module):
    def __init__(self, cout):
        super().__init__()
        self.conv = StdConv2d(3, cout, kernel_size=7, stride=2, padding=3, bias=False)

    def forward(self, x):
        x = self.conv(x)
        x = F.pad(x, (1, 1, 1, 1), value=0.0)
        return F.max_pool2d(x, kernel_size=3, stride=2, padding=0)


class _Unit(nn.Module):
    """Pre-activation bottleneck unit."""

    def __init__(self, cin, cmid, cout, stride):
        super().__init__()
        self.gn1 = nn.GroupNorm(GN_GROUPS, cin, eps=GN_EPS)
        self.conv1 = StdConv2d(cin, cmid, kernel_size=1, bias=False)
        self.gn2 = nn.GroupNorm(GN_GROUPS, cmid, eps=GN_EPS)
        self.conv2 = StdConv2d(cmid, cmid, kernel_size=3, stride=stride, padding=1, bias=False)
        self.gn3 = nn.GroupNorm(GN_GROUPS, cmid, eps=GN_EPS)
        self.conv3 = StdConv2d(cmid, cout, kernel_size=1, bias=False)
        if stride != 1 or cin != cout:
            self.downsample = StdConv2d(cin, cout, kernel_size=1, stride=stride, bias=False)
        else:
            self.downsample = None

    def forward(self, x):
        out = F.relu(self.gn1(x))
        residual = x if self.downsample is None else self.downsample(out)
        out = self.conv1(out)
        out = self.conv2(F.relu(self.gn2(out)))
        out = self.conv3(F.relu(self.gn3(out)))
        return out + residual


class _Head(nn.Module):
    def __init__(self, cin, embed):
        super().__init__()
        self.gn = nn.GroupNorm(GN_GROUPS, cin, eps=GN_EPS)
        # Plain (NOT weight-standardised) 1x1 conv with bias, as in the authors' code.
        self.conv = nn.Conv2d(cin, embed, kernel_size=1, bias=True)

    def forward(self, x):
        return self.conv(F.relu(self.gn(x)))


class BiTResNetV2(nn.Module):
    """BiT ResNet-v2 embedding network of docs/reference.md section 2.

    ``units``: units per stage (e.g. [3,4,23,3] for r101); ``widths``: (cmid, cout) per stage
    (default: the standard widths times ``width_factor``); ``root_width``: root conv channels.
    forward(x) -> (beta [B,E], alpha [B,K*K,E], []).
    """

    def __init__(self, units=(3, 4, 23, 3), width_factor=1.0, embed=512, widths=None,
                 root_width=None):
        super().__init__()
        wf = width_factor
        if widths is None:
            widths = [(int(c * wf), int(4 * c * wf)) for c in (64, 128, 256, 512)][:len(units)]
        if root_width is None:
            root_width = int(64 * wf)
        self.root = _Root(root_width)
        self.body = nn.Module()
        cin = root_width
        for s, (n_units, (cmid, cout)) in enumerate(zip(units, widths)):
            stage = nn.Module()
            for u in range(n_units):
                stride = 2 if (s > 0 and u == 0) else 1
                stage.add_module(f"unit{u + 1:02d}", _Unit(cin, cmid, cout, stride))
                cin = cout
            self.body.add_module(f"block{s + 1}", stage)
        self.head = _Head(cin, embed)

    def forward(self, x):
        h = self.root(x)
        for stage in self.body.children():
            for unit in stage.children():
                h = unit(h)
        h = self.head(h)                                    # [B,E,K,K]
        alpha = h.flatten(2).transpose(1, 2)                # [B,K*K,E] row-major
        beta = alpha.mean(dim=1)                            # [B,E]
        return beta, alpha, []


# ----------------------------------------------------------------------------------------------
# Checkpoints
# ----------------------------------------------------------------------------------------------

def strip_module(sd):
    """Remove a leading ``module.`` from every name (data-parallel checkpoints)."""
    if sd and all(k.startswith("module.") for k in sd):
        return OrderedDict((k[len("module."):], v) for k, v in sd.items())
    return OrderedDict(sd)


def save_safetensors(path, sd, metadata=None):
    """Write float32 tensors in the safetensors format (written by hand: the package is absent).

    Layout: u64 little-endian header length, JSON header {name: {dtype, shape, data_offsets}}
    padded with spaces to a multiple of 8, then the raw little-endian data.
    """
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = dict(metadata)
    for name, t in sd.items():
        a = np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))
        raw = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    base = 8 + n
    sd = OrderedDict()
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        a = np.frombuffer(data[base + start:base + end], dtype="<f4").reshape(info["shape"])
        sd[name] = torch.from_numpy(a.copy())
    return sd


def load_state_dict(path):
    """Load a .pth (torch.save) or .safetensors state dict; strip a ``module.`` prefix."""
    if str(path).endswith(".safetensors"):
        sd = read_safetensors(path)
    else:
        obj = torch.load(path, map_location="cpu")
        if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
            obj = obj["state_dict"]
        sd = OrderedDict((k, v) for k, v in obj.items() if torch.is_tensor(v))
    return strip_module(sd)


def build_vit(sd, heads, pooling="mean"):
    """ViT whose sizes are read from the state dict; ``heads`` cannot be inferred."""
    pw = sd["transformer.embeddings.patch_embeddings.weight"]       # [D,3,P,P]
    width, patch = pw.shape[0], pw.shape[2]
    tokens = sd["transformer.embeddings.position_embeddings"].shape[1] - 1
    grid = int(round(math.sqrt(tokens)))
    if grid * grid != tokens:
        raise ValueError(f"position embeddings give {tokens} tokens, not a square grid")
    depth = 1 + max(int(k.split(".")[3]) for k in sd if k.startswith("transformer.encoder.layer."))
    mlp = sd["transformer.encoder.layer.0.ffn.fc1.weight"].shape[0]
    embed = sd["head.weight"].shape[0]
    model = ViTEmbedder(grid * patch, patch, width, depth, heads, mlp, embed, pooling)
    model.load_state_dict(sd, strict=True)
    return model.eval()


def build_resnet(sd):
    """BiT ResNet-v2 whose stages, units and widths are read from the state dict."""
    units, widths = [], []
    s = 1
    while f"body.block{s}.unit01.conv1.weight" in sd:
        u = 1
        while f"body.block{s}.unit{u + 1:02d}.conv1.weight" in sd:
            u += 1
        units.append(u)
        widths.append((sd[f"body.block{s}.unit01.conv1.weight"].shape[0],
                       sd[f"body.block{s}.unit01.conv3.weight"].shape[0]))
        s += 1
    root_width = sd["root.conv.weight"].shape[0]
    embed = sd["head.conv.weight"].shape[0]
    model = BiTResNetV2(units, embed=embed, widths=widths, root_width=root_width)
    model.load_state_dict(sd, strict=True)
    return model.eval()


def build_model(sd, kind, heads=None, pooling="mean"):
    if kind == "vit":
        return build_vit(sd, heads, pooling)
    if kind == "resnet":
        return build_resnet(sd)
    raise ValueError(f"unknown model kind {kind}")


# ----------------------------------------------------------------------------------------------
# Preprocessing (docs/reference.md section 5, first item)
# ----------------------------------------------------------------------------------------------

_BILINEAR = getattr(Image, "Resampling", Image).BILINEAR


def preprocess(path, size, mean=IMAGENET_MEAN, std=IMAGENET_STD):
    """PIL open -> RGB -> resize (size,size) bilinear (as torchvision Resize on a PIL image)
    -> /255 -> (x - mean) / std. Returns (x [1,3,S,S] float32, debug dict)."""
    with Image.open(path) as im:
        rgb = im.convert("RGB")
    resized = rgb.resize((size, size), _BILINEAR)
    u8 = np.asarray(resized, dtype=np.uint8)                # [S,S,3]
    x = torch.from_numpy(u8.copy()).permute(2, 0, 1).float().div(255.0)   # [3,S,S]
    m = torch.tensor(mean, dtype=torch.float32).view(3, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(3, 1, 1)
    x = (x - m) / s
    debug = {"resized_rgb_sum": int(u8.astype(np.int64).sum()),
             "input_sum": float(x.sum()),
             "input_channel_sums": [float(v) for v in x.sum(dim=(1, 2))]}
    return x.unsqueeze(0), debug


@torch.no_grad()
def embed(model, x):
    """-> (beta [E], alpha [N,E], attentions [L,H,T,T] or None), float32 numpy."""
    beta, alpha, att = model(x)
    atts = np.stack([a[0].numpy() for a in att]) if att else None
    return beta[0].numpy(), alpha[0].numpy(), atts


# ----------------------------------------------------------------------------------------------
# Decomposition (docs/reference.md section 3) -- float32 numpy, as the authors
# ----------------------------------------------------------------------------------------------

def decompose(alpha_a, beta_a, alpha_b, beta_b):
    """-> dict(score, S [N,N] (rows = tokens of A), map_a [N], map_b [N]), all float32."""
    alpha_a, beta_a = np.asarray(alpha_a, np.float32), np.asarray(beta_a, np.float32)
    alpha_b, beta_b = np.asarray(alpha_b, np.float32), np.asarray(beta_b, np.float32)
    na, nb = np.linalg.norm(beta_a), np.linalg.norm(beta_b)
    score = np.dot(beta_a / na, beta_b / nb)
    a = alpha_a / na / alpha_a.shape[0]                     # [N,E]
    b = alpha_b / nb / alpha_b.shape[0]                     # [N,E]
    s = a @ b.T                                             # [N,N]
    return {"score": np.float32(score), "S": s, "map_a": s.sum(axis=1), "map_b": s.sum(axis=0)}


# ----------------------------------------------------------------------------------------------
# Rollout and redistribution (docs/reference.md section 4)
# ----------------------------------------------------------------------------------------------

def fuse_heads(att, fusion):
    """att [H,T,T] -> [T,T] by mean/min/max over heads."""
    if fusion == "mean":
        return att.mean(axis=0)
    if fusion == "min":
        return att.min(axis=0)
    if fusion == "max":
        return att.max(axis=0)
    raise ValueError(f"fusion must be one of {FUSIONS}")


def rollout(attentions, fusion="mean", start=0):
    """attentions [L,H,T,T] -> R [T,T] = Ahat[L-1] @ ... @ Ahat[start] (0-based start)."""
    attentions = np.asarray(attentions, np.float32)
    depth, t = attentions.shape[0], attentions.shape[-1]
    if not 0 <= start < depth:
        raise ValueError(f"start layer {start} outside 0..{depth - 1}")
    eye = np.eye(t, dtype=np.float32)
    r = None
    for layer in range(start, depth):
        a = fuse_heads(attentions[layer], fusion) + eye
        a = a / a.sum(axis=-1, keepdims=True)
        r = a if r is None else a @ r
    return r


def patch_block(r, pooling):
    """The N x N patch-to-patch part of R (all of R for mean pooling, R[1:,1:] for cls)."""
    return r if pooling == "mean" else r[1:, 1:]


def redistribute(r_patch, flat_map, mode):
    """mode none: map; reference: R @ map; conservative: R^T @ map (R is N x N)."""
    if mode == "none":
        return flat_map
    if mode == "reference":
        return r_patch @ flat_map
    if mode == "conservative":
        return r_patch.T @ flat_map
    raise ValueError(f"mode must be one of {MODES}")


def output_agnostic(r, pooling):
    """Mean pooling: column means of R; class token: R[0, 1:]. -> [N]."""
    return r.mean(axis=0) if pooling == "mean" else r[0, 1:]


def paired_maps(img_a, img_b, mode="none", fusion="mean", start=0, pooling="mean"):
    """img_* = (beta, alpha, attentions). -> (score, map_a [N], map_b [N], S)."""
    beta_a, alpha_a, att_a = img_a
    beta_b, alpha_b, att_b = img_b
    d = decompose(alpha_a, beta_a, alpha_b, beta_b)
    map_a, map_b = d["map_a"], d["map_b"]
    if mode != "none":
        if att_a is None:
            raise ValueError("rollout modes need attention maps (ViT only)")
        map_a = redistribute(patch_block(rollout(att_a, fusion, start), pooling), map_a, mode)
        map_b = redistribute(patch_block(rollout(att_b, fusion, start), pooling), map_b, mode)
    return d["score"], map_a, map_b, d["S"]


def class_map(query, gallery, mode="none", fusion="mean", start=0, pooling="mean"):
    """Sum over the gallery of the query's paired map (query on the A side). -> [N]."""
    total = None
    for g in gallery:
        _, m, _, _ = paired_maps(query, g, mode, fusion, start, pooling)
        total = m if total is None else total + m
    return total


def class_map_via_sum(query, gallery, mode="none", fusion="mean", start=0, pooling="mean"):
    """ONE paired map against the sum of the normalised gallery embeddings. Equals
    ``class_map`` when beta is the mean of alpha (mean pooling) -- not with class-token pooling."""
    beta_q, alpha_q, att_q = query
    bsum = sum(np.asarray(g[0], np.float32) / np.linalg.norm(g[0]) for g in gallery)
    a = alpha_q / np.linalg.norm(beta_q) / alpha_q.shape[0]
    m = (a @ bsum).astype(np.float32)                        # [N]
    if mode != "none":
        m = redistribute(patch_block(rollout(att_q, fusion, start), pooling), m, mode)
    return m


def grid_of(n_tokens):
    k = int(round(math.sqrt(n_tokens)))
    if k * k != n_tokens:
        raise ValueError(f"{n_tokens} tokens is not a square grid")
    return k


# ----------------------------------------------------------------------------------------------
# Random, non-degenerate initialisation of test models
# ----------------------------------------------------------------------------------------------

@torch.no_grad()
def randomise_vit(model, seed, qk_gain=1.8):
    """Weights N(0, 1/fan_in) (query/key scaled by ``qk_gain`` so attention is peaky), small
    nonzero biases, LayerNorm weights 1 + noise, position embeddings N(0, 0.5^2)."""
    g = torch.Generator().manual_seed(seed)

    def normal(p, mean, std):
        p.copy_(torch.normal(mean, std, p.shape, generator=g))

    for name, p in model.named_parameters():
        if name.endswith("position_embeddings"):
            normal(p, 0.0, 0.5)
        elif name.endswith("cls_token"):
            normal(p, 0.0, 1.0)
        elif "norm" in name:
            normal(p, 1.0 if name.endswith("weight") else 0.0, 0.1 if name.endswith("weight") else 0.05)
        elif name.endswith("bias"):
            normal(p, 0.0, 0.05)
        else:
            fan_in = p[0].numel()
            gain = qk_gain if (".attn.query." in name or ".attn.key." in name) else 1.0
            normal(p, 0.0, gain / math.sqrt(fan_in))
    return model


@torch.no_grad()
def randomise_resnet(model, seed):
    """Conv weights N(0, 1/fan_in) (scale is irrelevant for standardised convs), GroupNorm
    weights 1 + N(0, 0.2^2), biases N(0, 0.1^2), head conv bias N(0, 0.05^2)."""
    g = torch.Generator().manual_seed(seed)
    for name, p in model.named_parameters():
        if ".gn" in name or name.startswith("head.gn"):
            mean, std = (1.0, 0.2) if name.endswith("weight") else (0.0, 0.1)
        elif name.endswith("bias"):
            mean, std = 0.0, 0.05
        else:
            mean, std = 0.0, 1.0 / math.sqrt(p[0].numel())
        p.copy_(torch.normal(mean, std, p.shape, generator=g))
    return model


def data_parallel_state_dict(model):
    """The state dict as the authors saved it: from an nn.DataParallel wrapper, every name
    prefixed ``module.`` (works on CPU: the wrapper only renames)."""
    return nn.DataParallel(model).state_dict()


# ----------------------------------------------------------------------------------------------
# JSON helpers
# ----------------------------------------------------------------------------------------------

def f32list(a):
    """Nested lists of floats printed with float32's shortest round-trip repr."""
    a = np.asarray(a, dtype=np.float32)
    if a.ndim == 0:
        return float(str(np.float32(a)))
    return [f32list(v) for v in a] if a.ndim > 1 else [float(str(v)) for v in a]


def as_grid(flat, k):
    return f32list(np.asarray(flat, np.float32).reshape(k, k))

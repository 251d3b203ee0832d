"""Position-embedding interpolation fixture: a 4 x 4 grid resampled to 5 x 5, 6 x 6 and 3 x 3.

Each case is the library's own call on torch.nn.functional.interpolate, written out:
  * timm  (huggingface/pytorch-image-models timm/layers/pos_embed.py resample_abs_pos_embed):
    prefix tokens (num_prefix_tokens: class, distillation, registers) split off and put back
    unchanged; the grid [1, H, W, D] -> [1, D, H, W], float32, F.interpolate(size=new, mode='bicubic',
    antialias=True) (antialias defaults to True there and in checkpoint_filter_fn / _pos_embed /
    set_input_size; align_corners left at its default False); back to [1, H'W', D], row-major.
  * no antialias: the same with antialias=False: Hugging Face ViT / DeiT / CLIP / Dinov2
    interpolate_pos_encoding (mode='bicubic', align_corners=False) and timm before resample_abs_pos_embed.
  * Hugging Face Dinov2WithRegisters interpolate_pos_encoding: size=(h, w), bicubic, antialias=True
    (same numbers as timm's with one prefix token).
  * DINOv2 hub (facebookresearch/dinov2 DinoVisionTransformer.interpolate_pos_encoding):
    scale_factor = ((w0 + 0.1) / M, (h0 + 0.1) / M) instead of a size (interpolate_offset 0.1),
    bicubic, antialias False: the scale, not the size, sets the sampling positions.
torch's bicubic uses a = -0.75 without antialias and a = -0.5 (PIL's) with it, so the two differ even
when upsampling; resample_numpy rebuilds every case from the kernel formulas alone (weights_1d) and
the script fails unless it matches torch to 1e-5.
"""

from __future__ import annotations

import math
import os
from collections import OrderedDict

import numpy as np

import torch
import torch.nn.functional as F

import famref as R
from pairviz_reference import f32list

OLD, DIM = 4, 3


def cubic(d, a):
    """Keys' cubic convolution kernel; torch uses a = -0.75 (plain bicubic) and a = -0.5 (antialias)."""
    d = abs(d)
    if d <= 1:
        return ((a + 2) * d - (a + 3)) * d * d + 1
    if d < 2:
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a
    return 0.0


def weights_1d(n_in, n_out, antialias, scale=None):
    """[n_out, n_in] interpolation matrix of one axis, as torch computes it (align_corners=False).
    ``scale`` = input / output step (n_in / n_out for a size; 1 / scale_factor when one is given)."""
    scale = n_in / n_out if scale is None else scale
    m = np.zeros((n_out, n_in))
    for i in range(n_out):
        if not antialias:  # upsample_bicubic2d: src = (i + 0.5) * scale - 0.5, taps x0-1..x0+2 clamped
            src = (i + 0.5) * scale - 0.5
            x0 = math.floor(src)
            for k in range(-1, 3):
                m[i, min(max(x0 + k, 0), n_in - 1)] += cubic(src - (x0 + k), -0.75)
        else:  # _upsample_bicubic2d_aa (PIL): support 2 * max(scale, 1), weights renormalised
            support = 2.0 * max(scale, 1.0)
            inv = 1.0 / max(scale, 1.0)
            center = scale * (i + 0.5)
            lo, hi = max(int(center - support + 0.5), 0), min(int(center + support + 0.5), n_in)
            w = np.array([cubic((j - center + 0.5) * inv, -0.5) for j in range(lo, hi)])
            m[i, lo:hi] = w / w.sum()
    return m


def resample_numpy(posemb, new, prefix, antialias=True, scale_factor=None):
    """The same resampling from the kernel formulas alone (separable: rows then columns)."""
    scale = None if scale_factor is None else 1.0 / scale_factor[0]
    m = weights_1d(OLD, new, antialias, scale)
    grid = posemb[0, prefix:].double().numpy().reshape(OLD, OLD, -1)  # [H, W, D]
    out = np.einsum("ih,jw,hwd->ijd", m, m, grid).reshape(new * new, -1)
    return np.concatenate([posemb[0, :prefix].double().numpy(), out], axis=0)


def resample(posemb, new, prefix, antialias=True, scale_factor=None):
    """posemb [1, prefix + OLD*OLD, D] -> [1, prefix + new*new, D]."""
    head, grid = posemb[:, :prefix], posemb[:, prefix:]
    grid = grid.float().reshape(1, OLD, OLD, -1).permute(0, 3, 1, 2)  # [1, D, H, W]
    if scale_factor is None:
        grid = F.interpolate(grid, size=(new, new), mode="bicubic", antialias=antialias)
    else:
        grid = F.interpolate(grid, scale_factor=scale_factor, mode="bicubic", antialias=antialias)
    assert grid.shape[-2:] == (new, new), grid.shape
    grid = grid.permute(0, 2, 3, 1).reshape(1, -1, posemb.shape[-1])  # [1, H'W', D], row-major
    return torch.cat([head, grid], dim=1)


def main():
    g = torch.Generator().manual_seed(1480)
    cases = []
    inputs = OrderedDict()
    for prefix in (1, 2, 0):
        posemb = torch.randn(1, prefix + OLD * OLD, DIM, generator=g)
        inputs[str(prefix)] = posemb
        for new in (5, 6, 3):
            variants = [("timm", dict(antialias=True)), ("no_antialias", dict(antialias=False))]
            if prefix == 1:
                off = (new + 0.1) / OLD
                variants.append(("dinov2_hub", dict(antialias=False, scale_factor=(off, off))))
            for name, kw in variants:
                out = resample(posemb, new, prefix, **kw)
                assert torch.equal(out[:, :prefix], posemb[:, :prefix])
                err = np.abs(resample_numpy(posemb, new, prefix, **kw) - out[0].double().numpy()).max()
                assert err < 1e-5, f"{name} {prefix} {new}: kernel formula differs from torch by {err}"
                cases.append(OrderedDict([("variant", name), ("num_prefix_tokens", prefix), ("old_grid", [OLD, OLD]),
                                          ("new_grid", [new, new]), ("antialias", kw["antialias"]),
                                          ("scale_factor", list(kw["scale_factor"]) if "scale_factor" in kw else None),
                                          ("output", f32list(out[0]))]))
    doc = OrderedDict([
        ("what", "position embeddings [1, P + 4*4, D] resampled to [1, P + n*n, D]; P prefix tokens kept as they"
                 " are, grid tokens row-major (row = y); values [T][D] without the leading 1"),
        ("variants", OrderedDict([
            ("timm", "timm resample_abs_pos_embed defaults: bicubic, antialias=True, align_corners=False, size=(n, n);"
                     " also Hugging Face Dinov2WithRegisters"),
            ("no_antialias", "bicubic, antialias=False, align_corners=False, size=(n, n): Hugging Face ViT, DeiT, CLIP,"
                             " Dinov2 interpolate_pos_encoding; timm's older resize_pos_embed"),
            ("dinov2_hub", "facebookresearch/dinov2: bicubic, antialias=False, scale_factor=((n + 0.1) / 4) per axis")])),
        ("inputs", OrderedDict((k, f32list(v[0])) for k, v in inputs.items())),
        ("cases", cases)])
    folder = os.path.join(R.OUT, "posembed")
    os.makedirs(folder, exist_ok=True)
    R.write_json(os.path.join(folder, "expected.json"), doc)


if __name__ == "__main__":
    R.setup()
    main()

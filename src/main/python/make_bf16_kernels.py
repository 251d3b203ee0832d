"""Writes the bfloat16 kernels pairviz runs through DJL's TorchScript loader.

DJL's PyTorch JNI (0.34) has no bfloat16 data type: creating a bfloat16 array from Java, or
converting one, terminates the JVM. Tensors that only pass through Java are fine, though: these
scripted modules take float32 activations, run the matrix product or convolution in bfloat16
inside libtorch (where CPUs with AMX or AVX512-BF16 have fast kernels) and hand float32 back.
Weights arrive either as float32 (training: the conversion is differentiable, so gradients reach
the float32 master weights) or already converted by `cast.pt` (inference: converted once, then
held by Java as an array whose type it never reads).

An absent bias is an empty tensor (DJL passes tensors only). Convolution settings arrive as an
int64 tensor [stride, padding].

Run once with any torch >= 1.13 (the files load in DJL's libtorch 2.7.1); the outputs are
committed under src/main/resources/pairviz/model/bf16/:
    python3 src/main/python/make_bf16_kernels.py
"""
import os
from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "pairviz", "model", "bf16")


def _bias(b: Tensor) -> Optional[Tensor]:
    if b.numel() == 0:
        return None
    return b.to(torch.bfloat16)


class Cast(torch.nn.Module):
    """x (any float type) -> x in bfloat16."""

    def forward(self, x: Tensor) -> Tensor:
        return x.to(torch.bfloat16)


class Linear(torch.nn.Module):
    """x [..., in] float32, w [out, in], b [out] or empty -> x w^T + b [..., out] float32."""

    def forward(self, x: Tensor, w: Tensor, b: Tensor) -> Tensor:
        return F.linear(x.to(torch.bfloat16), w.to(torch.bfloat16), _bias(b)).float()


class MatMul(torch.nn.Module):
    """a [..., n, k], b [..., k, m] float32 -> a b [..., n, m] float32."""

    def forward(self, a: Tensor, b: Tensor) -> Tensor:
        return torch.matmul(a.to(torch.bfloat16), b.to(torch.bfloat16)).float()


class Conv2d(torch.nn.Module):
    """x [B, I, H, W] float32, w [O, I / groups, k, k], b [O] or empty, cfg [stride, padding, groups] -> [B, O, H', W'] float32."""

    def forward(self, x: Tensor, w: Tensor, b: Tensor, cfg: Tensor) -> Tensor:
        stride = int(cfg[0])
        padding = int(cfg[1])
        groups = int(cfg[2])
        y = F.conv2d(x.to(torch.bfloat16), w.to(torch.bfloat16), _bias(b), [stride, stride], [padding, padding],
                     [1, 1], groups)
        return y.float()


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, module in [("cast", Cast()), ("linear", Linear()), ("matmul", MatMul()), ("conv2d", Conv2d())]:
        path = os.path.join(OUT, name + ".pt")
        torch.jit.script(module).save(path)
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""TorchScript fixtures for the error-message tests (issue 23, "messages that mislead"), made ONCE
with Debian's torch 1.13:

  script_raises.pt   its forward raises a RuntimeError that has nothing to do with the input size
                     ("this network refuses every input"); pairviz must report that line, not guess
                     at the input size.
  script_badjson.pt  a working network (features [B, 4, 4]) whose extra file pairviz.json is broken
                     JSON (a trailing comma on line 2).

Usage: /usr/bin/python3 src/test/python/make_message_fixtures.py   (from the repository root)
"""
import os

import torch
import torch.nn as nn

FIX = os.path.join("src", "test", "resources", "fixtures")


class Raises(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[0] > 0:
            raise RuntimeError("this network refuses every input")
        return x


class Tokens(nn.Module):
    def __init__(self):
        super().__init__()
        self.proj = nn.Linear(3, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # images [B, 3, 8, 8] -> 2 x 2 grid of 4-d features [B, 4, 4]
        pooled = nn.functional.avg_pool2d(x, 4)  # [B, 3, 2, 2]
        return self.proj(pooled.flatten(2).transpose(1, 2))


def main():
    torch.manual_seed(0)
    torch.jit.save(torch.jit.script(Raises()), os.path.join(FIX, "script_raises.pt"),
                   _extra_files={"pairviz.json": '{"image_size": 8}'})
    torch.jit.save(torch.jit.script(Tokens().eval()), os.path.join(FIX, "script_badjson.pt"),
                   _extra_files={"pairviz.json": '{\n  "image_size": 8,,\n}'})


if __name__ == "__main__":
    main()

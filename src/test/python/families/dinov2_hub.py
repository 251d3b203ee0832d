"""DINOv2 torch-hub checkpoints (facebookresearch/dinov2 names), with and without register tokens.

Follows facebookresearch/dinov2 dinov2/models/vision_transformer.py DinoVisionTransformer
(__init__: norm_layer = LayerNorm eps 1e-6, cls_token, pos_embed [1, N + 1, D] (one position for
the class token even with registers), register_tokens [1, R, D], mask_token [1, D], blocks.i
(block_chunks = 0 as in dinov2/hub/backbones.py, so no blocks.<chunk>.<i> names), norm, head = Identity;
prepare_tokens_with_masks: cat[cls, patches] + interpolate_pos_encoding, THEN registers inserted
after cls; forward_features -> x_norm_clstoken = norm(x)[:, 0]; forward -> head(x_norm_clstoken))
and dinov2/layers (Block: x + ls1(attn(norm1(x))), x + ls2(mlp(norm2(x))); Attention qkv / proj,
scale hd^-0.5; Mlp fc1 -> GELU -> fc2; LayerScale gamma). The block modules carry the same names as
timm's, so they are reused from timm_families.
"""

from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn as nn

import famref as R
from timm_families import EPS, Block, PatchEmbed


class DinoVisionTransformer(nn.Module):
    def __init__(self, image, patch, dim=R.WIDTH, depth=R.DEPTH, heads=R.HEADS, mlp=R.MLP, registers=0):
        super().__init__()
        n = (image // patch) ** 2
        self.patch_embed = PatchEmbed(patch, dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, n + 1, dim))
        self.register_tokens = nn.Parameter(torch.zeros(1, registers, dim)) if registers else None
        self.blocks = nn.ModuleList([Block(dim, heads, mlp, layer_scale=True) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=EPS)
        self.head = nn.Identity()
        self.mask_token = nn.Parameter(torch.zeros(1, dim))

    def forward_tokens(self, x):  # -> norm(x) [B, T, D]
        b = x.shape[0]
        x = torch.cat([self.cls_token.expand(b, -1, -1), self.patch_embed(x)], dim=1) + self.pos_embed
        if self.register_tokens is not None:
            x = torch.cat([x[:, :1], self.register_tokens.expand(b, -1, -1), x[:, 1:]], dim=1)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)


def build(fid, seed, image, patch, registers):
    model = DinoVisionTransformer(image, patch, registers=registers).eval()
    R.randomize(model, seed)
    state = model.state_dict()
    images = R.test_images(image)
    with torch.no_grad():
        tokens = model.forward_tokens(images)
    info = OrderedDict([("image_size", image), ("patch_size", patch), ("width", R.WIDTH), ("depth", R.DEPTH),
                        ("heads", R.HEADS), ("mlp_hidden", R.MLP), ("layer_norm_eps", EPS),
                        ("act", "gelu (exact erf)"), ("registers", registers),
                        ("token_order", "[cls, reg x%d, patches]" % registers if registers else "[cls, patches]"),
                        ("pos_embed", "[1, N + 1, D]: cls and patches only; registers get no position")])
    doc = OrderedDict([("library", "facebookresearch/dinov2 (torch hub)"), ("model", info),
                       ("ignored_for_the_image_embedding", ["mask_token"])])
    doc.update(R.outputs(images, tokens[:, 0], "model(x) = head(x_norm_clstoken) = norm(x)[:, 0] (head is Identity)",
                         tokens, "norm(x) after the blocks: x_norm_clstoken, x_norm_regtokens, x_norm_patchtokens"))
    return R.write_family(fid, state, doc)


def main():
    build("dinov2_hub", 1461, image=56, patch=14, registers=0)
    build("dinov2_hub_reg4", 1462, image=32, patch=8, registers=4)


if __name__ == "__main__":
    R.setup()
    main()

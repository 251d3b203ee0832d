"""OpenAI CLIP and OpenCLIP checkpoints (``visual.*`` image tower beside a text tower).

Follows openai/CLIP clip/model.py (VisionTransformer.__init__/forward, ResidualAttentionBlock,
QuickGELU, LayerNorm = torch LayerNorm eps 1e-5 computed in float32, CLIP.__init__ names,
build_model deleting the JIT-archive entries input_resolution / context_length / vocab_size) and
mlfoundations/open_clip src/open_clip/transformer.py (VisionTransformer._embeds: conv1 ->
cat[class_embedding, patches] + positional_embedding -> ln_pre; _pool with pool_type 'tok' and
final_ln_after_pool False: ln_post over all tokens, then token 0; forward: pooled @ proj;
ResidualAttentionBlock: ln_1, attn (in_proj_weight / in_proj_bias / out_proj, same as
nn.MultiheadAttention), ls_1.gamma, ln_2, mlp.c_fc -> act -> mlp.c_proj, ls_2.gamma) and
src/open_clip/model.py CLIP (act = QuickGELU only when quick_gelu, otherwise nn.GELU; names
positional_embedding, text_projection, logit_scale, visual.*, transformer.*, token_embedding, ln_final).

The image tower runs torch's own nn.MultiheadAttention, the module OpenAI CLIP itself uses.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import torch
import torch.nn as nn

import famref as R
from timm_families import LayerScale  # the same module: gamma [D], x * gamma

TEXT = dict(width=16, layers=1, heads=2, context=8, vocab=64)
EMBED = 16


class QuickGELU(nn.Module):
    def forward(self, x):
        return R.quick_gelu(x)


class ResidualAttentionBlock(nn.Module):
    """OpenAI registers attn, ln_1, mlp, ln_2; OpenCLIP ln_1, attn, ls_1, ln_2, mlp, ls_2 (same names)."""

    def __init__(self, d, heads, mlp, act, openclip, layer_scale=False):
        super().__init__()
        mlp_block = nn.Sequential(OrderedDict([("c_fc", nn.Linear(d, mlp)), ("gelu", act()),
                                               ("c_proj", nn.Linear(mlp, d))]))
        if openclip:
            self.ln_1 = nn.LayerNorm(d)
            self.attn = nn.MultiheadAttention(d, heads)
            self.ls_1 = LayerScale(d) if layer_scale else nn.Identity()
            self.ln_2 = nn.LayerNorm(d)
            self.mlp = mlp_block
            self.ls_2 = LayerScale(d) if layer_scale else nn.Identity()
        else:
            self.attn = nn.MultiheadAttention(d, heads)
            self.ln_1 = nn.LayerNorm(d)
            self.mlp = mlp_block
            self.ln_2 = nn.LayerNorm(d)
            self.ls_1 = self.ls_2 = nn.Identity()

    def forward(self, x):  # [T, B, D] (sequence first, as both libraries run it)
        h = self.ln_1(x)
        x = x + self.ls_1(self.attn(h, h, h, need_weights=False)[0])
        return x + self.ls_2(self.mlp(self.ln_2(x)))


class Transformer(nn.Module):
    def __init__(self, d, layers, heads, mlp, act, openclip, layer_scale=False):
        super().__init__()
        self.resblocks = nn.Sequential(*[ResidualAttentionBlock(d, heads, mlp, act, openclip, layer_scale)
                                         for _ in range(layers)])


class VisionTransformer(nn.Module):
    def __init__(self, image, patch, d, layers, heads, mlp, out, act, openclip, layer_scale=False):
        super().__init__()
        self.conv1 = nn.Conv2d(3, d, patch, patch, bias=False)
        self.class_embedding = nn.Parameter(torch.zeros(d))
        self.positional_embedding = nn.Parameter(torch.zeros((image // patch) ** 2 + 1, d))
        self.ln_pre = nn.LayerNorm(d)
        self.transformer = Transformer(d, layers, heads, mlp, act, openclip, layer_scale)
        self.ln_post = nn.LayerNorm(d)
        self.proj = nn.Parameter(torch.zeros(d, out))

    def forward(self, x):
        x = self.conv1(x).flatten(2).permute(0, 2, 1)  # [B, N, D]
        x = torch.cat([self.class_embedding.expand(x.shape[0], 1, -1), x], dim=1)
        x = self.ln_pre(x + self.positional_embedding)  # ln_pre AFTER the position embeddings
        x = self.transformer.resblocks(x.permute(1, 0, 2)).permute(1, 0, 2)  # [B, T, D]
        return x, self.ln_post(x[:, 0]) @ self.proj


class CLIP(nn.Module):
    def __init__(self, vision, act, openclip, layer_scale=False):
        super().__init__()
        t = TEXT
        self.visual = VisionTransformer(act=act, openclip=openclip, layer_scale=layer_scale, **vision)
        self.transformer = Transformer(t["width"], t["layers"], t["heads"], 4 * t["width"], act, openclip)
        self.token_embedding = nn.Embedding(t["vocab"], t["width"])
        self.positional_embedding = nn.Parameter(torch.zeros(t["context"], t["width"]))
        self.ln_final = nn.LayerNorm(t["width"])
        self.text_projection = nn.Parameter(torch.zeros(t["width"], vision["out"]))
        self.logit_scale = nn.Parameter(torch.ones([]) * math.log(1 / 0.07))


def build(fid, seed, model, info, jit_extras=False):
    model = model.eval()
    R.randomize(model, seed, scale_of=lambda n: torch.tensor(math.log(1 / 0.07)) if n == "logit_scale" else None)
    state = model.state_dict()
    ignored = [n for n in state if not n.startswith("visual.")]
    if jit_extras:  # what model.state_dict() of OpenAI's JIT archive adds (clip.build_model deletes them)
        for key, value in (("input_resolution", info["image_size"]), ("context_length", TEXT["context"]),
                           ("vocab_size", TEXT["vocab"])):
            state[key] = torch.tensor(value)
            ignored.append(key)
    images = R.test_images(info["image_size"])
    with torch.no_grad():
        tokens, embedding = model.visual(images)
    doc = OrderedDict([("library", info.pop("library")), ("model", info),
                       ("ignored_for_the_image_embedding", ignored)])
    doc.update(R.outputs(images, embedding, "visual(x) = ln_post(x[:, 0]) @ visual.proj ([D, E], no bias)", tokens,
                         "visual.transformer output [cls, patches], before ln_post"))
    return R.write_family(fid, state, doc)


def main():
    vision = dict(image=32, patch=8, d=R.WIDTH, layers=R.DEPTH, heads=R.HEADS, out=EMBED)
    common = OrderedDict([("image_size", 32), ("patch_size", 8), ("width", R.WIDTH), ("depth", R.DEPTH),
                          ("heads", R.HEADS), ("embed", EMBED), ("layer_norm_eps", 1e-5)])
    build("openai_clip", 1441, CLIP(dict(vision, mlp=4 * R.WIDTH), QuickGELU, openclip=False),
          OrderedDict(common, library="openai/CLIP", mlp_hidden=4 * R.WIDTH, act="quick_gelu: x * sigmoid(1.702 x)",
                      note="OpenAI's MLP is always 4 x width; the file also holds the JIT archive's int64 scalars"),
          jit_extras=True)
    build("open_clip", 1442, CLIP(dict(vision, mlp=R.MLP), nn.GELU, openclip=True),
          OrderedDict(common, library="mlfoundations/open_clip", mlp_hidden=R.MLP, act="gelu (exact erf), as for"
                      " OpenCLIP's non-quickgelu models: no tensor tells it from QuickGELU", pool_type="tok"))
    build("open_clip_ls", 1443, CLIP(dict(vision, mlp=R.MLP), nn.GELU, openclip=True, layer_scale=True),
          OrderedDict(common, library="mlfoundations/open_clip", mlp_hidden=R.MLP, act="gelu (exact erf)",
                      pool_type="tok", layer_scale="visual.transformer.resblocks.i.ls_1.gamma / ls_2.gamma"))


if __name__ == "__main__":
    R.setup()
    main()

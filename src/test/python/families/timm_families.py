"""timm VisionTransformer families: DeiT distilled, register tokens + LayerScale (DINOv2-style), avg pool + fc_norm.

Follows huggingface/pytorch-image-models (read at commit aa4b5850, Aug 2026):
  * timm/models/vision_transformer.py  VisionTransformer.__init__ (parameter names, use_fc_norm rule,
    embed_len = num_patches if no_embed_class else num_patches + num_prefix_tokens), _pos_embed
    (no_embed_class: add pos_embed to the patches, then concat [cls, reg..., patches]; otherwise
    concat then add), forward_features (patch_embed -> _pos_embed -> norm_pre -> blocks -> norm),
    pool / global_pool_nlc ('token' = x[:, 0]; 'avg' = mean over x[:, num_prefix_tokens:]),
    forward_head (pool -> fc_norm -> head), Block.forward (x + ls1(attn(norm1(x))), x + ls2(mlp(norm2(x)))).
  * timm/layers/attention.py Attention (qkv [3D, D] split as reshape(B, N, 3, H, hd): q, k, v are
    the three row blocks; scale hd^-0.5; proj), timm/layers/mlp.py Mlp (fc1 -> GELU -> fc2),
    timm/layers/layer_scale.py LayerScale (x * gamma), timm/layers/norm.py LayerNorm (eps 1e-6).
  * timm/models/deit.py VisionTransformerDistilled (dist_token after cls_token, pos_embed
    [1, N + 2, D], head_dist; forward_head: eval -> (head(x[:, 0]) + head_dist(x[:, 1])) / 2,
    pre_logits -> (x[:, 0] + x[:, 1]) / 2).
"""

from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn as nn

import famref as R

EPS = 1e-6  # timm.layers.LayerNorm default


class PatchEmbed(nn.Module):
    def __init__(self, patch, dim, bias=True):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, patch, patch, bias=bias)

    def forward(self, x):  # [B, 3, S, S] -> [B, N, D]
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        return self.proj(R.fused_qkv_attention(x, self.qkv.weight, self.qkv.bias, self.heads))


class LayerScale(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * self.gamma


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(R.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp, layer_scale):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=EPS)
        self.attn = Attention(dim, heads)
        self.ls1 = LayerScale(dim) if layer_scale else nn.Identity()
        self.norm2 = nn.LayerNorm(dim, eps=EPS)
        self.mlp = Mlp(dim, mlp)
        self.ls2 = LayerScale(dim) if layer_scale else nn.Identity()

    def forward(self, x):
        x = x + self.ls1(self.attn(self.norm1(x)))
        return x + self.ls2(self.mlp(self.norm2(x)))


class VisionTransformer(nn.Module):
    """timm's VisionTransformer (and VisionTransformerDistilled when distilled=True), names as timm's."""

    def __init__(self, image=32, patch=8, dim=R.WIDTH, depth=R.DEPTH, heads=R.HEADS, mlp=R.MLP,
                 num_classes=0, global_pool="token", class_token=True, reg_tokens=0, no_embed_class=False,
                 layer_scale=False, fc_norm=None, distilled=False):
        super().__init__()
        grid = image // patch
        self.global_pool = global_pool
        self.no_embed_class = no_embed_class
        self.distilled = distilled
        self.num_prefix_tokens = (1 if class_token else 0) + reg_tokens + (1 if distilled else 0)
        use_fc_norm = global_pool in ("avg", "avgmax", "max") if fc_norm is None else fc_norm
        self.patch_embed = PatchEmbed(patch, dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim)) if class_token else None
        self.reg_token = nn.Parameter(torch.zeros(1, reg_tokens, dim)) if reg_tokens else None
        embed_len = grid * grid if no_embed_class else grid * grid + self.num_prefix_tokens
        self.pos_embed = nn.Parameter(torch.zeros(1, embed_len, dim))
        self.blocks = nn.Sequential(*[Block(dim, heads, mlp, layer_scale) for _ in range(depth)])
        self.norm = nn.Identity() if use_fc_norm else nn.LayerNorm(dim, eps=EPS)
        self.fc_norm = nn.LayerNorm(dim, eps=EPS) if use_fc_norm else nn.Identity()
        self.head = nn.Linear(dim, num_classes) if num_classes > 0 else nn.Identity()
        if distilled:  # deit.py: registered after the base class's parameters
            self.dist_token = nn.Parameter(torch.zeros(1, 1, dim))
            self.head_dist = nn.Linear(dim, num_classes) if num_classes > 0 else nn.Identity()

    def _pos_embed(self, x):  # [B, N, D] -> [B, T, D]
        b = x.shape[0]
        prefix = [t.expand(b, -1, -1) for t in (self.cls_token, getattr(self, "dist_token", None),
                                                 self.reg_token) if t is not None]
        if self.no_embed_class:
            return torch.cat(prefix + [x + self.pos_embed], dim=1)
        return torch.cat(prefix + [x], dim=1) + self.pos_embed

    def forward_features(self, x):
        x = self._pos_embed(self.patch_embed(x))
        return self.norm(self.blocks(x))  # [B, T, D]

    def forward_head(self, x, pre_logits=False):
        if self.distilled:
            cls, dist = x[:, 0], x[:, 1]
            return (cls + dist) / 2 if pre_logits else (self.head(cls) + self.head_dist(dist)) / 2
        x = x[:, 0] if self.global_pool == "token" else x[:, self.num_prefix_tokens:].mean(dim=1)
        x = self.fc_norm(x)
        return x if pre_logits else self.head(x)


def build(fid, seed, info, embedding_what, **kwargs):
    model = VisionTransformer(**kwargs).eval()
    R.randomize(model, seed)
    state = model.state_dict()
    images = R.test_images(kwargs.get("image", 32))
    with torch.no_grad():
        tokens = model.forward_features(images)
        embedding = model.forward_head(tokens)
        extra = OrderedDict()
        if kwargs.get("num_classes", 0) > 0:
            extra["pre_logits"] = ("forward_head(x, pre_logits=True): the features before head"
                                   + (" and head_dist" if kwargs.get("distilled") else ""),
                                   model.forward_head(tokens, pre_logits=True))
    doc = OrderedDict([("library", "timm"), ("model", info)])
    doc.update(R.outputs(images, embedding, embedding_what, tokens,
                         "forward_features(x): all tokens after the final norm (norm is Identity when fc_norm is used)",
                         extra))
    return R.write_family(fid, state, doc)


def main():
    common = OrderedDict([("image_size", 32), ("patch_size", 8), ("width", R.WIDTH), ("depth", R.DEPTH),
                          ("heads", R.HEADS), ("mlp_hidden", R.MLP), ("layer_norm_eps", EPS),
                          ("act", "gelu (exact erf)"), ("qkv_bias", True), ("patch_bias", True)])
    build("timm_deit_distilled", 1401,
          OrderedDict(common, **{"like": "deit_tiny_distilled_patch16_224 (VisionTransformerDistilled)",
                                 "token_order": "[cls, dist, patches]", "num_prefix_tokens": 2,
                                 "pos_embed": "[1, N + 2, D], added after concatenating cls and dist",
                                 "head": "head [16, D] and head_dist [16, D]: not an ImageNet class count, so an embedding head"}),
          "model(x) in eval: (head(norm(x)[:, 0]) + head_dist(norm(x)[:, 1])) / 2",
          num_classes=16, distilled=True)
    build("timm_vit_reg_ls", 1402,
          OrderedDict(common, **{"like": "vit_small_patch14_reg4_dinov2 (reg_tokens=4, no_embed_class=True, init_values set)",
                                 "token_order": "[cls, reg x4, patches]", "num_prefix_tokens": 5,
                                 "pos_embed": "[1, N, D] (no_embed_class): added to the patch tokens only, before the concat",
                                 "layer_scale": "blocks.i.ls1.gamma, blocks.i.ls2.gamma",
                                 "head": "none (num_classes=0, head is Identity: no head.* tensors)"}),
          "model(x) = forward_head(forward_features(x)): norm(x)[:, 0], the class token after the final norm",
          reg_tokens=4, no_embed_class=True, layer_scale=True)
    build("timm_vit_avg_fcnorm", 1403,
          OrderedDict(common, **{"like": "VisionTransformer(global_pool='avg') with class token (MAE-style fine-tune)",
                                 "token_order": "[cls, patches]", "num_prefix_tokens": 1,
                                 "pos_embed": "[1, N + 1, D], added after concatenating cls",
                                 "pooling": "mean over the patch tokens x[:, 1:] (class token excluded), then fc_norm",
                                 "norm": "no norm.* tensors (Identity); fc_norm.weight / fc_norm.bias instead",
                                 "head": "head [24, D]: an embedding head"}),
          "model(x) = head(fc_norm(mean(forward_features(x)[:, 1:], dim=1)))",
          num_classes=24, global_pool="avg")


if __name__ == "__main__":
    R.setup()
    main()

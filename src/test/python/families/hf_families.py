"""Hugging Face transformers vision families: ViTModel, DeiTModel (+ WithTeacher), Dinov2Model (+ registers),
CLIPVisionModelWithProjection and a full CLIPModel; each folder has a config.json as the hub ships it.

Follows huggingface/transformers (read through the code search; modeling files at commits 005db820
(vit), 015e6876 (deit, dinov2, dinov2_with_registers), 000f1ffd (clip)):
  * models/vit/modeling_vit.py  ViTEmbeddings.forward (cat[cls, patches] + position_embeddings),
    ViTSelfAttention (query/key/value, scaling head_size^-0.5), ViTLayer.forward (pre-norm:
    h + attention.output.dense(attn(layernorm_before(h))); h + output.dense(act(intermediate.dense(
    layernorm_after(h))))), ViTModel.forward (layernorm after the encoder; pooler on token 0),
    ViTPooler (dense + tanh; newer versions: pooler_output_size / pooler_act from the config).
  * models/deit/modeling_deit.py  DeiTEmbeddings (cat[cls, distillation, patches] + position_embeddings
    [1, N + 2, D]), DeiTModel (= ViT layers, DeiTPooler on token 0),
    DeiTForImageClassificationWithTeacher (logits = (cls_classifier(h[:, 0]) + distillation_classifier(h[:, 1])) / 2).
  * models/dinov2/modeling_dinov2.py  Dinov2Embeddings (mask_token [1, D]), Dinov2Layer
    (norm1 -> attention -> layer_scale1.lambda1 -> residual; norm2 -> mlp.fc1/fc2 -> layer_scale2),
    Dinov2Model.forward (pooler_output = layernorm(h)[:, 0]; no pooler weights).
  * models/dinov2_with_registers/modeling_dinov2_with_registers.py  Dinov2WithRegistersEmbeddings
    (position embeddings added to [cls, patches] FIRST, then register_tokens inserted after cls).
  * models/clip/modeling_clip.py  CLIPVisionEmbeddings (class_embedding [D], patch_embedding without
    bias, position_embedding nn.Embedding [N + 1, D], position_ids buffer), CLIPVisionTransformer.forward
    (pre_layrnorm AFTER the position embeddings are added; encoder; pooled = post_layernorm(h[:, 0]);
    last_hidden_state is NOT post-normed), CLIPEncoderLayer (layer_norm1 -> self_attn q/k/v/out_proj;
    layer_norm2 -> mlp fc1 -> quick_gelu -> fc2), CLIPModel / CLIPVisionModelWithProjection
    (image_embeds = visual_projection(pooled), no bias), CLIPTextEmbeddings (token + position embedding).
"""

from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn as nn

import famref as R

VERSION = "4.46.0"
ACTS = {"gelu": R.gelu, "quick_gelu": R.quick_gelu}


class Dense(nn.Module):
    """A module holding one linear layer called ``dense`` (ViTSelfOutput, ViTIntermediate, ViTOutput, ViTPooler)."""

    def __init__(self, d_in, d_out):
        super().__init__()
        self.dense = nn.Linear(d_in, d_out)


class SelfAttention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.query = nn.Linear(dim, dim)
        self.key = nn.Linear(dim, dim)
        self.value = nn.Linear(dim, dim)


class Attention(nn.Module):
    """ViTAttention / Dinov2Attention: attention.{query,key,value} then output.dense."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.attention = SelfAttention(dim)
        self.output = Dense(dim, dim)

    def forward(self, x):
        a = self.attention
        out, _ = R.attention(a.query(x), a.key(x), a.value(x), self.heads)
        return self.output.dense(out)


class ViTLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["hidden_size"]
        self.act = ACTS[c["hidden_act"]]
        self.attention = Attention(d, c["num_attention_heads"])
        self.intermediate = Dense(d, c["intermediate_size"])
        self.output = Dense(c["intermediate_size"], d)
        self.layernorm_before = nn.LayerNorm(d, eps=c["layer_norm_eps"])
        self.layernorm_after = nn.LayerNorm(d, eps=c["layer_norm_eps"])

    def forward(self, h):
        h = self.attention(self.layernorm_before(h)) + h
        return self.output.dense(self.act(self.intermediate.dense(self.layernorm_after(h)))) + h


class LayerScale(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.lambda1 = nn.Parameter(torch.ones(dim))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)


class Dinov2Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["hidden_size"]
        self.act = ACTS[c["hidden_act"]]
        self.norm1 = nn.LayerNorm(d, eps=c["layer_norm_eps"])
        self.attention = Attention(d, c["num_attention_heads"])
        self.layer_scale1 = LayerScale(d)
        self.norm2 = nn.LayerNorm(d, eps=c["layer_norm_eps"])
        self.mlp = Mlp(d, int(d * c["mlp_ratio"]))
        self.layer_scale2 = LayerScale(d)

    def forward(self, h):
        h = self.attention(self.norm1(h)) * self.layer_scale1.lambda1 + h
        return self.mlp.fc2(self.act(self.mlp.fc1(self.norm2(h)))) * self.layer_scale2.lambda1 + h


class PatchEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.projection = nn.Conv2d(3, c["hidden_size"], c["patch_size"], c["patch_size"])

    def forward(self, x):  # [B, 3, S, S] -> [B, N, D]
        return self.projection(x).flatten(2).transpose(1, 2)


class Embeddings(nn.Module):
    """ViTEmbeddings / DeiTEmbeddings / Dinov2Embeddings / Dinov2WithRegistersEmbeddings."""

    def __init__(self, c, kind):
        super().__init__()
        d, n = c["hidden_size"], (c["image_size"] // c["patch_size"]) ** 2
        self.kind = kind
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        if kind == "deit":
            self.distillation_token = nn.Parameter(torch.zeros(1, 1, d))
        if kind.startswith("dinov2"):
            self.mask_token = nn.Parameter(torch.zeros(1, d))
        if kind == "dinov2_reg":
            self.register_tokens = nn.Parameter(torch.zeros(1, c["num_register_tokens"], d))
        self.patch_embeddings = PatchEmbeddings(c)
        self.position_embeddings = nn.Parameter(torch.zeros(1, n + (2 if kind == "deit" else 1), d))

    def forward(self, x):  # -> [B, T, D]
        b = x.shape[0]
        e = self.patch_embeddings(x)
        prefix = [self.cls_token] + ([self.distillation_token] if self.kind == "deit" else [])
        e = torch.cat([t.expand(b, -1, -1) for t in prefix] + [e], dim=1) + self.position_embeddings
        if self.kind == "dinov2_reg":  # registers after the position embeddings, right after cls
            e = torch.cat([e[:, :1], self.register_tokens.expand(b, -1, -1), e[:, 1:]], dim=1)
        return e


class Encoder(nn.Module):
    """The layer stack: ``encoder.layer.i`` (ViT, DeiT, Dinov2) or ``encoder.layers.i`` (CLIP)."""

    def __init__(self, c, layer, attr="layer"):
        super().__init__()
        self.attr = attr
        setattr(self, attr, nn.ModuleList([layer(c) for _ in range(c["num_hidden_layers"])]))

    def forward(self, h):
        for blk in getattr(self, self.attr):
            h = blk(h)
        return h


class ViTLikeModel(nn.Module):
    """ViTModel / DeiTModel (pooler) and Dinov2Model / Dinov2WithRegistersModel (no pooler)."""

    def __init__(self, c, kind):
        super().__init__()
        self.embeddings = Embeddings(c, kind)
        self.encoder = Encoder(c, Dinov2Layer if kind.startswith("dinov2") else ViTLayer)
        self.layernorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        if not kind.startswith("dinov2"):
            self.pooler = Dense(c["hidden_size"], c.get("pooler_output_size", c["hidden_size"]))

    def forward(self, x):
        seq = self.layernorm(self.encoder(self.embeddings(x)))  # last_hidden_state [B, T, D]
        pooled = torch.tanh(self.pooler.dense(seq[:, 0])) if hasattr(self, "pooler") else seq[:, 0]
        return seq, pooled


class DeiTWithTeacher(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.deit = ViTLikeModel(c, "deit")
        del self.deit.pooler  # DeiTModel(config, add_pooling_layer=False)
        self.cls_classifier = nn.Linear(c["hidden_size"], c["num_labels"])
        self.distillation_classifier = nn.Linear(c["hidden_size"], c["num_labels"])

    def forward(self, x):
        seq, _ = self.deit(x)
        return seq, (self.cls_classifier(seq[:, 0]) + self.distillation_classifier(seq[:, 1])) / 2


# ----------------------------------------------------------------------------------------------
# CLIP
# ----------------------------------------------------------------------------------------------

class ClipAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.q_proj = nn.Linear(dim, dim)
        self.out_proj = nn.Linear(dim, dim)

    def forward(self, x):
        return self.out_proj(R.attention(self.q_proj(x), self.k_proj(x), self.v_proj(x), self.heads)[0])


class ClipEncoderLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["hidden_size"]
        self.act = ACTS[c["hidden_act"]]
        self.self_attn = ClipAttention(d, c["num_attention_heads"])
        self.layer_norm1 = nn.LayerNorm(d, eps=c["layer_norm_eps"])
        self.mlp = Mlp(d, c["intermediate_size"])
        self.layer_norm2 = nn.LayerNorm(d, eps=c["layer_norm_eps"])

    def forward(self, h):
        h = h + self.self_attn(self.layer_norm1(h))
        return h + self.mlp.fc2(self.act(self.mlp.fc1(self.layer_norm2(h))))


class ClipVisionEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        d, p = c["hidden_size"], c["patch_size"]
        n = (c["image_size"] // p) ** 2 + 1
        self.class_embedding = nn.Parameter(torch.zeros(d))
        self.patch_embedding = nn.Conv2d(3, d, p, p, bias=False)
        self.position_embedding = nn.Embedding(n, d)
        # persistent in transformers < 4.31, so most CLIP files on the hub carry it
        self.register_buffer("position_ids", torch.arange(n).expand((1, -1)))

    def forward(self, x):
        e = self.patch_embedding(x).flatten(2).transpose(1, 2)  # [B, N, D]
        e = torch.cat([self.class_embedding.expand(x.shape[0], 1, -1), e], dim=1)
        return e + self.position_embedding(self.position_ids)


class ClipVisionTransformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = ClipVisionEmbeddings(c)
        self.pre_layrnorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        self.encoder = Encoder(c, ClipEncoderLayer, "layers")
        self.post_layernorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, x):
        h = self.encoder(self.pre_layrnorm(self.embeddings(x)))  # last_hidden_state [B, T, D]
        return h, self.post_layernorm(h[:, 0])


class ClipTextEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.token_embedding = nn.Embedding(c["vocab_size"], c["hidden_size"])
        self.position_embedding = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).expand((1, -1)))


class ClipTextTransformer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embeddings = ClipTextEmbeddings(c)
        self.encoder = Encoder(c, ClipEncoderLayer, "layers")
        self.final_layer_norm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])


class ClipVisionWithProjection(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.vision_model = ClipVisionTransformer(c)
        self.visual_projection = nn.Linear(c["hidden_size"], c["projection_dim"], bias=False)

    def forward(self, x):
        h, pooled = self.vision_model(x)
        return h, self.visual_projection(pooled)


class ClipModel(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.text_model = ClipTextTransformer(c["text_config"])
        self.vision_model = ClipVisionTransformer(c["vision_config"])
        self.visual_projection = nn.Linear(c["vision_config"]["hidden_size"], c["projection_dim"], bias=False)
        self.text_projection = nn.Linear(c["text_config"]["hidden_size"], c["projection_dim"], bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(c["logit_scale_init_value"]))

    forward = ClipVisionWithProjection.forward  # get_image_features: visual_projection(post_layernorm(h[:, 0]))


# ----------------------------------------------------------------------------------------------
# Configs (as the hub's config.json) and fixtures
# ----------------------------------------------------------------------------------------------

def vit_config(model_type, arch, **extra):
    c = OrderedDict([("architectures", [arch]), ("attention_probs_dropout_prob", 0.0), ("encoder_stride", 8),
                     ("hidden_act", "gelu"), ("hidden_dropout_prob", 0.0), ("hidden_size", R.WIDTH),
                     ("image_size", 32), ("initializer_range", 0.02), ("intermediate_size", R.MLP),
                     ("layer_norm_eps", 1e-12), ("model_type", model_type), ("num_attention_heads", R.HEADS),
                     ("num_channels", 3), ("num_hidden_layers", R.DEPTH), ("patch_size", 8),
                     ("pooler_act", "tanh"), ("pooler_output_size", R.WIDTH), ("qkv_bias", True),
                     ("torch_dtype", "float32"), ("transformers_version", VERSION)])
    c.update(extra)
    return c


def dinov2_config(model_type, arch, **extra):
    c = OrderedDict([("architectures", [arch]), ("attention_probs_dropout_prob", 0.0), ("drop_path_rate", 0.0),
                     ("hidden_act", "gelu"), ("hidden_dropout_prob", 0.0), ("hidden_size", R.WIDTH),
                     ("image_size", 32), ("initializer_range", 0.02), ("layer_norm_eps", 1e-6),
                     ("layerscale_value", 1.0), ("mlp_ratio", R.MLP / R.WIDTH), ("model_type", model_type),
                     ("num_attention_heads", R.HEADS), ("num_channels", 3), ("num_hidden_layers", R.DEPTH),
                     ("patch_size", 8), ("qkv_bias", True), ("torch_dtype", "float32"),
                     ("transformers_version", VERSION), ("use_mask_token", True), ("use_swiglu_ffn", False)])
    c.update(extra)
    return c


def clip_vision_config(arch=None, **extra):
    c = OrderedDict(([("architectures", [arch])] if arch else [])
                    + [("attention_dropout", 0.0), ("hidden_act", "quick_gelu"), ("hidden_size", R.WIDTH),
                       ("image_size", 32), ("initializer_factor", 1.0), ("initializer_range", 0.02),
                       ("intermediate_size", R.MLP), ("layer_norm_eps", 1e-5), ("model_type", "clip_vision_model"),
                       ("num_attention_heads", R.HEADS), ("num_channels", 3), ("num_hidden_layers", R.DEPTH),
                       ("patch_size", 8), ("projection_dim", 16)])
    c.update(extra)
    return c


def clip_config():
    text = OrderedDict([("attention_dropout", 0.0), ("bos_token_id", 0), ("eos_token_id", 2), ("hidden_act", "quick_gelu"),
                        ("hidden_size", 16), ("initializer_factor", 1.0), ("initializer_range", 0.02),
                        ("intermediate_size", 32), ("layer_norm_eps", 1e-5), ("max_position_embeddings", 8),
                        ("model_type", "clip_text_model"), ("num_attention_heads", 2), ("num_hidden_layers", 1),
                        ("pad_token_id", 1), ("projection_dim", 16), ("vocab_size", 64)])
    return OrderedDict([("architectures", ["CLIPModel"]), ("initializer_factor", 1.0),
                        ("logit_scale_init_value", 2.6592), ("model_type", "clip"), ("projection_dim", 16),
                        ("text_config", text), ("torch_dtype", "float32"), ("transformers_version", VERSION),
                        ("vision_config", clip_vision_config())])


def build(fid, seed, model, config, embedding_what, tokens_what, ignored=(), extra_of=None, fixed=None):
    model = model.eval()
    R.randomize(model, seed, scale_of=(fixed or {}).get)
    state = model.state_dict()
    images = R.test_images(32)
    with torch.no_grad():
        tokens, embedding = model(images)
        extra = extra_of(model, images, tokens) if extra_of else None
    doc = OrderedDict([("library", "transformers"), ("architecture", config["architectures"][0]),
                       ("config", "config.json (beside the weights)"),
                       ("ignored_for_the_image_embedding", list(ignored))])
    doc.update(R.outputs(images, embedding, embedding_what, tokens, tokens_what, extra))
    return R.write_family(fid, state, doc, weights_name="pytorch_model.bin", config=config)


def main():
    c = vit_config("vit", "ViTModel")
    build("hf_vit", 1421, ViTLikeModel(c, "vit"), c,
          "pooler_output = tanh(pooler.dense(last_hidden_state[:, 0]))",
          "last_hidden_state = layernorm(encoder(embeddings(x))), [cls, patches]",
          extra_of=lambda m, x, t: {"cls_token": ("last_hidden_state[:, 0] (no pooler)", t[:, 0])})

    c = vit_config("deit", "DeiTModel", encoder_stride=16)
    build("hf_deit", 1422, ViTLikeModel(c, "deit"), c,
          "pooler_output = tanh(pooler.dense(last_hidden_state[:, 0]))",
          "last_hidden_state = layernorm(encoder(embeddings(x))), [cls, distillation, patches]",
          extra_of=lambda m, x, t: {"cls_token": ("last_hidden_state[:, 0]", t[:, 0]),
                                    "cls_dist_mean": ("(last_hidden_state[:, 0] + last_hidden_state[:, 1]) / 2",
                                                      (t[:, 0] + t[:, 1]) / 2)})

    c = vit_config("deit", "DeiTForImageClassificationWithTeacher", encoder_stride=16, num_labels=16)
    c.pop("pooler_act"), c.pop("pooler_output_size")
    build("hf_deit_teacher", 1423, DeiTWithTeacher(c), c,
          "logits = (cls_classifier(h[:, 0]) + distillation_classifier(h[:, 1])) / 2, h = deit.last_hidden_state;"
          " 16 labels: not an ImageNet class count, so an embedding head",
          "deit.last_hidden_state, [cls, distillation, patches]",
          extra_of=lambda m, x, t: {"cls_dist_mean": ("(h[:, 0] + h[:, 1]) / 2: the features before the two heads",
                                                      (t[:, 0] + t[:, 1]) / 2)})

    c = dinov2_config("dinov2", "Dinov2Model")
    build("hf_dinov2", 1424, ViTLikeModel(c, "dinov2"), c,
          "pooler_output = last_hidden_state[:, 0] (layernorm applied; Dinov2Model has no pooler weights)",
          "last_hidden_state = layernorm(encoder(embeddings(x))), [cls, patches]",
          ignored=["embeddings.mask_token"])

    c = dinov2_config("dinov2_with_registers", "Dinov2WithRegistersModel", num_register_tokens=4)
    c.pop("use_mask_token")
    build("hf_dinov2_reg", 1425, ViTLikeModel(c, "dinov2_reg"), c,
          "pooler_output = last_hidden_state[:, 0]",
          "last_hidden_state, [cls, reg x4, patches] (registers are NOT position-embedded)",
          ignored=["embeddings.mask_token"])

    c = clip_vision_config("CLIPVisionModelWithProjection", torch_dtype="float32", transformers_version=VERSION)
    build("hf_clip_vision_proj", 1426, ClipVisionWithProjection(c), c,
          "image_embeds = visual_projection(post_layernorm(last_hidden_state[:, 0])) (no bias, [16, D])",
          "vision_model last_hidden_state = encoder(pre_layrnorm(embeddings(x))): NOT post-normed",
          ignored=["vision_model.embeddings.position_ids"],
          extra_of=lambda m, x, t: {"pooler_output": ("post_layernorm(last_hidden_state[:, 0])",
                                                      m.vision_model.post_layernorm(t[:, 0]))})

    c = clip_config()
    text_names = [n for n in ClipModel(c).state_dict() if n.startswith("text_")]
    build("hf_clip_full", 1427, ClipModel(c), c,
          "get_image_features(x) = visual_projection(post_layernorm(vision_model last_hidden_state[:, 0]))",
          "vision_model last_hidden_state (not post-normed)",
          ignored=["vision_model.embeddings.position_ids", "logit_scale"] + text_names,
          fixed={"logit_scale": torch.tensor(2.6592)})


if __name__ == "__main__":
    R.setup()
    main()

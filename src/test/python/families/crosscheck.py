"""Cross-checks of the written fixtures: each reference against another one written for a different library
(or against torchvision's own VisionTransformer), after renaming the saved weights the way the libraries'
converters do. A failure means a reference or a renaming is wrong; nothing is written.

  1. hf_vit weights -> torchvision.models.VisionTransformer (Debian's torchvision 0.14, a real library):
     torchvision's encoder output for the class token == hf_vit last_hidden_state[:, 0]
     (LayerNorm eps 1e-6 there vs 1e-12 in the config: tolerance 1e-4).
  2. openai_clip visual.* -> HF CLIPVisionModelWithProjection names (in_proj split into q/k/v_proj,
     proj^T = visual_projection.weight) -> the HF reference gives the same embedding.
  3. dinov2_hub_reg4 -> timm names as timm's _convert_dinov2 does (reg_token = register_tokens,
     cls_token += pos_embed[:, 0], pos_embed = pos_embed[:, 1:], mask_token dropped) -> the timm
     reference (no_embed_class, reg_tokens 4, LayerScale) gives the same class token.
  4. hf_dinov2 -> DINOv2 hub names (q/k/v fused, layer_scale1.lambda1 -> ls1.gamma) -> same class token.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict

import torch
import torchvision

import dinov2_hub
import famref as R
import hf_families
import timm_families


def load(fid, name=None):
    folder = os.path.join(R.OUT, fid)
    with open(os.path.join(folder, "expected.json")) as f:
        doc = json.load(f)
    state = torch.load(os.path.join(folder, name or doc["weights"]), map_location="cpu")
    return state, doc


def close(a, b, tol, what):
    err = (torch.as_tensor(a, dtype=torch.float64) - torch.as_tensor(b, dtype=torch.float64)).abs().max().item()
    assert err <= tol, f"{what}: max |diff| {err} > {tol}"
    print(f"  ok {what}: max |diff| {err:.2e}")


def hf_vit_vs_torchvision():
    state, doc = load("hf_vit")
    d, layers = R.WIDTH, R.DEPTH
    tv = torchvision.models.VisionTransformer(image_size=32, patch_size=8, num_layers=layers, num_heads=R.HEADS,
                                              hidden_dim=d, mlp_dim=R.MLP)
    tv.heads = torch.nn.Identity()
    out = OrderedDict([("class_token", state["embeddings.cls_token"]),
                       ("conv_proj.weight", state["embeddings.patch_embeddings.projection.weight"]),
                       ("conv_proj.bias", state["embeddings.patch_embeddings.projection.bias"]),
                       ("encoder.pos_embedding", state["embeddings.position_embeddings"]),
                       ("encoder.ln.weight", state["layernorm.weight"]), ("encoder.ln.bias", state["layernorm.bias"])])
    for i in range(layers):
        h, t = f"encoder.layer.{i}.", f"encoder.layers.encoder_layer_{i}."
        for kind in ("weight", "bias"):
            out[t + "self_attention.in_proj_" + kind] = torch.cat(
                [state[h + f"attention.attention.{n}.{kind}"] for n in ("query", "key", "value")])
            for src, dst in (("attention.output.dense", "self_attention.out_proj"), ("layernorm_before", "ln_1"),
                             ("layernorm_after", "ln_2"), ("intermediate.dense", "mlp.0"), ("output.dense", "mlp.3")):
                out[t + dst + "." + kind] = state[h + src + "." + kind]
    tv.load_state_dict(out)
    tv.eval()
    with torch.no_grad():
        got = tv(R.test_images(32))
    close(got, torch.tensor(doc["cls_token"]["values"]), 1e-4, "hf_vit cls token == torchvision VisionTransformer")


def openai_clip_vs_hf():
    state, doc = load("openai_clip")
    c = hf_families.clip_vision_config(intermediate_size=4 * R.WIDTH)
    model = hf_families.ClipVisionWithProjection(c).eval()
    v = {k[len("visual."):]: t for k, t in state.items() if k.startswith("visual.")}
    out = OrderedDict([("vision_model.embeddings.class_embedding", v["class_embedding"]),
                       ("vision_model.embeddings.position_ids", model.state_dict()["vision_model.embeddings.position_ids"]),
                       ("vision_model.embeddings.patch_embedding.weight", v["conv1.weight"]),
                       ("vision_model.embeddings.position_embedding.weight", v["positional_embedding"]),
                       ("visual_projection.weight", v["proj"].T)])
    for ln_src, ln_dst in (("ln_pre", "pre_layrnorm"), ("ln_post", "post_layernorm")):
        for kind in ("weight", "bias"):
            out[f"vision_model.{ln_dst}.{kind}"] = v[f"{ln_src}.{kind}"]
    for i in range(R.DEPTH):
        s, h = f"transformer.resblocks.{i}.", f"vision_model.encoder.layers.{i}."
        q, k, w = v[s + "attn.in_proj_weight"].chunk(3)
        qb, kb, wb = v[s + "attn.in_proj_bias"].chunk(3)
        out.update({h + "self_attn.q_proj.weight": q, h + "self_attn.q_proj.bias": qb,
                    h + "self_attn.k_proj.weight": k, h + "self_attn.k_proj.bias": kb,
                    h + "self_attn.v_proj.weight": w, h + "self_attn.v_proj.bias": wb})
        for src, dst in (("attn.out_proj", "self_attn.out_proj"), ("ln_1", "layer_norm1"), ("ln_2", "layer_norm2"),
                         ("mlp.c_fc", "mlp.fc1"), ("mlp.c_proj", "mlp.fc2")):
            for kind in ("weight", "bias"):
                out[f"{h}{dst}.{kind}"] = v[f"{s}{src}.{kind}"]
    model.load_state_dict(out)
    with torch.no_grad():
        _, got = model(R.test_images(32))
    close(got, torch.tensor(doc["embedding"]["values"]), 1e-5, "openai_clip == HF CLIP vision reference")


def dinov2_hub_vs_timm():
    state, doc = load("dinov2_hub_reg4")
    s = dict(state)
    s.pop("mask_token")
    s["reg_token"] = s.pop("register_tokens")
    s["cls_token"] = s.pop("cls_token") + s["pos_embed"][:, 0]
    s["pos_embed"] = s.pop("pos_embed")[:, 1:]
    model = timm_families.VisionTransformer(reg_tokens=4, no_embed_class=True, layer_scale=True).eval()
    model.load_state_dict(s)
    with torch.no_grad():
        got = model.forward_head(model.forward_features(R.test_images(32)))
    close(got, torch.tensor(doc["embedding"]["values"]), 1e-5, "dinov2_hub_reg4 == timm reference after _convert_dinov2")


def hf_dinov2_vs_hub():
    state, doc = load("hf_dinov2")
    out = OrderedDict([("cls_token", state["embeddings.cls_token"]),
                       ("pos_embed", state["embeddings.position_embeddings"]),
                       ("mask_token", state["embeddings.mask_token"]),
                       ("patch_embed.proj.weight", state["embeddings.patch_embeddings.projection.weight"]),
                       ("patch_embed.proj.bias", state["embeddings.patch_embeddings.projection.bias"]),
                       ("norm.weight", state["layernorm.weight"]), ("norm.bias", state["layernorm.bias"])])
    for i in range(R.DEPTH):
        h, t = f"encoder.layer.{i}.", f"blocks.{i}."
        for kind in ("weight", "bias"):
            out[t + "attn.qkv." + kind] = torch.cat(
                [state[h + f"attention.attention.{n}.{kind}"] for n in ("query", "key", "value")])
            for src, dst in (("norm1", "norm1"), ("attention.output.dense", "attn.proj"), ("norm2", "norm2"),
                             ("mlp.fc1", "mlp.fc1"), ("mlp.fc2", "mlp.fc2")):
                out[t + dst + "." + kind] = state[h + src + "." + kind]
        out[t + "ls1.gamma"] = state[h + "layer_scale1.lambda1"]
        out[t + "ls2.gamma"] = state[h + "layer_scale2.lambda1"]
    model = dinov2_hub.DinoVisionTransformer(32, 8).eval()
    model.load_state_dict(out)
    with torch.no_grad():
        got = model.forward_tokens(R.test_images(32))[:, 0]
    close(got, torch.tensor(doc["embedding"]["values"]), 1e-5, "hf_dinov2 == DINOv2 hub reference")


def main():
    hf_vit_vs_torchvision()
    openai_clip_vs_hf()
    dinov2_hub_vs_timm()
    hf_dinov2_vs_hub()


if __name__ == "__main__":
    R.setup()
    main()

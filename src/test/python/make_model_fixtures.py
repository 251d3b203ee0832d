"""Generate the small numerical fixtures for pairviz's Java tests (run once; output committed).

    /usr/bin/python3 src/test/python/make_model_fixtures.py [--out src/test/resources/fixtures]

Builds seeded random tiny models (a ViT with mean pooling, the same weights with class-token
pooling, a two-stage BiT ResNet-v2), seeded blob images, and expected_<model>.json files with
the reference numbers computed by pairviz_reference.py. Self-checks run before anything is
written; the script fails loudly if one does not hold.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pairviz_reference as ref  # noqa: E402

SEED = 20220104
VIT = dict(image_size=32, patch=8, width=48, depth=3, heads=4, mlp=96, embed=24)
RESNET = dict(units=[1, 1], widths=[(32, 128), (64, 256)], root_width=32, embed=16, image_size=64)
STARTS = (0, 1)
TOL = 1e-5


# ----------------------------------------------------------------------------------------------
# Images
# ----------------------------------------------------------------------------------------------

def blob_image(width, height, seed):
    """Smooth random colour blobs over a colour gradient, uint8 RGB."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    yy, xx = yy / max(height - 1, 1), xx / max(width - 1, 1)
    c0, c1 = rng.uniform(0, 1, 3), rng.uniform(0, 1, 3)
    img = c0[None, None] * (1 - xx[..., None]) + c1[None, None] * xx[..., None]
    for _ in range(5):
        cy, cx = rng.uniform(0, 1, 2)
        r = rng.uniform(0.08, 0.3)
        w = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))
        img = img * (1 - w[..., None]) + rng.uniform(0, 1, 3)[None, None] * w[..., None]
    return (np.clip(img, 0, 1) * 255).round().astype(np.uint8)


def write_images(out):
    names = {}
    for size in (32, 64):
        names[size] = []
        for i in range(3):
            name = f"blob{i}_{size}.png"
            Image.fromarray(blob_image(size, size, SEED + 10 * size + i)).save(os.path.join(out, name))
            names[size].append(name)
    odd = "odd_50x37.png"
    Image.fromarray(blob_image(50, 37, SEED + 999)).save(os.path.join(out, odd))
    return {size: names[size] + [odd] for size in names}


# ----------------------------------------------------------------------------------------------
# Independent checks of the reference's building blocks
# ----------------------------------------------------------------------------------------------

@torch.no_grad()
def check_attention_against_torch(model):
    """Our separate-q/k/v attention block vs torch's nn.MultiheadAttention, same weights."""
    block = model.transformer.encoder.layer[0]
    att, d = block.attn, block.attn.query.weight.shape[0]
    mha = nn.MultiheadAttention(d, att.heads, batch_first=True)
    mha.in_proj_weight.copy_(torch.cat([att.query.weight, att.key.weight, att.value.weight]))
    mha.in_proj_bias.copy_(torch.cat([att.query.bias, att.key.bias, att.value.bias]))
    mha.out_proj.weight.copy_(att.out.weight)
    mha.out_proj.bias.copy_(att.out.bias)
    x = torch.randn(2, 7, d, generator=torch.Generator().manual_seed(1))
    ours, probs = att(x)
    theirs, theirs_probs = mha(x, x, x, need_weights=True, average_attn_weights=False)
    assert torch.allclose(ours, theirs, atol=1e-5), "attention output differs from torch MHA"
    assert torch.allclose(probs, theirs_probs, atol=1e-6), "attention probs differ from torch MHA"

    # The whole pre-norm block vs torch's TransformerEncoderLayer(norm_first, exact GELU).
    layer = nn.TransformerEncoderLayer(d, att.heads, dim_feedforward=block.ffn.fc1.weight.shape[0],
                                       dropout=0.0, activation="gelu", layer_norm_eps=1e-6,
                                       batch_first=True, norm_first=True).eval()
    layer.self_attn.load_state_dict(mha.state_dict())
    layer.linear1.load_state_dict(block.ffn.fc1.state_dict())
    layer.linear2.load_state_dict(block.ffn.fc2.state_dict())
    layer.norm1.load_state_dict(block.attention_norm.state_dict())
    layer.norm2.load_state_dict(block.ffn_norm.state_dict())
    assert torch.allclose(block(x)[0], layer(x), atol=1e-5), "block differs from torch encoder layer"


@torch.no_grad()
def check_std_conv():
    conv = ref.StdConv2d(5, 4, kernel_size=3, padding=1, bias=False)
    x = torch.randn(1, 5, 6, 6, generator=torch.Generator().manual_seed(2))
    v, m = torch.var_mean(conv.weight, dim=[1, 2, 3], keepdim=True, unbiased=False)
    w = (conv.weight - m) / torch.sqrt(v + 1e-10)
    assert torch.allclose(conv(x), torch.nn.functional.conv2d(x, w, padding=1), atol=1e-5)


# ----------------------------------------------------------------------------------------------
# Expected values
# ----------------------------------------------------------------------------------------------

def run_images(model, names, out, size):
    results = {}
    for name in names:
        x, debug = ref.preprocess(os.path.join(out, name), size)
        results[name] = (debug, ref.embed(model, x))
    return results


def maps_entry(img_a, img_b, is_vit, pooling, k):
    score, a, b, _ = ref.paired_maps(img_a, img_b, "none", pooling=pooling)
    maps = {"none": {"a": ref.as_grid(a, k), "b": ref.as_grid(b, k)}}
    if pooling == "mean":
        check_sum(a, score, "none map A")
        check_sum(b, score, "none map B")
    if is_vit:
        for mode in ("reference", "conservative"):
            maps[mode] = {}
            for fusion in ref.FUSIONS:
                maps[mode][fusion] = {}
                for start in STARTS:
                    _, ma, mb, _ = ref.paired_maps(img_a, img_b, mode, fusion, start, pooling)
                    if mode == "conservative" and pooling == "mean":
                        check_sum(ma, score, f"conservative map A {fusion} {start}")
                        check_sum(mb, score, f"conservative map B {fusion} {start}")
                    maps[mode][fusion][str(start)] = {"a": ref.as_grid(ma, k), "b": ref.as_grid(mb, k)}
    return score, maps


def check_sum(flat, score, what):
    if abs(float(np.sum(flat, dtype=np.float64)) - float(score)) > TOL:
        raise AssertionError(f"{what}: sum {np.sum(flat)} != score {score}")


def class_map_entry(query, gallery, is_vit, pooling, k):
    entry = {}
    modes = ("none", "reference", "conservative") if is_vit else ("none",)
    for mode in modes:
        per_fusion = {}
        for fusion in (ref.FUSIONS if mode != "none" else ("mean",)):
            per_start = {}
            for start in (STARTS if mode != "none" else (0,)):
                m = ref.class_map(query, gallery, mode, fusion, start, pooling)
                m2 = ref.class_map_via_sum(query, gallery, mode, fusion, start, pooling)
                # The shortcut holds only when beta is the token mean (mean pooling).
                if pooling == "mean" and np.max(np.abs(m - m2)) > TOL:
                    raise AssertionError(f"class map {mode} {fusion} {start}: sum of paired maps "
                                         f"!= map against summed gallery embeddings")
                per_start[str(start)] = ref.as_grid(m, k)
            per_fusion[fusion] = per_start
        entry[mode] = per_fusion["mean"]["0"] if mode == "none" else per_fusion
    return entry


def expected_json(model, model_info, names, out, size, pooling):
    is_vit = model_info["kind"] == "vit"
    imgs = run_images(model, names, out, size)
    first = imgs[names[0]][1]
    n = first[1].shape[0]
    k = ref.grid_of(n)
    doc = {
        "generator": "src/test/python/make_model_fixtures.py (reference: pairviz_reference.py)",
        "model": model_info,
        "normalisation": {"name": "imagenet", "mean": list(ref.IMAGENET_MEAN),
                          "std": list(ref.IMAGENET_STD)},
        "resize": "PIL Image.resize((S,S), BILINEAR) on the RGB image, then /255, then (x-mean)/std",
        "grid": [k, k],
        "tokens": n,
        "conventions": {
            "maps": "K x K, row-major over the token grid (row = y, column = x)",
            "pair maps": "maps[mode][fusion][start] = {a, b}; maps.none = {a, b}; start is the "
                         "0-based first layer of rollout: R = Ahat[L-1] ... Ahat[start]",
            "reference": "map' = R @ map",
            "conservative": "map' = R^T @ map",
            "rollout": "Ahat = fuse_heads(attention) + I, rows divided by their sums",
            "S": "token_similarity.S[n][m] = a_n . b_m, rows = tokens of image a, columns = tokens of b",
        },
        "images": [],
        "pairs": [],
    }
    if pooling == "cls":
        doc["conventions"]["class token"] = (
            "token 0 is the class token; attention and rollout matrices are (N+1)x(N+1); "
            "alpha = head of tokens 1..N, beta = head of token 0; paired maps cover tokens 1..N "
            "and use the patch block R[1:,1:]; output_agnostic = row 0 of R, columns 1..N; "
            "maps do NOT sum to the score with class-token pooling")
    else:
        doc["conventions"]["output agnostic"] = "column means of R"

    for name in names:
        debug, (beta, alpha, att) = imgs[name]
        w, h = Image.open(os.path.join(out, name)).size
        entry = {"name": name, "width": w, "height": h, **debug, "grid": [k, k],
                 "beta": ref.f32list(beta), "alpha": ref.f32list(alpha)}
        if is_vit:
            r = ref.rollout(att, "mean", 0)
            for fusion in ref.FUSIONS:
                for start in STARTS:
                    rr = ref.rollout(att, fusion, start)
                    if np.max(np.abs(rr.sum(axis=1) - 1)) > TOL:
                        raise AssertionError(f"rollout rows do not sum to 1 ({name} {fusion} {start})")
            entry["rollout_mean_start0"] = ref.f32list(r)
            entry["output_agnostic"] = {
                fusion: {str(s): ref.as_grid(ref.output_agnostic(ref.rollout(att, fusion, s), pooling), k)
                         for s in STARTS} for fusion in ref.FUSIONS}
        doc["images"].append(entry)
    if is_vit:
        doc["attention_image0"] = {"image": names[0], "shape": list(first[2].shape),
                                   "layout": "[layer][head][query token][key token]",
                                   "values": ref.f32list(first[2])}

    sq0, sq1, sq2, odd = names
    for a, b in ((sq0, sq1), (sq2, sq0), (sq1, odd), (odd, odd)):
        score, maps = maps_entry(imgs[a][1], imgs[b][1], is_vit, pooling, k)
        doc["pairs"].append({"a": a, "b": b, "score": ref.f32list(score), "maps": maps})
    d = ref.decompose(imgs[sq0][1][1], imgs[sq0][1][0], imgs[sq1][1][1], imgs[sq1][1][0])
    doc["token_similarity"] = {"a": sq0, "b": sq1, "S": ref.f32list(d["S"])}
    doc["class_map"] = {"query": sq0, "gallery": [sq1, sq2, odd],
                        "definition": "sum over the gallery of the query's paired map (query = a)"
                                      + ("; with mean pooling this equals ONE paired map against the "
                                         "sum of the normalised gallery embeddings" if pooling == "mean"
                                         else "; with class-token pooling the shortcut via the summed "
                                              "gallery embeddings does NOT hold (beta != token mean)"),
                        "maps": class_map_entry(imgs[sq0][1], [imgs[g][1] for g in (sq1, sq2, odd)],
                                                is_vit, pooling, k)}
    return doc, imgs


def same_outputs(model_a, model_b, names, out, size):
    for name in names:
        x, _ = ref.preprocess(os.path.join(out, name), size)
        ea, eb = ref.embed(model_a, x), ref.embed(model_b, x)
        for u, v in zip(ea, eb):
            if u is not None and not np.array_equal(u, v):
                raise AssertionError(f"reloaded checkpoints disagree on {name}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, "..", "resources", "fixtures"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=default_out)
    ap.add_argument("--resnet-safetensors", action="store_true",
                    help="also keep resnet_tiny.safetensors (left out by default: size budget)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(SEED)
    torch.set_num_threads(1)   # deterministic float32 reductions

    check_std_conv()
    names = write_images(args.out)

    # --- ViT, mean pooling; the same weights serve the class-token variant ------------------
    vit = ref.randomise_vit(ref.ViTEmbedder(pooling="mean", **VIT), SEED + 1).eval()
    check_attention_against_torch(vit)
    torch.save(ref.data_parallel_state_dict(vit), os.path.join(args.out, "vit_tiny.pth"))
    ref.save_safetensors(os.path.join(args.out, "vit_tiny.safetensors"), vit.state_dict(),
                         metadata={"format": "pt"})
    heads = VIT["heads"]
    vit_pth = ref.build_vit(ref.load_state_dict(os.path.join(args.out, "vit_tiny.pth")), heads)
    vit_st = ref.build_vit(ref.load_state_dict(os.path.join(args.out, "vit_tiny.safetensors")), heads)
    same_outputs(vit_pth, vit_st, names[32], args.out, 32)
    vit_cls = ref.build_vit(ref.load_state_dict(os.path.join(args.out, "vit_tiny.safetensors")),
                            heads, pooling="cls")

    info = {"kind": "vit", "weights": ["vit_tiny.pth", "vit_tiny.safetensors"], **VIT,
            "pooling": "mean", "pth_names": "prefixed 'module.' (nn.DataParallel state dict)",
            "safetensors_names": "unprefixed"}
    doc, _ = expected_json(vit_pth, info, names[32], args.out, 32, "mean")
    write_json(os.path.join(args.out, "expected_vit_tiny.json"), doc)
    info_cls = dict(info, pooling="cls", weights=["vit_tiny.safetensors"],
                    note="same weights as vit_tiny, class-token pooling")
    doc, _ = expected_json(vit_cls, info_cls, names[32], args.out, 32, "cls")
    write_json(os.path.join(args.out, "expected_vit_tiny_cls.json"), doc)

    # --- BiT ResNet-v2, units [1,1] -----------------------------------------------------------
    rn = ref.BiTResNetV2(RESNET["units"], embed=RESNET["embed"], widths=RESNET["widths"],
                         root_width=RESNET["root_width"])
    rn = ref.randomise_resnet(rn, SEED + 2).eval()
    torch.save(ref.data_parallel_state_dict(rn), os.path.join(args.out, "resnet_tiny.pth"))
    with tempfile.TemporaryDirectory() as tmp:
        st_dir = args.out if args.resnet_safetensors else tmp
        st_path = os.path.join(st_dir, "resnet_tiny.safetensors")
        ref.save_safetensors(st_path, rn.state_dict(), metadata={"format": "pt"})
        rn_pth = ref.build_resnet(ref.load_state_dict(os.path.join(args.out, "resnet_tiny.pth")))
        rn_st = ref.build_resnet(ref.load_state_dict(st_path))
        same_outputs(rn_pth, rn_st, names[64], args.out, 64)
    weights = ["resnet_tiny.pth"] + (["resnet_tiny.safetensors"] if args.resnet_safetensors else [])
    info = {"kind": "resnet", "weights": weights,
            "units": RESNET["units"], "stage_widths_cmid_cout": [list(w) for w in RESNET["widths"]],
            "root_width": RESNET["root_width"], "embed": RESNET["embed"],
            "image_size": RESNET["image_size"], "pooling": "mean",
            "head_conv": "plain 1x1 conv with bias (not weight-standardised), before pooling",
            "pth_names": "prefixed 'module.' (nn.DataParallel state dict)",
            "safetensors_names": "unprefixed"}
    doc, _ = expected_json(rn_pth, info, names[64], args.out, 64, "mean")
    write_json(os.path.join(args.out, "expected_resnet_tiny.json"), doc)
    print("fixtures written to", args.out)


def write_json(path, doc):
    text = json.dumps(doc, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(fd, "w") as f:
        f.write(text + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()

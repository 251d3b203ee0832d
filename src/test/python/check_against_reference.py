"""Developer tool (not run in CI): reference numbers for one image pair, or a random checkpoint.

Compare the Java CLI's --json output with the Python reference (pairviz_reference.py):

    /usr/bin/python3 src/test/python/check_against_reference.py \\
        --checkpoint vitb16.pth --kind vit --heads 12 --pooling mean \\
        --mode reference --fusion mean --start-layer 0 --json ref.json imgA.png imgB.png

writes {"score", "grid": [K,K], "mode", "fusion", "start_layer", "pooling",
        "a": {"image", "map": [[...]]}, "b": {"image", "map": [[...]]}}.

Create a random full-size checkpoint with the authors' names (every name prefixed 'module.',
as saved from nn.DataParallel; .safetensors output is unprefixed), 512-d head, image 256:

    /usr/bin/python3 src/test/python/check_against_reference.py --make vit-b16 --out vitb16.pth
    (--make vit-b16 | vit-b32 | resnet-101; --seed N)
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pairviz_reference as ref  # noqa: E402

FULL_SIZE = {
    "vit-b16": dict(kind="vit", image_size=256, patch=16),
    "vit-b32": dict(kind="vit", image_size=256, patch=32),
    "resnet-101": dict(kind="resnet", units=(3, 4, 23, 3)),
}


def make_checkpoint(which, out, seed):
    cfg = FULL_SIZE[which]
    if cfg["kind"] == "vit":
        model = ref.ViTEmbedder(image_size=cfg["image_size"], patch=cfg["patch"], width=768,
                                depth=12, heads=12, mlp=3072, embed=512, pooling="mean")
        ref.randomise_vit(model, seed)
    else:
        model = ref.BiTResNetV2(units=cfg["units"], width_factor=1, embed=512)
        ref.randomise_resnet(model, seed)
    if out.endswith(".safetensors"):
        ref.save_safetensors(out, model.state_dict(), metadata={"format": "pt"})
    else:
        torch.save(ref.data_parallel_state_dict(model), out)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"wrote {out}: {which}, {n_params} parameters, seed {seed}")


def compare(args):
    sd = ref.load_state_dict(args.checkpoint)
    model = ref.build_model(sd, args.kind, heads=args.heads, pooling=args.pooling)
    if args.kind == "vit":
        if args.patch is not None and args.patch != model.patch:
            sys.exit(f"--patch {args.patch} but the checkpoint has patch {model.patch}")
        size = model.image_size
        if args.image_size is not None and args.image_size != size:
            sys.exit(f"--image-size {args.image_size} but the position embeddings fit {size}")
    else:
        if args.mode != "none":
            sys.exit("--mode must be none for a ResNet (rollout needs attention)")
        size = args.image_size or 256
    mean, std = ref.NORMALISATIONS[args.norm]
    imgs = []
    for path in args.images:
        x, _ = ref.preprocess(path, size, mean, std)
        imgs.append(ref.embed(model, x))
    score, map_a, map_b, _ = ref.paired_maps(imgs[0], imgs[1], args.mode, args.fusion,
                                             args.start_layer, args.pooling)
    k = ref.grid_of(map_a.shape[0])
    doc = {"score": ref.f32list(score), "grid": [k, k], "mode": args.mode, "fusion": args.fusion,
           "start_layer": args.start_layer, "pooling": args.pooling,
           "a": {"image": args.images[0], "map": ref.as_grid(map_a, k)},
           "b": {"image": args.images[1], "map": ref.as_grid(map_b, k)}}
    text = json.dumps(doc, indent=1)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--make", choices=sorted(FULL_SIZE), help="write a random checkpoint to --out")
    ap.add_argument("--out", help="checkpoint file to write with --make (.pth or .safetensors)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--checkpoint", help=".pth or .safetensors state dict")
    ap.add_argument("--kind", choices=("vit", "resnet"))
    ap.add_argument("--heads", type=int, default=12, help="ViT attention heads (default 12)")
    ap.add_argument("--patch", type=int, help="ViT patch size (checked against the checkpoint)")
    ap.add_argument("--image-size", type=int,
                    help="input size (ViT: checked against the position embeddings; ResNet: default 256)")
    ap.add_argument("--pooling", choices=ref.POOLINGS, default="mean")
    ap.add_argument("--norm", choices=sorted(ref.NORMALISATIONS), default="imagenet")
    ap.add_argument("--mode", choices=ref.MODES,
                    help="default: reference for a ViT, none for a ResNet")
    ap.add_argument("--fusion", choices=ref.FUSIONS, default="mean")
    ap.add_argument("--start-layer", type=int, default=0, help="0-based first rollout layer")
    ap.add_argument("--json", help="output file (default: stdout)")
    ap.add_argument("images", nargs="*", help="image A and image B")
    args = ap.parse_args()
    if args.make:
        if not args.out:
            ap.error("--make needs --out")
        make_checkpoint(args.make, args.out, args.seed)
        return
    if not args.checkpoint or not args.kind or len(args.images) != 2:
        ap.error("need --checkpoint, --kind and two images (or --make)")
    if args.mode is None:
        args.mode = "reference" if args.kind == "vit" else "none"
    with torch.no_grad():
        compare(args)


if __name__ == "__main__":
    main()

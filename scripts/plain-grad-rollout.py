"""Gradient-weighted attention rollout (Chefer, Gur, Wolf 2021) with the pair's cosine as the target,
written plainly in PyTorch: what pairviz's default mode (grad-rollout) computes, to time it against
and to check that the two compute the same maps.

The network is the reference ViT (src/test/python/pairviz_reference.py, mean pooling, 12 heads)
with a checkpoint's weights as loaded (its parameters require gradients, as a plain model's do).
One pair: both images forward in one batch with their attention probabilities kept, the cosine of
the two embeddings, torch.autograd.grad of it to every attention map (image A's maps see only A's
embedding, so this is d cos / d A with B's held constant, and the same for B), then per image
R = I, R <- R + mean_heads((dA * A)+) @ R for every layer, the map the mean of the rows of R - I.

Usage (Debian's /usr/bin/python3 with python3-torch; torch on every core, as pairviz):
  /usr/bin/python3 scripts/plain-grad-rollout.py CHECKPOINT --pairs N
      times N distinct pairs of random 256 x 256 inputs after one warm-up pair: wall and process
      CPU seconds per pair (medians)
  /usr/bin/python3 scripts/plain-grad-rollout.py CHECKPOINT --json OUT.json A.png B.png
      writes the pair's score and maps ({"score", "a": {"map"}, "b": {"map"}}, K x K) as
      `pairviz explain --json` does
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "python"))
import pairviz_reference as ref  # noqa: E402


def pair_maps(model, x):
    """x [2, 3, S, S] -> (cos, maps [2, N]): one forward pass of the pair, one autograd.grad."""
    beta, _, attentions = model(x)                              # beta [2, E]; attentions L x [2, H, T, T]
    unit = beta / beta.norm(dim=-1, keepdim=True)
    cos = unit[0] @ unit[1]
    grads = torch.autograd.grad(cos, attentions)                # L x [2, H, T, T]
    with torch.no_grad():
        t = attentions[0].shape[-1]
        eye = torch.eye(t).expand(x.shape[0], t, t)             # [2, T, T]
        r = eye.clone()
        for a, g in zip(attentions, grads):
            r = r + (g * a).clamp(min=0).mean(dim=1) @ r        # [2, T, T]
        return cos.detach(), (r - eye).mean(dim=1)              # [2, T]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkpoint")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--json")
    ap.add_argument("images", nargs="*")
    args = ap.parse_intermixed_args()
    torch.set_num_threads(os.cpu_count())
    model = ref.build_model(ref.load_state_dict(args.checkpoint), "vit", heads=12, pooling="mean")
    size = model.image_size
    if args.json:
        if len(args.images) != 2:
            ap.error("--json needs two images")
        x = torch.cat([ref.preprocess(p, size)[0] for p in args.images])
        cos, maps = pair_maps(model, x)
        k = model.grid
        grid = lambda m: [[float(v) for v in m[i * k:(i + 1) * k]] for i in range(k)]
        with open(args.json, "w") as f:
            json.dump({"score": float(cos), "a": {"map": grid(maps[0])}, "b": {"map": grid(maps[1])}}, f)
        return
    gen = torch.Generator().manual_seed(7)
    wall, cpu = [], []
    for i in range(args.pairs + 1):                             # the first pair warms up
        x = torch.rand(2, 3, size, size, generator=gen)         # a distinct pair each time
        w, c = time.perf_counter(), time.process_time()
        pair_maps(model, x)
        if i > 0:
            wall.append(time.perf_counter() - w)
            cpu.append(time.process_time() - c)
    print(f"plain PyTorch grad-rollout, torch {torch.__version__}, {torch.get_num_threads()} threads, per distinct pair "
          f"(median of {args.pairs}): {statistics.median(wall):.3f} s, CPU time of the process per pair "
          f"{statistics.median(cpu):.3f} s")


if __name__ == "__main__":
    main()

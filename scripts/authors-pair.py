"""Times one more pair of the authors' method in plain PyTorch (Debian's torch): the reference ViT
(src/test/python/pairviz_reference.py, the authors' model and maps) embeds A and B one image at a
time, as their code does, then the paired maps of --mode reference. Median of ROUNDS after one
warm-up pair. torch runs on every core (torch.set_num_threads), as pairviz does.

Usage: /usr/bin/python3 scripts/authors-pair.py CHECKPOINT A.png B.png [ROUNDS]
"""
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "python"))
import pairviz_reference as ref  # noqa: E402

checkpoint, a, b = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
torch.set_num_threads(os.cpu_count())
model = ref.build_model(ref.load_state_dict(checkpoint), "vit", heads=12, pooling="mean")
xa = ref.preprocess(a, 256)[0]
xb = ref.preprocess(b, 256)[0]
times, forwards = [], []
for r in range(rounds + 1):
    s = time.perf_counter()
    fa = ref.embed(model, xa)
    fb = ref.embed(model, xb)
    f = time.perf_counter()
    ref.paired_maps(fa, fb, mode="reference")
    e = time.perf_counter()
    if r > 0:
        times.append(e - s)
        forwards.append(f - s)
print(f"authors' method, torch {torch.__version__}, {torch.get_num_threads()} threads: per pair (median of {rounds}) "
      f"{statistics.median(times):.3f} s, of which forward passes of both images {statistics.median(forwards):.3f} s")

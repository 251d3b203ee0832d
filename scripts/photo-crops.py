#!/usr/bin/python3
"""A small training set of real photos for a ViT that has seen photos (docs/faithfulness.md,
"A ViT fine-tuned on photos"): every class is one random crop of a real photo, its images that
crop under random resizing, shifts, flips and colour changes. The photos come from Debian's
python3-skimage and python3-matplotlib data and the npm package @vladmandic/human's assets; the
13 photos the swapped-halves study measures on (skimage astronaut, chelsea, coffee, rocket,
motorcycle_left, hubble_deep_field, retina; face-api's demo/sample1-6.jpg) are left out, so the
study's photos are held out. Writes OUT/<class>/<n>.png (the `folders` format).
Usage: /usr/bin/python3 scripts/photo-crops.py OUT [HUMAN_ASSETS_DIR]"""
import os, random, sys
import numpy as np
from PIL import Image, ImageEnhance
import skimage.data as sd

out = sys.argv[1]
human = sys.argv[2] if len(sys.argv) > 2 else os.path.expanduser(
    "~/.cache/pairviz/npm/node_modules/@vladmandic/human/assets")
rnd = random.Random(0)
sources = {}
for n in ["camera", "moon", "coins", "page", "text", "brick", "grass", "gravel", "cell", "immunohistochemistry",
          "clock", "cat", "colorwheel"]:
    x = getattr(sd, n)()
    sources[n] = Image.fromarray(x).convert("RGB")
for p in ["/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg", os.path.join(human, "samples.jpg"),
          os.path.join(human, "screenshot-vrm.jpg"), os.path.join(human, "screenshot-facematch.jpg")]:
    if os.path.exists(p):
        sources[os.path.basename(p).split(".")[0]] = Image.open(p).convert("RGB")
CROPS, COPIES = 24, 5
for name, img in sorted(sources.items()):
    w, h = img.size
    for k in range(CROPS):
        s = int(min(w, h) * rnd.uniform(0.3, 0.6))
        x0, y0 = rnd.randrange(0, w - s + 1), rnd.randrange(0, h - s + 1)
        d = os.path.join(out, f"{name}-{k:02d}")
        os.makedirs(d, exist_ok=True)
        for c in range(COPIES):
            j = int(s * 0.08)  # shift and scale the crop a little
            dx, dy, ds = rnd.randint(-j, j), rnd.randint(-j, j), rnd.randint(-j, j)
            box = (max(0, x0 + dx), max(0, y0 + dy), min(w, x0 + dx + s + ds), min(h, y0 + dy + s + ds))
            im = img.crop(box).resize((64, 64), Image.BILINEAR)
            im = ImageEnhance.Brightness(im).enhance(rnd.uniform(0.8, 1.2))
            im = ImageEnhance.Contrast(im).enhance(rnd.uniform(0.8, 1.2))
            im = ImageEnhance.Color(im).enhance(rnd.uniform(0.7, 1.3))
            im.save(os.path.join(d, f"{c}.png"))
print(len(sources), "photos,", len(sources) * CROPS, "classes of", COPIES)

"""Makes the photo-preprocessing fixtures for PreprocessingTest (run once with /usr/bin/python3).

Debian's python3-torchvision 0.14 and Pillow 9.4. Writes to src/test/resources/image/photo/:

- portrait_180x270.png: a real portrait photo, 180 wide x 270 high, cut from
  @vladmandic/face-api's demo/sample1.jpg (a face photo from the npm package) and saved
  losslessly, so that pairviz decodes the same bytes Pillow does;
- landscape_270x180.png: the same photo turned a quarter (to test the other axis);
- expected.json: for each case, torchvision's Resize(R) + CenterCrop(S) on the PIL image, with
  R = round(S / crop_fraction), then ToTensor, (x 255 for 0..255, x 2 - 1 for -1..1), the channel
  flip for BGR and Normalize(mean, std): the tensor's shape, its sum, its sum of squares and a
  few sampled values [c, y, x, value]; plus the cropped picture's bytes as a PNG beside it
  (NAME.png, the uint8 image after Resize + CenterCrop) for a bit-exact comparison.

Usage, from the repository root:

    /usr/bin/python3 src/test/python/make_preprocessing_fixtures.py /path/to/sample1.jpg
"""
import json
import os
import sys

import numpy as np
import torch
from PIL import Image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "image", "photo")

CASES = [
    # name, photo, size, crop fraction, interpolation, range, bgr, mean, std
    ("portrait_bilinear_64", "portrait_180x270.png", 64, 0.875, "bilinear", "0..1", False,
     [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("portrait_bicubic_64", "portrait_180x270.png", 64, 0.875, "bicubic", "0..1", False,
     [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("landscape_bicubic_48", "landscape_270x180.png", 48, 0.9, "bicubic", "0..1", False,
     [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ("portrait_bicubic_112_full", "portrait_180x270.png", 112, 1.0, "bicubic", "0..1", False,
     [0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
    ("portrait_bilinear_64_bgr_byte", "portrait_180x270.png", 64, 0.875, "bilinear", "0..255", True,
     [91.4953, 103.8827, 131.0912], [1.0, 1.0, 1.0]),
    ("landscape_bilinear_56_signed", "landscape_270x180.png", 56, 0.875, "bilinear", "-1..1", False,
     [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]),
]


def make_photos(source):
    photo = Image.open(source).convert("RGB")
    # a 180 x 270 portrait around the face on the left of sample1.jpg (1920 x 1280), taken from a
    # 2x smaller copy so that it holds a whole head
    small = photo.resize((960, 640), Image.BILINEAR)
    portrait = small.crop((150, 80, 330, 350))
    assert portrait.size == (180, 270)
    portrait.save(os.path.join(OUT, "portrait_180x270.png"), optimize=True)
    portrait.transpose(Image.ROTATE_90).save(os.path.join(OUT, "landscape_270x180.png"), optimize=True)


def tensor(name, photo, size, fraction, interp, rng, bgr, mean, std):
    img = Image.open(os.path.join(OUT, photo)).convert("RGB")
    mode = InterpolationMode.BILINEAR if interp == "bilinear" else InterpolationMode.BICUBIC
    resize_to = int(round(size / fraction))
    cropped = T.CenterCrop(size)(T.Resize(resize_to, interpolation=mode)(img))
    cropped.save(os.path.join(OUT, name + ".png"))
    x = T.ToTensor()(cropped)
    if rng == "0..255":
        x = x * 255
    elif rng == "-1..1":
        x = x * 2 - 1
    if bgr:
        x = x.flip(0)
    x = T.Normalize(mean, std)(x)
    x = x.double()
    g = torch.Generator().manual_seed(21)
    picks = []
    for _ in range(16):
        c = int(torch.randint(0, 3, (1,), generator=g))
        yy = int(torch.randint(0, size, (1,), generator=g))
        xx = int(torch.randint(0, size, (1,), generator=g))
        picks.append([c, yy, xx, float(x[c, yy, xx])])
    return {
        "name": name, "photo": photo, "size": size, "crop_fraction": fraction, "interpolation": interp,
        "range": rng, "bgr": bgr, "mean": mean, "std": std, "resized_shorter_side": resize_to,
        "shape": list(x.shape), "sum": float(x.sum()), "sum_squares": float((x * x).sum()),
        "samples": picks,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    make_photos(sys.argv[1])
    cases = [tensor(*c) for c in CASES]
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump({"torchvision": "0.14", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

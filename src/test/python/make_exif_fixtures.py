"""Makes the EXIF-orientation fixtures for ExifOrientationTest (run once with /usr/bin/python3).

Writes orient_K.jpg for K = 1..8 to src/test/resources/data/exif/: the same upright picture
(23 wide x 14 high, a different colour in each corner, so every flip and turn shows), stored
turned or flipped as a camera would store it and tagged with EXIF orientation K, so that every
file *displays* upright. Beside each, orient_K.jpg.rgb holds what Pillow's
ImageOps.exif_transpose(Image.open(f)).convert("RGB") gives (height x width x 3, row-major):
the expected pixels. The script checks that all eight displayed pictures are the same size.
"""
import os

import numpy as np
from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "data", "exif")

# How a camera stores a picture it tags K: the inverse of the turn or flip K asks for on display.
STORED = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def upright(w=23, h=14):
    x = np.linspace(0, 1, w)[None, :]
    y = np.linspace(0, 1, h)[:, None]
    img = np.zeros((h, w, 3))
    img[..., 0] = 230 * (1 - x) * (1 - y) + 40     # red at the top left
    img[..., 1] = 230 * x * (1 - y) + 40           # green at the top right
    img[..., 2] = 230 * y + 20 * x                 # blue along the bottom
    img[h // 2:, : w // 3] = (250, 250, 40)        # a yellow block at the bottom left
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def main():
    os.makedirs(OUT, exist_ok=True)
    picture = upright()
    sizes = set()
    for k, transpose in STORED.items():
        stored = picture if transpose is None else picture.transpose(transpose)
        exif = Image.Exif()
        exif[0x0112] = k
        path = os.path.join(OUT, "orient_%d.jpg" % k)
        stored.save(path, quality=95, subsampling=0, exif=exif.tobytes())
        shown = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
        sizes.add(shown.size)
        with open(path + ".rgb", "wb") as f:
            f.write(shown.tobytes())
    assert sizes == {picture.size}, sizes


if __name__ == "__main__":
    main()

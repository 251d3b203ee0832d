"""Makes the image-decoding fixtures for ImageDecodingTest (run once with /usr/bin/python3).

Writes small images in the formats datasets ship (JPEG 4:2:0 / 4:4:4 / grey / with a non-sRGB
ICC profile, PNG RGB / RGBA / palette / grey / grey+alpha / with an ICC profile,
BMP, TIFF, WebP) to src/test/resources/data/decode/, and beside each NAME the pixels Pillow's
Image.open(NAME).convert("RGB") gives, as raw bytes NAME.rgb (height x width x 3, row-major).
pairviz must decode every file to exactly those bytes: that is what the Python reference
pipeline feeds the network. (16-bit PNGs are left out on purpose: Pillow 9 clips them to 255
instead of scaling; pairviz scales, see ImageFilesTest.)
"""
import io
import os
import struct

import numpy as np
from PIL import Image, ImageCms

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "data", "decode")


def picture(w=23, h=17):
    rng = np.random.default_rng(7)
    x = np.linspace(0, 1, w)[None, :]
    y = np.linspace(0, 1, h)[:, None]
    img = np.stack([np.sin(6 * x + 3 * y), np.cos(5 * y) * x, x * y], -1) * 110 + 128
    img = img + rng.normal(0, 14, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def odd_profile():
    """An sRGB profile whose red colorant is moved: a colour-managed decoder would change pixels."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", data[128:132])[0]
    for i in range(count):
        sig, off, _ = struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i])
        if sig == b"rXYZ":
            data[off + 8:off + 12] = struct.pack(">i", int(0.30 * 65536))
    return bytes(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = Image.fromarray(picture())
    grey = rgb.convert("L")
    alpha = Image.fromarray((np.arange(23 * 17).reshape(17, 23) % 256).astype(np.uint8))
    icc = odd_profile()
    files = {
        "rgb420.jpg": lambda f: rgb.save(f, quality=85),
        "rgb444.jpg": lambda f: rgb.save(f, quality=90, subsampling=0),
        "grey.jpg": lambda f: grey.save(f, quality=85),
        "icc.jpg": lambda f: rgb.save(f, quality=85, icc_profile=icc),
        "rgb.png": lambda f: rgb.save(f),
        "rgba.png": lambda f: Image.merge("RGBA", (*rgb.split(), alpha)).save(f),
        "palette.png": lambda f: rgb.quantize(colors=16).save(f),
        "grey.png": lambda f: grey.save(f),
        "greyalpha.png": lambda f: Image.merge("LA", (grey, alpha)).save(f),
        "icc.png": lambda f: rgb.save(f, icc_profile=icc),
        "rgb.bmp": lambda f: rgb.save(f),
        "rgb.tif": lambda f: rgb.save(f),
        "rgb.webp": lambda f: rgb.save(f, lossless=True),
    }
    for name, save in files.items():
        path = os.path.join(OUT, name)
        save(path)
        decoded = np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)
        with open(path + ".rgb", "wb") as f:
            f.write(decoded.tobytes())
        print(name, Image.open(path).mode, decoded.shape)


if __name__ == "__main__":
    main()

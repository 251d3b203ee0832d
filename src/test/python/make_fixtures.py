#!/usr/bin/python3
"""Test fixtures for pairviz.image and pairviz.render, made ONCE with the reference libraries.

Writes src/test/resources/image/ and src/test/resources/render/ (committed). The expected values
come from Debian's Pillow 9.4, OpenCV 4.6 and torch (CPU), following the authors' pipeline:

    img = Image.open(path).convert('RGB')
    x   = Normalize(mean, std)(ToTensor()(Resize((256, 256))(img)))     # PIL bilinear resize
    grey (picture base) = 0.299 r + 0.587 g + 0.114 b on ToTensor() of the resized image
    m = cv2.resize(map, (256, 256), interpolation=cv2.INTER_CUBIC); m = m - m.min(); m = m / m.max()
    heat = cv2.applyColorMap(np.uint8(255 * m), cv2.COLORMAP_JET); heat = cvtColor(BGR2RGB) / 255
    cam = heat + grey; cam = cam / np.max(cam); picture = np.uint8(255 * cam)

Float arrays are stored as raw float32 little-endian (.f32); integer arrays as int32 LE (.i32).
Usage: /usr/bin/python3 src/test/python/make_fixtures.py   (from the repository root)
"""
import json
import os

import cv2
import numpy as np
import torch
from PIL import Image, ImageCms

IMG = os.path.join("src", "test", "resources", "image")
REN = os.path.join("src", "test", "resources", "render")
rng = np.random.default_rng(20220104)


def f32(path, a):
    np.asarray(a, dtype="<f4").tofile(path)


def rgb_of(path):
    """The reference decode."""
    return np.array(Image.open(path).convert("RGB"))


def photo_like(h, w, noise=40):
    """Smooth colour gradients and blobs with some noise: compresses well, exercises all values."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127 + 120 * np.sin(x / w * 5.1 + y / h * 1.3)
    g = 127 + 120 * np.cos(y / h * 4.2 - x / w * 2.0)
    b = 255 * ((x - w / 3) ** 2 + (y - h / 2) ** 2 < (min(h, w) / 3) ** 2)
    a = np.stack([r, g, b], -1) + rng.normal(0, noise, (h, w, 3))
    return np.clip(a, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- PIL bilinear resize

RESIZE_CASES = [
    # name, source (h, w), target (h, w), noise image?
    ("down", (47, 61), (35, 29), True),
    ("up", (11, 17), (33, 40), True),
    ("mixed", (20, 45), (45, 20), True),
    ("photo", (131, 301), (160, 256), False),  # photo_like with little noise
    ("extreme", (3, 500), (2, 7), True),
    ("same_width", (30, 64), (17, 64), True),
]


def resize_fixtures():
    cases = []
    for name, (h, w), (th, tw), noise in RESIZE_CASES:
        a = (rng.random((h, w, 3)) * 256).astype(np.uint8) if noise else photo_like(h, w, noise=4)
        src = f"resize_{name}_src.png"
        Image.fromarray(a).save(os.path.join(IMG, src))
        out = Image.open(os.path.join(IMG, src)).convert("RGB").resize((tw, th), Image.BILINEAR)
        exp = f"resize_{name}_expected.png"
        out.save(os.path.join(IMG, exp))
        cases.append({"source": src, "expected": exp, "width": tw, "height": th})
    return cases


# ---------------------------------------------------------------- ToTensor + Normalize, grey

NORMS = {"imagenet": ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
         "sop": ([0.5807, 0.5396, 0.5044], [0.2901, 0.2974, 0.3095])}


def tensor_fixtures():
    a = photo_like(24, 32)
    Image.fromarray(a).save(os.path.join(IMG, "tensor_src.png"))
    img = Image.open(os.path.join(IMG, "tensor_src.png")).convert("RGB")
    t = torch.from_numpy(np.array(img)).permute(2, 0, 1).contiguous().to(torch.float32).div(255)  # ToTensor
    for name, (mean, std) in NORMS.items():
        m = torch.as_tensor(mean, dtype=torch.float32).view(-1, 1, 1)
        s = torch.as_tensor(std, dtype=torch.float32).view(-1, 1, 1)
        f32(os.path.join(IMG, f"tensor_{name}.f32"), t.clone().sub_(m).div_(s).numpy())  # Normalize
    f32(os.path.join(IMG, "tensor_grey.f32"), grey_of(np.array(img)))


def grey_of(rgb):
    t = torch.from_numpy(rgb).permute(2, 0, 1).contiguous().to(torch.float32).div(255)
    return (0.299 * t[0] + 0.587 * t[1] + 0.114 * t[2]).numpy()  # float32 throughout


# ---------------------------------------------------------------- decoding

def decode_fixtures():
    """Small files in many formats; expected = PIL's convert('RGB'), saved as PNG."""
    a = photo_like(16, 24)
    base = Image.fromarray(a)
    files = {}

    def add(name, expected=None):
        path = os.path.join(IMG, "decode", name)
        rgb = rgb_of(path) if expected is None else expected
        exp = name.replace(".", "_") + "_expected.png"
        Image.fromarray(rgb).save(os.path.join(IMG, "decode", exp))
        files[name] = exp

    os.makedirs(os.path.join(IMG, "decode"), exist_ok=True)
    d = lambda n: os.path.join(IMG, "decode", n)
    base.save(d("rgb420.jpg"), quality=90); add("rgb420.jpg")
    base.save(d("rgb444.jpg"), quality=90, subsampling=0); add("rgb444.jpg")
    base.save(d("progressive.jpg"), quality=90, progressive=True); add("progressive.jpg")
    # an ICC profile that is not sRGB: colour-managed readers would change the values, PIL does not
    # (the profile carries its creation time, so this one file differs from run to run; harmless)
    xyz = ImageCms.ImageCmsProfile(ImageCms.createProfile("XYZ")).tobytes()
    base.save(d("icc_xyz.jpg"), quality=90, icc_profile=xyz); add("icc_xyz.jpg")
    base.convert("L").save(d("grey.jpg"), quality=90); add("grey.jpg")
    cmyk = (rng.random((16, 24, 4)) * 255).astype(np.uint8)
    cmyk[:8] = np.linspace(0, 255, 24)[None, :, None].astype(np.uint8)
    Image.frombytes("CMYK", (24, 16), cmyk.tobytes()).save(d("cmyk.jpg"), quality=95); add("cmyk.jpg")
    # YCCK: PIL cannot write it, so flip the Adobe transform byte of a CMYK JPEG from 0 to 2; both
    # decoders must then read the same components as YCCK (odd colours, but a faithful YCCK decode)
    raw = bytearray(open(d("cmyk.jpg"), "rb").read())
    at = raw.index(b"Adobe")
    assert raw[at + 11] == 0
    raw[at + 11] = 2
    open(d("ycck.jpg"), "wb").write(bytes(raw)); add("ycck.jpg")
    Image.frombytes("CMYK", (24, 16), cmyk.tobytes()).save(d("cmyk.tif")); add("cmyk.tif")
    base.save(d("rgb.tif")); add("rgb.tif")
    base.convert("L").save(d("grey.png")); add("grey.png")
    base.convert("1").save(d("bilevel.png")); add("bilevel.png")
    pal = base.convert("P", palette=Image.ADAPTIVE, colors=37)
    pal.info["transparency"] = 3
    pal.save(d("palette.png"), transparency=3); add("palette.png")
    rgba = np.dstack([a, (rng.random((16, 24)) * 256).astype(np.uint8)])
    rgba[0, :4, 3] = 0  # fully transparent pixels keep their colour under alpha
    Image.fromarray(rgba, "RGBA").save(d("rgba.png")); add("rgba.png")
    la = np.dstack([a[:, :, 0], a[:, :, 1]])
    Image.fromarray(la, "LA").save(d("grey_alpha.png")); add("grey_alpha.png")
    # 16-bit PNGs (written by OpenCV, which stores BGR); PIL keeps the high byte of RGB samples
    rgb16 = (rng.random((16, 24, 3)) * 65536).astype(np.uint16)
    cv2.imwrite(d("rgb16.png"), rgb16[:, :, ::-1]); add("rgb16.png")
    assert (rgb_of(d("rgb16.png")) == (rgb16 >> 8)).all()
    # 16-bit grey: PIL opens it as mode "I" and its convert('RGB') CLIPS to 0..255 (nearly all
    # white); pairviz keeps the high byte instead, like 16-bit RGB. Expected = high byte.
    grey16 = (rng.random((16, 24)) * 65536).astype(np.uint16)
    cv2.imwrite(d("grey16.png"), grey16)
    add("grey16.png", expected=np.repeat((grey16 >> 8).astype(np.uint8)[:, :, None], 3, axis=2))
    base.save(d("rgb.bmp")); add("rgb.bmp")
    pal.convert("RGB").convert("P", palette=Image.ADAPTIVE, colors=16).save(d("palette.bmp")); add("palette.bmp")
    base.save(d("lossless.webp"), lossless=True); add("lossless.webp")
    # lossy WebP: TwelveMonkeys' VP8 decoder is not libwebp, so only closeness is tested (smooth content)
    y, x = np.mgrid[0:48, 0:64].astype(np.float64)
    smooth = np.stack([127 + 120 * np.sin(x / 20), 127 + 100 * np.cos(y / 15), 100 + 50 * np.sin((x + y) / 12)], -1)
    Image.fromarray(smooth.astype(np.uint8)).save(d("lossy.webp"), quality=90); add("lossy.webp")
    pal.save(d("palette.gif")); add("palette.gif")
    return files


# ---------------------------------------------------------------- OpenCV bicubic

CUBIC_FULL = [((5, 7), (23, 31)), ((16, 16), (7, 9)), ((8, 8), (64, 64)), ((3, 2), (40, 30))]
CUBIC_SAMPLED = [4, 8, 16]


def cubic_fixtures():
    cases = []
    for (h, w), (th, tw) in CUBIC_FULL:
        m = rng.normal(0, 1, (h, w)).astype(np.float32)
        out = cv2.resize(m, (tw, th), interpolation=cv2.INTER_CUBIC)
        name = f"cubic_{h}x{w}_to_{th}x{tw}"
        f32(os.path.join(REN, name + "_src.f32"), m)
        f32(os.path.join(REN, name + "_expected.f32"), out)
        cases.append({"name": name, "srcH": h, "srcW": w, "dstH": th, "dstW": tw, "sampled": False})
    for k in CUBIC_SAMPLED:
        m = rng.random((k, k)).astype(np.float32) * 10 - 3
        out = cv2.resize(m, (256, 256), interpolation=cv2.INTER_CUBIC).ravel()
        # every border pixel, the first and last 3 rows, plus random interior samples
        edge = [i for i in range(256 * 256) if i // 256 in (0, 1, 2, 253, 254, 255) or i % 256 in (0, 1, 254, 255)]
        idx = np.unique(np.concatenate([np.array(edge), rng.choice(256 * 256, 600, replace=False)])).astype("<i4")
        name = f"cubic_{k}x{k}_to_256x256"
        f32(os.path.join(REN, name + "_src.f32"), m)
        idx.tofile(os.path.join(REN, name + "_index.i32"))
        f32(os.path.join(REN, name + "_expected.f32"), out[idx])
        cases.append({"name": name, "srcH": k, "srcW": k, "dstH": 256, "dstW": 256, "sampled": True})
    return cases


# ---------------------------------------------------------------- the authors' picture, end to end

def authors_picture(rgb256, simmap):
    """The authors' code path (cv2 + numpy), from the resized RGB picture and a K x K map."""
    grey = grey_of(rgb256)[:, :, None].repeat(3, axis=2)  # Grayscale(num_output_channels=3)
    m = cv2.resize(simmap, (rgb256.shape[1], rgb256.shape[0]), interpolation=cv2.INTER_CUBIC)
    m = m - np.min(m)
    m = m / np.max(m)
    heat = cv2.applyColorMap(np.uint8(255 * m), cv2.COLORMAP_JET)
    heat = cv2.cvtColor(heat, cv2.COLOR_BGR2RGB)
    heat = np.float32(heat) / 255
    cam = heat + np.float32(grey)
    cam = cam / np.max(cam)
    return np.uint8(255 * cam)


def overlay_fixtures():
    cases = []
    for name, (h, w), k, size in [("ref", (83, 121), 16, (256, 256)), ("small", (30, 44), 5, (48, 40))]:
        src = f"overlay_{name}_src.png"
        Image.fromarray(photo_like(h, w, noise=6)).save(os.path.join(REN, src))
        img = Image.open(os.path.join(REN, src)).convert("RGB").resize(size[::-1], Image.BILINEAR)
        y, x = np.mgrid[0:k, 0:k]
        simmap = (np.exp(-((x - k * 0.3) ** 2 + (y - k * 0.6) ** 2) / k) + 0.2 * rng.random((k, k))).astype(np.float32)
        f32(os.path.join(REN, f"overlay_{name}_map.f32"), simmap)
        exp = f"overlay_{name}_expected.png"
        Image.fromarray(authors_picture(np.array(img), simmap)).save(os.path.join(REN, exp))
        cases.append({"name": name, "source": src, "map": f"overlay_{name}_map.f32", "k": k,
                      "height": size[0], "width": size[1], "expected": exp})
    return cases


def main():
    os.makedirs(IMG, exist_ok=True)
    os.makedirs(REN, exist_ok=True)
    manifest = {"resize": resize_fixtures(), "decode": decode_fixtures()}
    tensor_fixtures()
    with open(os.path.join(IMG, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(REN, "cases.json"), "w") as f:
        json.dump({"cubic": cubic_fixtures(), "overlay": overlay_fixtures()}, f, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes the 256-entry colour tables used by pairviz.render.Colormap (run once; output committed).

jet:                  OpenCV's COLORMAP_JET, read back from cv2.applyColorMap on levels 0..255
                      (converted from OpenCV's BGR to RGB).
viridis/inferno/turbo: matplotlib's tables as matplotlib turns them into bytes
                      (Colormap(levels, bytes=True), i.e. truncation of 255 * value).

Usage: /usr/bin/python3 src/test/python/make_colormaps.py   (from the repository root)
Needs Debian's python3-opencv and python3-matplotlib.
"""
import os

import cv2
import matplotlib
import numpy as np

OUT = os.path.join("src", "main", "resources", "pairviz", "render")


def write(name, rgb, source):
    assert rgb.shape == (256, 3) and rgb.dtype == np.uint8
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write(f"# {name}: 256 RGB entries (level 0..255), from {source}\n")
        for r, g, b in rgb:
            f.write(f"{r} {g} {b}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    levels = np.arange(256, dtype=np.uint8).reshape(1, 256)
    jet_bgr = cv2.applyColorMap(levels, cv2.COLORMAP_JET)  # [1, 256, 3] BGR
    jet = cv2.cvtColor(jet_bgr, cv2.COLOR_BGR2RGB)[0]
    write("jet", jet, f"OpenCV {cv2.__version__} COLORMAP_JET")
    for name in ("viridis", "inferno", "turbo"):
        cmap = matplotlib.colormaps[name]
        assert cmap.N == 256
        rgba = cmap(np.arange(256), bytes=True)  # [256, 4] uint8
        write(name, rgba[:, :3], f"matplotlib {matplotlib.__version__} '{name}' (bytes=True)")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Makes the FaceRes test photos once: 224 x 224 (and 112 x 112) RGB face crops of @vladmandic/face-api's demo photos.

Run with Debian's python3-pil:
    /usr/bin/python3 src/test/node/faceres/make_crops.py NODE_MODULES src/test/resources/faceres

Both TensorFlow.js (expected.js) and pairviz (FaceResTest) read the same PNGs, already at the
network's input size, so neither JPEG decoding nor resizing differs between them.
"""
import sys
from PIL import Image

# name: (demo photo, centre x, centre y, side) in the photo's pixels; a face in each
CROPS = {
    "face1": (1, 540, 470, 340),   # sample1.jpg, the woman on the left
    "face2": (1, 1512, 330, 340),  # sample1.jpg, the woman on the right
    "face3": (3, 1160, 380, 340),  # sample3.jpg, the woman in the middle
    "face4": (6, 320, 610, 330),   # sample6.jpg, the woman on the left
}

modules, out = sys.argv[1], sys.argv[2]
for name, (photo, cx, cy, side) in CROPS.items():
    im = Image.open(f"{modules}/@vladmandic/face-api/demo/sample{photo}.jpg").convert("RGB")
    box = (cx - side // 2, cy - side // 2, cx - side // 2 + side, cy - side // 2 + side)
    crop = im.crop(box)
    crop.resize((224, 224), Image.BICUBIC).save(f"{out}/{name}.png", optimize=True)
    # mobileface and mobilefacenet take 112 x 112
    crop.resize((112, 112), Image.BICUBIC).save(f"{out}/{name}_112.png", optimize=True)

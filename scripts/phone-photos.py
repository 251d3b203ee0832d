#!/usr/bin/python3
"""Two real photos as a phone writes them, for timing pairviz on photos at their own size
(docs/speed.md, "Photos"): skimage's astronaut and chelsea (Debian's python3-skimage), written
as JPEG at their own size and upscaled (bicubic) to 4000 x 3000, a 12-megapixel phone photo's
size, quality 92. Writes OUT/astronaut.jpg, OUT/chelsea.jpg, OUT/astronaut_12mp.jpg, OUT/chelsea_12mp.jpg.
Usage: /usr/bin/python3 scripts/phone-photos.py OUT"""
import os
import sys

import skimage.data as sd
from PIL import Image

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name in ["astronaut", "chelsea"]:
    photo = Image.fromarray(getattr(sd, name)())
    photo.save(os.path.join(out, name + ".jpg"), quality=92)
    photo.resize((4000, 3000), Image.BICUBIC).save(os.path.join(out, name + "_12mp.jpg"), quality=92)

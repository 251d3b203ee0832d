"""Full-size check of the torchvision ViT family, run once by hand (nothing committed from it).

    /usr/bin/python3 src/test/python/vit/verify_full_size.py /tmp/vitb16

Builds torchvision's vit_b_16 (224 x 224, random weights: torchvision's init, plus random class
token and heads), replaces heads by nn.Linear(768, 32), saves the state dict as DIR.pth and
torchvision's embeddings of two fixed inputs (the formula of make_torchvision_vit.py, at 224) as
DIR.json, and the embeddings at 256 x 256 of a vit_b_16(image_size=256) loaded with torchvision's own
interpolate_embeddings of those weights; src/test/python/vit/VerifyFullSize.java compares pairviz's
with them (at 256 through --size, i.e. ModelOptions.imageSize).
"""

import json
import sys

import torch
import torch.nn as nn
from torchvision.models import vit_b_16
from torchvision.models.vision_transformer import interpolate_embeddings

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from make_torchvision_vit import inputs  # noqa: E402


def main() -> None:
    out = sys.argv[1]
    torch.manual_seed(7)
    torch.set_num_threads(2)
    model = vit_b_16()
    model.heads = nn.Linear(768, 32)
    with torch.no_grad():
        model.class_token.normal_(std=0.5)
    model.eval()
    x = inputs(2, 224)
    with torch.no_grad():
        e = model(x)
    torch.save(model.state_dict(), out + ".pth")
    big = vit_b_16(image_size=256)
    big.heads = nn.Linear(768, 32)
    big.load_state_dict(interpolate_embeddings(256, 16, model.state_dict()))
    big.eval()
    with torch.no_grad():
        e256 = big(inputs(2, 256))
    cos = torch.nn.functional.cosine_similarity(e[0:1], e[1:2]).item()
    with open(out + ".json", "w") as f:
        json.dump({"embeddings": e.tolist(), "cosine": cos, "embeddings_256": e256.tolist()}, f)
    print("saved", out, e.shape, "cosine", cos)


if __name__ == "__main__":
    main()

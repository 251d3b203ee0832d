"""Generate the torchvision ResNet v1 fixtures for pairviz's Java tests (run once; output committed).

    /usr/bin/python3 src/test/python/make_torchvision_resnet_fixtures.py \
        [--out src/test/resources/fixtures/torchvision_resnet]

The networks are torchvision's own (Debian's python3-torchvision 0.14): torchvision.models.resnet.ResNet
with its BasicBlock or Bottleneck, made tiny the way torchvision builds itself: the stem conv1/bn1
replaced by a narrow one, `inplanes` set to its width, and layer1..4 rebuilt with ResNet._make_layer
(block, planes, blocks, stride) at small planes. Weights are seeded random, and so are BatchNorm's
affine parameters and running statistics (so that BatchNorm really computes something); fc is a small
embedding Linear. Each state dict is written with torch.save, and expected_<name>.json records, for
three blob images at 96 x 96 (ImageNet-normalised as torchvision.transforms.ToTensor + Normalize),
what torchvision computes in eval(): the embeddings model(x), the pooled features before fc, the head
applied at every position of layer4's output (the tokens), and the cosine of every pair. The head's bias
is set to centre it on the three images' mean feature, so that the cosines are far from 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from torchvision.models.resnet import BasicBlock, Bottleneck, ResNet

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_model_fixtures import blob_image  # noqa: E402

SEED = 20261202
SIZE = 96
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

# name: block, blocks per stage, stem width, first-stage planes, groups, width per group, head outputs
MODELS = {
    "basic": (BasicBlock, [2, 1, 1, 1], 8, 4, 1, 64, 12),
    "bottleneck": (Bottleneck, [1, 2, 1, 1], 8, 4, 1, 64, 16),
    "grouped": (Bottleneck, [1, 1, 1, 1], 8, 4, 2, 32, 10),
}


def tiny_resnet(block, units, stem, planes, groups, width_per_group, head):
    """torchvision's ResNet rebuilt small with its own _make_layer."""
    model = ResNet(block, [1, 1, 1, 1], groups=groups, width_per_group=width_per_group)
    model.inplanes = stem
    model.conv1 = nn.Conv2d(3, stem, kernel_size=7, stride=2, padding=3, bias=False)
    model.bn1 = nn.BatchNorm2d(stem)
    model.layer1 = model._make_layer(block, planes, units[0])
    model.layer2 = model._make_layer(block, planes * 2, units[1], stride=2)
    model.layer3 = model._make_layer(block, planes * 4, units[2], stride=2)
    model.layer4 = model._make_layer(block, planes * 8, units[3], stride=2)
    model.fc = nn.Linear(planes * 8 * block.expansion, head)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.weight.data = torch.empty(c).uniform_(0.5, 1.5)
            m.bias.data = torch.randn(c) * 0.5 - 0.2
            m.running_mean = torch.randn(c) * 0.3
            m.running_var = torch.empty(c).uniform_(0.5, 2.0)
            m.num_batches_tracked = torch.tensor(100)
    return model.eval()


def pooled_and_tokens(model, x):
    """torchvision's forward up to avgpool, then the head at every position (what pairviz calls tokens)."""
    f = model.maxpool(model.relu(model.bn1(model.conv1(x))))
    f = model.layer4(model.layer3(model.layer2(model.layer1(f))))  # [B, C, K, K]
    pooled = torch.flatten(model.avgpool(f), 1)  # [B, C]
    tokens = model.fc(f.flatten(2).transpose(1, 2))  # [B, N, E]
    return pooled, tokens


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures",
                                                  "torchvision_resnet"))
    out = ap.parse_args().out
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(SEED)

    names, batch = [], []
    for i in range(3):
        name = f"blob{i}_{SIZE}.png"
        pixels = blob_image(SIZE, SIZE, SEED + i)
        Image.fromarray(pixels).save(os.path.join(out, name))
        names.append(name)
        x = (np.asarray(Image.open(os.path.join(out, name)).convert("RGB"), dtype=np.float32) / 255 - MEAN) / STD
        batch.append(x.transpose(2, 0, 1))
    x = torch.from_numpy(np.stack(batch))  # [3, 3, S, S]

    for key, spec in MODELS.items():
        model = tiny_resnet(*spec)
        with torch.no_grad():
            # centre the head on the images' mean feature: a random network's features share a large common
            # part, which would leave every cosine near 1 and the tests unable to tell good maps from bad
            pooled, _ = pooled_and_tokens(model, x)
            model.fc.bias.copy_(-model.fc.weight @ pooled.mean(0))
            emb = model(x)
            pooled, tokens = pooled_and_tokens(model, x)
        assert torch.allclose(tokens.mean(1), emb, atol=1e-5), "head at every position, then mean, is torchvision's"
        torch.save(model.state_dict(), os.path.join(out, f"{key}.pth"))
        cos = {f"{a}-{b}": float(nn.functional.cosine_similarity(emb[a], emb[b], dim=0))
               for a in range(3) for b in range(a + 1, 3)}
        expected = dict(
            weights=f"{key}.pth", image_size=SIZE, block=spec[0].__name__, units=spec[1], stem=spec[2],
            planes=spec[3], groups=spec[4], width_per_group=spec[5], head=spec[6], grid=SIZE // 32,
            images=names, embeddings=emb.tolist(), features=pooled.tolist(), tokens=tokens.tolist(), cosine=cos)
        with open(os.path.join(out, f"expected_{key}.json"), "w") as fh:
            json.dump(expected, fh)
        print(key, sum(p.numel() for p in model.state_dict().values()), "values; cosines", cos)


if __name__ == "__main__":
    main()

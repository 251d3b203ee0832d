"""ONNX fixtures for pairviz's ONNX reader (run once with Debian's python3-torch 1.13 and
python3-torchvision 0.14; output committed):

    /usr/bin/python3 src/test/python/make_onnx_fixtures.py [--out src/test/resources/fixtures/onnx]

torch.onnx.export (dynamic batch) of torchvision's own networks, with the SAME seeded random weights
as the native-family fixtures, so that Java can check an ONNX model both against torch's numbers
and against pairviz's native reading of the same network:

- resnet_basic.onnx (opset 13, BatchNorm folded into the convolutions), resnet_bottleneck.onnx
  (opset 15, no constant folding: BatchNormalization nodes kept): the tiny torchvision ResNets of
  make_torchvision_resnet_fixtures.py (weights ../torchvision_resnet/{basic,bottleneck}.pth; inputs
  the 96 x 96 blob PNGs there, ImageNet-normalised);
- vit_tiny_op13.onnx (opset 13: LayerNorm spelled out) and vit_tiny_op17.onnx (opset 17: the
  LayerNormalization operator): torchvision's VisionTransformer(image_size=32, patch_size=8,
  num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64) with heads = nn.Linear(32, 16) (weights
  ../vit/torchvision_vit_tiny.pth; inputs x[b, i] = float32(sin(0.37 * (i + 1) + 1.3 * b))).
  Exported with gradients enabled, so nn.MultiheadAttention takes its Python path (MatMul, Softmax,
  MatMul over [B * H, T, d]) rather than the fused kernel, as any export for inference does;
- vit_meanpool.onnx (opset 14): a timm-style ViT written out here (timm is not in Debian): fused qkv
  Linear, q, k, v by unbind (exported as Split + Squeeze), attention (q @ k^T) * scale, softmax,
  @ v over [B, H, T, T], a class token that the embedding does NOT read: the embedding is the head
  applied to the mean of the patch tokens after the final norm (timm's global_pool="avg" without
  fc_norm); 32 x 32 input, patch 8, width 24, 3 heads, depth 2, embedding 10;
- arcface_tiny.onnx (opset 13): insightface's iresnet ending written small (ArcFace's face
  descriptor): BN-PReLU residual blocks, then BatchNorm2d, Dropout, Flatten of the whole 4 x 4
  map, a fully connected layer and BatchNorm1d: no global mean (a 64 x 64 input, embedding 16);
- swin_tiny.onnx (opset 17; made alone with --only swin_tiny, which updates expected.json's
  "swin_tiny" and nothing else): torchvision's SwinTransformer at 32 x 32 (patch 4, width 8, depths
  2 and 2, 2 heads, window 2) with its head replaced by nn.Identity: shifted windows, whose
  attention mask export as Mod, Not, Range and ScatterND; inputs those of vit_tiny;
- mobilenet_v3.onnx (opset 14): torchvision's MobileNetV3-Small at width 0.25 with its classifier
  replaced by nn.Linear(.., 16): depthwise convolutions, squeeze-and-excitation (a global mean,
  convolutions, HardSigmoid, a product), HardSwish; BatchNorm folded; inputs the 96 x 96 blobs;
- ops_zoo_op11.onnx, ops_zoo_op13.onnx: a small CNN that uses the operations the networks above do
  not (asymmetric Pad, AveragePool with ceil_mode and count_include_pad, Clip, LeakyRelu, Sigmoid,
  Tanh, Split, negative Slice, Concat, Max, ReduceMax, MaxPool with padding, Softmax over channels),
  at operator set 11 (axes and splits as attributes, Softmax before 13) and 13 (as inputs);
- resnet_basic_external.onnx + resnet_basic_external.onnx.data: resnet_basic.onnx with every
  initializer in an external data file (onnx.save_model(save_as_external_data=True)).

expected.json, per network: the embeddings torch computes (model(x) in eval mode), the features
of every position (the head at every position of layer4's map; for the ViT, heads(ln(x)) at
every patch token, x the encoder's output before its final norm), and for the ViT every layer's
attention probabilities [L][B][H][T][T] (torch's need_weights=True, average_attn_weights=False,
on the same module's weights). Every exported file passes onnx.checker.check_model.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
from PIL import Image
from torchvision.models import VisionTransformer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_torchvision_resnet_fixtures import MEAN, MODELS, STD, pooled_and_tokens, tiny_resnet  # noqa: E402

FIX = os.path.join(HERE, "..", "resources", "fixtures")
TINY = dict(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=32, mlp_dim=64)


def resnet(key):
    model = tiny_resnet(*MODELS[key])
    model.load_state_dict(torch.load(os.path.join(FIX, "torchvision_resnet", key + ".pth")))
    return model.eval()


def resnet_inputs():
    batch = []
    for i in range(3):
        rgb = np.asarray(Image.open(os.path.join(FIX, "torchvision_resnet", f"blob{i}_96.png")).convert("RGB"),
                         dtype=np.float32)
        batch.append(((rgb / 255 - MEAN) / STD).transpose(2, 0, 1))
    return torch.from_numpy(np.stack(batch).astype(np.float32))  # [3, 3, 96, 96]


def vit():
    model = VisionTransformer(**TINY, num_classes=16)
    model.heads = nn.Linear(32, 16)
    model.load_state_dict(torch.load(os.path.join(FIX, "vit", "torchvision_vit_tiny.pth")))
    return model.eval()


def vit_inputs(batch=3, size=32):
    n = 3 * size * size
    x = np.array([[math.sin(0.37 * (i + 1) + 1.3 * b) for i in range(n)] for b in range(batch)], dtype=np.float64)
    return torch.from_numpy(x.astype(np.float32)).reshape(batch, 3, size, size)


def vit_trace(model, x):
    """Embeddings, per-patch features and attention, from torchvision's modules (eval mode)."""
    h = model._process_input(x)
    h = torch.cat([model.class_token.expand(x.shape[0], -1, -1), h], dim=1)
    enc = model.encoder
    h = enc.dropout(h + enc.pos_embedding)
    attentions = []
    for block in enc.layers:
        y = block.ln_1(h)
        _, w = block.self_attention(y, y, y, need_weights=True, average_attn_weights=False)  # [B, H, T, T]
        attentions.append(w)
        h = block(h)
    tokens = model.heads(enc.ln(h))  # [B, T, E]
    return tokens[:, 0], tokens[:, 1:], torch.stack(attentions)


class TimmAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads, self.scale = heads, (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):  # [B, T, D] -> [B, T, D], [B, H, T, T]
        b, t, d = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4).unbind(0)
        attn = ((q @ k.transpose(-2, -1)) * self.scale).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, t, d)), attn


class TimmBlock(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.norm1, self.attn = nn.LayerNorm(dim, eps=1e-6), TimmAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))

    def forward(self, x):
        y, attn = self.attn(self.norm1(x))
        x = x + y
        return x + self.mlp(self.norm2(x)), attn


class MeanPoolVit(nn.Module):
    """[B, 3, 32, 32] -> [B, 10]: patch 8, class token (not read), 2 blocks, mean of the patch tokens."""

    def __init__(self, dim=24, heads=3, depth=2, embed=10):
        super().__init__()
        self.patch = nn.Conv2d(3, dim, 8, stride=8)
        self.cls = nn.Parameter(torch.randn(1, 1, dim) * 0.5)
        self.pos = nn.Parameter(torch.randn(1, 17, dim) * 0.5)
        self.blocks = nn.ModuleList([TimmBlock(dim, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.head = nn.Linear(dim, embed)

    def tokens(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)  # [B, 16, D]
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        attentions = []
        for blk in self.blocks:
            x, a = blk(x)
            attentions.append(a)
        return self.norm(x), attentions

    def forward(self, x):
        x, _ = self.tokens(x)
        return self.head(x[:, 1:].mean(dim=1))


class IBlock(nn.Module):
    """insightface's IBasicBlock: BN, conv, BN, PReLU, conv (stride), BN, plus the (downsampled) input."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(nn.BatchNorm2d(cin), nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout),
                                  nn.PReLU(cout), nn.Conv2d(cout, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout))
        self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return self.body(x) + self.down(x)


class TinyArcFace(nn.Module):
    """[B, 3, 64, 64] -> [B, 16], as iresnet: stem, blocks to a 4 x 4 map, BN, dropout, flatten, fc, BN1d."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8), nn.PReLU(8))
        self.blocks = nn.Sequential(IBlock(8, 8, 2), IBlock(8, 12, 2), IBlock(12, 16, 2), IBlock(16, 16, 2))
        self.bn2 = nn.BatchNorm2d(16)
        self.dropout = nn.Dropout(0.4)
        self.fc = nn.Linear(16 * 4 * 4, 16)
        self.features = nn.BatchNorm1d(16)

    def forward(self, x):
        x = self.dropout(self.bn2(self.blocks(self.stem(x))))
        return self.features(self.fc(torch.flatten(x, 1)))


def randomise_batchnorm(model):
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            c = m.num_features
            m.weight.data = torch.empty(c).uniform_(0.5, 1.5)
            m.bias.data = torch.randn(c) * 0.3
            m.running_mean = torch.randn(c) * 0.3
            m.running_var = torch.empty(c).uniform_(0.5, 2.0)


class OpsZoo(nn.Module):
    """[B, 3, 32, 32] -> [B, 8]: the operations the exports above do not use, then a global mean and a Linear."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, stride=2)
        self.conv3 = nn.Conv2d(12, 12, 1)
        self.fc = nn.Linear(12, 8)

    def forward(self, x):
        x = torch.nn.functional.pad(self.conv1(x), (0, 1, 1, 0))  # asymmetric Pad: [B, 8, 33, 33]
        x = torch.nn.functional.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=True)
        x = torch.clamp(x, -1.5, 2.0) + torch.nn.functional.leaky_relu(x, 0.1)  # [B, 8, 17, 17]
        a, b = torch.split(x, [3, 5], dim=1)
        y = torch.cat([torch.sigmoid(a), torch.tanh(b), a[:, :, :, -3:].mean(3, keepdim=True).expand_as(a)
                       + x.max(dim=1, keepdim=True)[0]], dim=1)  # [B, 11, 17, 17]
        y = torch.nn.functional.max_pool2d(self.conv2(y[:, :8]), 3, stride=1, padding=1)  # [B, 8, 8, 8]
        y = torch.cat([y, torch.softmax(y[:, :4], dim=1)], dim=1)  # [B, 12, 8, 8]
        y = torch.maximum(self.conv3(y), y)
        return self.fc(y.mean(dim=(2, 3)))


def export(model, x, path, opset, fold=True):
    torch.onnx.export(model, x[:1], path, opset_version=opset, input_names=["image"], output_names=["embedding"],
                      dynamic_axes={"image": {0: "batch"}, "embedding": {0: "batch"}}, do_constant_folding=fold,
                      training=torch.onnx.TrainingMode.EVAL if fold else torch.onnx.TrainingMode.PRESERVE)
    onnx.checker.check_model(onnx.load(path))
    ops = sorted({n.op_type for n in onnx.load(path).graph.node})
    print(os.path.basename(path), os.path.getsize(path), "bytes, ops:", " ".join(ops))


def swin_tiny(out):
    """torchvision's Swin Transformer, small: its expected.json entry."""
    from torchvision.models.swin_transformer import SwinTransformer
    torch.manual_seed(20261211)
    swin = SwinTransformer(patch_size=[4, 4], embed_dim=8, depths=[2, 2], num_heads=[2, 2], window_size=[2, 2])
    swin.head = nn.Identity()
    swin.eval()
    x = vit_inputs()  # [3, 3, 32, 32]
    export(swin, x, os.path.join(out, "swin_tiny.onnx"), 17)
    with torch.no_grad():
        emb = swin(x)
    return dict(file="swin_tiny.onnx", opset=17, image_size=32, inputs="as vit_tiny's", embeddings=emb.tolist())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(FIX, "onnx"))
    ap.add_argument("--only", choices=["swin_tiny"], help="make this fixture alone, keeping the others")
    args = ap.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    if args.only:
        with open(os.path.join(out, "expected.json")) as f:
            expected = json.load(f)
        expected["swin_tiny"] = swin_tiny(out)
        with open(os.path.join(out, "expected.json"), "w") as f:
            json.dump(expected, f)
            f.write("\n")
        return
    expected = {"generator": "src/test/python/make_onnx_fixtures.py (torch " + torch.__version__ + ")"}

    x = resnet_inputs()
    for key, opset in (("basic", 13), ("bottleneck", 15)):
        model = resnet(key)
        path = os.path.join(out, f"resnet_{key}.onnx")
        export(model, x, path, opset, fold=key == "basic")
        with torch.no_grad():
            emb = model(x)
            _, tokens = pooled_and_tokens(model, x)
        assert torch.allclose(tokens.mean(1), emb, atol=1e-5)
        expected[f"resnet_{key}"] = dict(file=os.path.basename(path), opset=opset, image_size=96, grid=3,
                                         inputs="../torchvision_resnet/blob{0,1,2}_96.png, ImageNet-normalised",
                                         embeddings=emb.tolist(), tokens=tokens.tolist())

    ext = os.path.join(out, "resnet_basic_external.onnx")
    onnx.save_model(onnx.load(os.path.join(out, "resnet_basic.onnx")), ext, save_as_external_data=True,
                    all_tensors_to_one_file=True, location="resnet_basic_external.onnx.data", size_threshold=0)
    onnx.checker.check_model(ext)

    x = vit_inputs()
    model = vit()
    for opset in (13, 17):
        with torch.enable_grad():
            export(model, x, os.path.join(out, f"vit_tiny_op{opset}.onnx"), opset)
    with torch.no_grad():
        emb = model(x)
        cls, tokens, attentions = vit_trace(model, x)
    assert torch.allclose(cls, emb, atol=1e-6)
    expected["vit_tiny"] = dict(files=["vit_tiny_op13.onnx", "vit_tiny_op17.onnx"], image_size=32, grid=4,
                                inputs="x[b, i] = float32(sin(0.37 * (i + 1) + 1.3 * b)), i the flat index over 3 x 32 x 32",
                                embeddings=emb.tolist(), tokens=tokens.tolist(),
                                attention_shape=list(attentions.shape), attentions=attentions.flatten().tolist())
    torch.manual_seed(20261207)
    mean_vit = MeanPoolVit().eval()
    with torch.no_grad():
        for blk in mean_vit.blocks:
            blk.attn.qkv.weight.mul_(3.0)  # peakier attention than the default init gives
    with torch.enable_grad():
        export(mean_vit, x, os.path.join(out, "vit_meanpool.onnx"), 14)
    with torch.no_grad():
        emb = mean_vit(x)
        normed, attentions = mean_vit.tokens(x)
        tokens = mean_vit.head(normed[:, 1:])
    assert torch.allclose(tokens.mean(1), emb, atol=1e-5)
    expected["vit_meanpool"] = dict(file="vit_meanpool.onnx", opset=14, image_size=32, grid=4,
                                    inputs=expected["vit_tiny"]["inputs"], embeddings=emb.tolist(),
                                    tokens=tokens.tolist(), attention_shape=[2, 3, 3, 17, 17],
                                    attentions=torch.stack(attentions).flatten().tolist())
    torch.manual_seed(20261210)
    zoo = OpsZoo().eval()
    xz = vit_inputs()  # [3, 3, 32, 32]
    for opset in (11, 13):
        export(zoo, xz, os.path.join(out, f"ops_zoo_op{opset}.onnx"), opset)
    with torch.no_grad():
        emb = zoo(xz)
    expected["ops_zoo"] = dict(files=["ops_zoo_op11.onnx", "ops_zoo_op13.onnx"], image_size=32,
                               inputs=expected["vit_tiny"]["inputs"], embeddings=emb.tolist())

    torch.manual_seed(20261209)
    from torchvision.models.mobilenetv3 import MobileNetV3, _mobilenet_v3_conf
    setting, last = _mobilenet_v3_conf("mobilenet_v3_small", width_mult=0.25)
    mobile = MobileNetV3(setting, last)
    mobile.classifier = nn.Linear(mobile.classifier[0].in_features, 16)
    randomise_batchnorm(mobile)
    mobile.eval()
    xr = resnet_inputs()
    export(mobile, xr, os.path.join(out, "mobilenet_v3.onnx"), 14)
    with torch.no_grad():
        emb = mobile(xr)
    expected["mobilenet_v3"] = dict(file="mobilenet_v3.onnx", opset=14, image_size=96, grid=3,
                                    inputs="../torchvision_resnet/blob{0,1,2}_96.png, ImageNet-normalised",
                                    embeddings=emb.tolist())

    torch.manual_seed(20261208)
    face = TinyArcFace()
    randomise_batchnorm(face)
    face.eval()
    xf = resnet_inputs()[:, :, 16:80, 16:80].contiguous()  # [3, 3, 64, 64]: the blobs' centres
    export(face, xf, os.path.join(out, "arcface_tiny.onnx"), 13, fold=False)
    with torch.no_grad():
        emb = face(xf)
    expected["arcface_tiny"] = dict(file="arcface_tiny.onnx", opset=13, image_size=64, grid=4,
                                    inputs="../torchvision_resnet/blob{0,1,2}_96.png, ImageNet-normalised, rows and "
                                           "columns 16..79", embeddings=emb.tolist())
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Makes the small checkpoint fixtures for pairviz.model.weights tests (run ONCE, output committed).

    /usr/bin/python3 src/test/python/make_weight_fixtures.py

Writes src/test/resources/weights/: PyTorch zip and legacy checkpoints, .npz and .safetensors
files, plus expected.json, which lists for every fixture the names (in order, after the reader
strips a `module.` prefix), shapes and float32 values (as IEEE-754 bit patterns, row-major) that
pairviz.model.weights.Checkpoints.read must return.
"""
import collections
import io
import json
import os
import struct
import zipfile

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "weights")
gen = torch.Generator().manual_seed(20220104)


def randn(*shape):
    return torch.randn(*shape, generator=gen)


def tensor_zoo():
    """Tensors covering dtypes and the storage layouts torch.save can produce."""
    zoo = collections.OrderedDict()
    zoo["conv.weight"] = randn(3, 2, 2, 2)                      # plain contiguous
    zoo["conv.bias"] = randn(5)
    zoo["transposed"] = randn(3, 4).t()                         # [4,3], strides (1,4)
    big = randn(6, 5)
    zoo["sliced"] = big[2:5, 1:4]                               # offset 11, strides (5,1)
    shared = randn(10)
    zoo["shared.a"] = shared[:6].view(2, 3)                     # same storage ...
    zoo["shared.b"] = shared[4:]                                # ... overlapping, offset 4
    zoo["expanded"] = torch.tensor([1.5, -2.0, 3.25]).expand(2, 3)  # stride 0
    zoo["half"] = torch.tensor([[1.0, -2.5, 65504.0], [6e-8, -0.0, float("inf")]],
                               dtype=torch.float16)             # incl. subnormal, max, -0, inf
    zoo["bf16"] = torch.tensor([1.0, -3.140625, 1e30, 2 ** -130], dtype=torch.bfloat16)
    zoo["f64"] = torch.tensor([0.1, -1e-3, 12345.6789], dtype=torch.float64)
    zoo["i64"] = torch.tensor([0, -5, 16777217, 2 ** 40], dtype=torch.int64)
    zoo["i32"] = torch.tensor([7, -8], dtype=torch.int32)
    zoo["u8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    zoo["flags"] = torch.tensor([True, False, True])
    zoo["steps"] = torch.tensor(42)                             # 0-d int64 scalar
    return zoo


def bits(array):
    """float32 bit patterns, row-major."""
    return np.ascontiguousarray(np.asarray(array, dtype=np.float32)).ravel().view(np.uint32).tolist()


def expected_torch(state):
    return [{"name": k, "shape": list(v.shape), "bits": bits(v.to(torch.float32).numpy())}
            for k, v in state.items()]


def expected_numpy(arrays):
    return [{"name": k, "shape": list(v.shape), "bits": bits(v.astype(np.float32))}
            for k, v in arrays.items()]


def prefixed(state, prefix):
    return collections.OrderedDict((prefix + k, v) for k, v in state.items())


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(3, 2)
        self.norm = torch.nn.BatchNorm1d(2)
        self.register_buffer("scratch", torch.zeros(2), persistent=False)


def save_torch(expected):
    zoo = tensor_zoo()
    torch.save(prefixed(zoo, "module."), os.path.join(OUT, "torch_zip.pth"))
    expected["torch_zip.pth"] = expected_torch(zoo)

    torch.save(prefixed(zoo, "module."), os.path.join(OUT, "torch_legacy.pth"),
               _use_new_zipfile_serialization=False)
    expected["torch_legacy.pth"] = expected_torch(zoo)

    small = collections.OrderedDict((k, zoo[k]) for k in ["conv.bias", "transposed", "half"])
    wrapped = {
        "epoch": 3,
        "optimizer": {"state": {0: {"momentum_buffer": torch.ones(2)}},
                      "param_groups": [{"lr": 0.1, "params": [0]}]},
        "state_dict": small,
        "best_acc": np.float64(0.875),
        "args": {"arch": "vit", "lr": 1e-4},
    }
    torch.save(wrapped, os.path.join(OUT, "torch_wrapped.pth"))
    expected["torch_wrapped.pth"] = expected_torch(small)

    torch.manual_seed(7)
    tiny = Tiny().eval()
    with torch.no_grad():
        tiny.norm.running_mean.copy_(torch.tensor([0.5, -0.25]))
        tiny.norm.running_var.copy_(torch.tensor([2.0, 3.0]))
    sd = tiny.state_dict()                       # an OrderedDict carrying _metadata
    torch.save(sd, os.path.join(OUT, "torch_state_dict.pth"))
    expected["torch_state_dict.pth"] = expected_torch(sd)
    torch.save(tiny, os.path.join(OUT, "torch_whole_module.pth"))
    expected["torch_whole_module.pth"] = expected_torch(sd)

    torch.save({"w": torch.tensor([1 + 2j, 3 - 1j], dtype=torch.complex64)},
               os.path.join(OUT, "torch_complex.pth"))


def numpy_arrays():
    rng = np.random.default_rng(5)
    arrays = collections.OrderedDict()
    arrays["dense.f4"] = rng.standard_normal((2, 3)).astype("<f4")
    arrays["dense.f2"] = np.array([0.5, -65504.0, 6e-8], dtype="<f2")
    arrays["dense.f8"] = rng.standard_normal(3).astype("<f8")
    arrays["big_endian"] = rng.standard_normal((2, 2)).astype(">f4")
    arrays["big_endian64"] = np.array([1.25, -7.5], dtype=">f8")
    arrays["fortran2d"] = np.asfortranarray(rng.standard_normal((3, 4)).astype("<f4"))
    arrays["fortran3d"] = np.asfortranarray(np.arange(24, dtype="<f4").reshape(2, 3, 4))
    arrays["ints"] = np.array([3, -4, 16777217], dtype="<i8")
    arrays["i2"] = np.array([-300, 300], dtype="<i2")
    arrays["u1"] = np.array([1, 255], dtype="|u1")
    arrays["mask"] = np.array([True, False])
    arrays["scalar"] = np.array(2.5, dtype="<f4")
    return arrays


def save_numpy(expected):
    arrays = numpy_arrays()
    assert arrays["fortran2d"].flags.f_contiguous and not arrays["fortran2d"].flags.c_contiguous
    np.savez(os.path.join(OUT, "weights.npz"), **arrays)
    expected["weights.npz"] = expected_numpy(arrays)

    compressed = collections.OrderedDict((k, arrays[k]) for k in ["dense.f4", "fortran3d"])
    np.savez_compressed(os.path.join(OUT, "weights_compressed.npz"), **compressed)
    expected["weights_compressed.npz"] = expected_numpy(compressed)

    # .npy format versions 2.0 and 3.0 (4-byte header length) next to a 1.0 entry
    versions = collections.OrderedDict([("v1", ((1, 0), arrays["dense.f4"])),
                                        ("v2", ((2, 0), arrays["fortran2d"])),
                                        ("v3", ((3, 0), arrays["ints"]))])
    with zipfile.ZipFile(os.path.join(OUT, "weights_versions.npz"), "w") as z:
        for name, (version, arr) in versions.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, version=version)
            z.writestr(name + ".npy", buf.getvalue())
    expected["weights_versions.npz"] = expected_numpy(
        collections.OrderedDict((k, a) for k, (_, a) in versions.items()))


def save_safetensors(expected):
    """Hand-written .safetensors: 8-byte LE header size, JSON header, raw little-endian data."""
    tensors = collections.OrderedDict()
    rng = np.random.default_rng(11)
    f32 = rng.standard_normal((2, 3)).astype("<f4")
    tensors["module.blocks.0.weight"] = ("F32", f32.shape, f32.tobytes(), f32)
    f16 = np.array([1.5, -0.0, 6e-8], dtype="<f2")
    tensors["module.blocks.0.half"] = ("F16", f16.shape, f16.tobytes(), f16)
    bf16_values = torch.tensor([1.0, -2.5, 3e38, 1e-40], dtype=torch.bfloat16)
    bf16_bytes = bf16_values.view(torch.int16).numpy().astype("<i2").tobytes()
    tensors["module.blocks.0.bf16"] = ("BF16", (4,), bf16_bytes, bf16_values.float().numpy())
    f64 = np.array([[1e-3, -2.0]], dtype="<f8")
    tensors["module.f64"] = ("F64", f64.shape, f64.tobytes(), f64)
    i64 = np.array([5, -6, 16777217], dtype="<i8")
    tensors["module.i64"] = ("I64", i64.shape, i64.tobytes(), i64)
    i32 = np.array([-1, 2], dtype="<i4")
    tensors["module.i32"] = ("I32", i32.shape, i32.tobytes(), i32)
    u8 = np.array([9, 250], dtype="|u1")
    tensors["module.u8"] = ("U8", u8.shape, u8.tobytes(), u8)
    flags = np.array([False, True], dtype="|b1")
    tensors["module.flags"] = ("BOOL", flags.shape, flags.tobytes(), flags)
    scalar = np.array(0.75, dtype="<f4")
    tensors["module.scalar"] = ("F32", (), scalar.tobytes(), scalar)

    header = collections.OrderedDict()
    header["__metadata__"] = {"format": "pt", "source": "make_weight_fixtures.py"}
    offset = 0
    for name, (dtype, shape, raw, _) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(os.path.join(OUT, "weights.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, (_, _, raw, _) in tensors.items():
            f.write(raw)
    expected["weights.safetensors"] = [
        {"name": name[len("module."):], "shape": list(shape), "bits": bits(np.asarray(values, dtype=np.float32))}
        for name, (_, shape, _, values) in tensors.items()]
    expected["weights.safetensors.metadata"] = header["__metadata__"]


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = collections.OrderedDict()
    save_torch(expected)
    save_numpy(expected)
    save_safetensors(expected)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        f.write("{\n")
        for i, (key, value) in enumerate(expected.items()):
            f.write(" %s: " % json.dumps(key))
            if isinstance(value, list):  # one line per tensor
                f.write("[\n" + ",\n".join("  " + json.dumps(e) for e in value) + "\n ]")
            else:
                f.write(json.dumps(value))
            f.write(",\n" if i + 1 < len(expected) else "\n")
        f.write("}\n")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print("wrote", len(os.listdir(OUT)), "files,", total, "bytes in", os.path.normpath(OUT))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Makes the hostile checkpoint fixtures of pairviz.model.weights.HostileCheckpointsTest (run ONCE,
output committed; the other hostile files are crafted by the test itself).

    /usr/bin/python3 src/test/python/make_hostile_fixtures.py

Writes src/test/resources/weights/:
  hostile_system.pth   real weights plus an object whose __reduce__ calls os.system
                       (torch.load(weights_only=True) refuses it: "Unsupported global posix.system")
  hostile_flipped.pth  a valid torch.save archive with one byte of a tensor record flipped
                       (only the record's zip CRC says so)
  hostile_bare_pickle.pkl  weights written by pickle.dump instead of torch.save
"""
import pickle
import io
import os
import zipfile

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "weights")


class Evil:
    def __reduce__(self):
        return os.system, ("echo this command never runs",)


def main():
    torch.save({"w": torch.arange(6.0).view(2, 3), "evil": Evil()}, os.path.join(OUT, "hostile_system.pth"))

    with open(os.path.join(OUT, "hostile_bare_pickle.pkl"), "wb") as f:
        pickle.dump({"w": torch.ones(3)}, f)

    buf = io.BytesIO()
    torch.save({"w": torch.arange(64.0)}, buf)
    data = bytearray(buf.getvalue())
    record = torch.arange(64.0).numpy().tobytes()
    at = data.find(record)
    assert at > 0 and data.find(record, at + 1) < 0
    data[at + 41] ^= 0x10  # inside the float 10.0: a plausible value, wrong bits
    with open(os.path.join(OUT, "hostile_flipped.pth"), "wb") as f:
        f.write(data)
    with zipfile.ZipFile(os.path.join(OUT, "hostile_flipped.pth")) as z:
        assert z.testzip() is not None  # Python's zipfile sees the bad CRC too


if __name__ == "__main__":
    main()

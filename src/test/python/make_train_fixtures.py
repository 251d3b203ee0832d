#!/usr/bin/python3
"""Writes the PyTorch reference fixtures for pairviz.train (run once; outputs are committed).

    /usr/bin/python3 src/test/python/make_train_fixtures.py

Outputs (src/test/resources/train/):
  onecycle_total100_maxlr0.1.json  lr and momentum of torch.optim.lr_scheduler.OneCycleLR
      (defaults: cos annealing, pct_start 0.3, div 25, final_div 1e4, momentum 0.85..0.95),
      total_steps=100, max_lr=0.1, read from an SGD optimizer with momentum before each
      optimizer.step(), for steps 0..100 (the value at 100 = total_steps is what PyTorch gives
      after the last scheduler.step(); one more step would raise).
  sgd_onecycle_trajectories.json  float32 parameter values after each of 20 torch.optim.SGD steps
      driven by OneCycleLR, two param groups (a 2x2 weight with weight decay, a 1-D bias without,
      the bias group with a 100x max_lr), for two settings: dampening 0.1, and nesterov.
      Gradient of loss = sum(0.5 * a * p^2 + c * p) for constants a, c per parameter.
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "train")


def onecycle_values():
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=100)
    lrs, moms = [], []
    for step in range(101):
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(opt.param_groups[0]["momentum"])
        if step < 100:
            opt.step()
            sched.step()
    return {"total_steps": 100, "max_lr": 0.1, "torch": torch.__version__, "lr": lrs, "momentum": moms}


W0 = [[0.5, -1.0], [1.5, 0.25]]
B0 = [0.3, -0.7]
A_W = [[0.8, 0.3], [0.5, 1.2]]
C_W = [[0.1, -0.2], [0.05, 0.3]]
A_B = [0.01, 0.02]
C_B = [0.05, -0.03]


def trajectory(dampening, nesterov, steps=20):
    w = torch.nn.Parameter(torch.tensor(W0, dtype=torch.float32))
    b = torch.nn.Parameter(torch.tensor(B0, dtype=torch.float32))
    aw, cw = torch.tensor(A_W), torch.tensor(C_W)
    ab, cb = torch.tensor(A_B), torch.tensor(C_B)
    opt = torch.optim.SGD(
        [{"params": [w], "weight_decay": 0.05}, {"params": [b], "weight_decay": 0.0}],
        lr=0.1, momentum=0.9, dampening=dampening, nesterov=nesterov)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[0.1, 10.0], total_steps=steps)
    ws, bs = [], []
    for _ in range(steps):
        opt.zero_grad()
        loss = (0.5 * aw * w * w + cw * w).sum() + (0.5 * ab * b * b + cb * b).sum()
        loss.backward()
        opt.step()
        sched.step()
        ws.append(w.detach().flatten().tolist())
        bs.append(b.detach().tolist())
    return {"dampening": dampening, "nesterov": nesterov, "w": ws, "b": bs}


def main():
    with open(os.path.join(OUT, "onecycle_total100_maxlr0.1.json"), "w") as f:
        json.dump(onecycle_values(), f, indent=1)
    fixture = {
        "torch": torch.__version__, "steps": 20, "momentum": 0.9, "weight_decay_w": 0.05,
        "max_lr_w": 0.1, "max_lr_b": 10.0,
        "w0": W0, "b0": B0, "a_w": A_W, "c_w": C_W, "a_b": A_B, "c_b": C_B,
        "runs": [trajectory(0.1, False), trajectory(0.0, True)],
    }
    with open(os.path.join(OUT, "sgd_onecycle_trajectories.json"), "w") as f:
        json.dump(fixture, f, indent=1)


if __name__ == "__main__":
    main()

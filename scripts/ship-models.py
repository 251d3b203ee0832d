#!/usr/bin/env python3
"""Copies the runs of scripts/train-models.sh into models/: the final weights of the ResNet and of
the ViT's last run, their manifests with the evaluation on unseen classes (WORK/<run>-seed2.json)
added, and three checkpoints of the ViT's first run for the evolution figure. The ViT is trained in
several runs, each starting from the previous one's weights; its shipped manifest counts the steps
of all of them and lists each run's command, iterations and end-of-run metrics.
With CLS_RUNS set (comma-separated, e.g. CLS_RUNS=vitcls,vitcls2), also the class-token ViT: the
last of those runs' weights as scenes-vit-cls, its manifest listing each of them.
Usage: scripts/ship-models.py WORK MODELS [VIT_RUN ...]   (default: vit vit2 vit3 vit4)"""
import os
import json
import shutil
import sys
from pathlib import Path

work, models = Path(sys.argv[1]), Path(sys.argv[2])
vit_runs = sys.argv[3:] or ["vit", "vit2", "vit3", "vit4"]
TEST = "pairviz data scenes --out scenes-test --classes 50 --per-class 20 --size 64 --seed 2"


def last(run):
    """The iteration of a run's last checkpoint."""
    return json.loads((work / run / "last.json").read_text())["iteration"]


def manifest(run, it=None):
    it = last(run) if it is None else it
    return json.loads((work / run / "checkpoints" / f"iter-{it:06d}.json").read_text())


def ship(name, run, extra):
    it = last(run)
    shutil.copyfile(work / run / "checkpoints" / f"iter-{it:06d}.safetensors", models / f"{name}.safetensors")
    m = manifest(run)
    m.pop("train_state", None)
    m["weights"] = f"{name}.safetensors"
    e = json.loads((work / f"{run}-seed2.json").read_text())
    m["unseen_classes"] = {"data": TEST,
                           "command": f"pairviz evaluate --weights models/{name}.safetensors --data scenes-test --subset all",
                           **{k: e[k] for k in ("recall_at_1", "map_at_r", "r_precision", "queries")}}
    m.update(extra(m))
    (models / f"{name}.json").write_text(json.dumps(m, indent=2) + "\n")
    print(name, "Recall@1", round(e["recall_at_1"], 4), "MAP@R", round(e["map_at_r"], 4))


def first_command(run):
    """The command that started a run (a resumed checkpoint's manifest holds the --resume command)."""
    commands = [json.loads(p.read_text())["command"] for p in sorted((work / run / "checkpoints").glob("iter-*.json"))]
    return next((c for c in commands if "--resume" not in c), commands[0])


ship("scenes-resnet", "resnet", lambda m: {"command": first_command("resnet")})
total = sum(last(r) for r in vit_runs)
ship("scenes-vit", vit_runs[-1], lambda m: {
    "iteration": total, "iterations": total,
    "runs": [{"command": first_command(r), "iterations": last(r), "metrics": manifest(r)["metrics"]} for r in vit_runs],
    "command": first_command(vit_runs[-1])})
cls_runs = [r for r in os.environ.get("CLS_RUNS", "").split(",") if r]
if cls_runs:
    steps = sum(last(r) for r in cls_runs)
    ship("scenes-vit-cls", cls_runs[-1], lambda m: {
        "iteration": steps, "iterations": steps,
        "runs": [{"command": first_command(r), "iterations": last(r), "metrics": manifest(r)["metrics"]} for r in cls_runs],
        "command": first_command(cls_runs[-1])})
history = models / "scenes-vit-history"
history.mkdir(exist_ok=True)
for it in (1000, 5000, 10000):
    for suffix in (".safetensors", ".json"):
        shutil.copyfile(work / vit_runs[0] / "checkpoints" / f"iter-{it:06d}{suffix}", history / f"iter-{it:06d}{suffix}")

"""Pose Splatter benchmark on CPU (or GPU): pipeline times, HDF5 read speed, held-out quality vs the visual
hull rendered directly, step / render time and peak memory per grid size. Prints markdown tables and writes
figures to docs/figures/posesplat/.

    PYTHONPATH=python_backend/src python tools/bench/posesplat.py --steps 60 --minutes 5
"""

from __future__ import annotations

import argparse
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from enginemind.config import from_dict
from enginemind.families.posesplat.config import PosesplatConfig
from enginemind.families.posesplat.data import load_prepared
from enginemind.families.posesplat.evaluate import KEYS, compare, loss_plot, render_sheet
from enginemind.families.posesplat.features import embed, embedding_plot
from enginemind.families.posesplat.model import PoseSplatter
from enginemind.families.posesplat.pipeline import prepare
from enginemind.families.posesplat.predict import orbit_gif
from enginemind.families.posesplat.scene import Scene
from enginemind.families.posesplat.synth import write_dataset
from enginemind.families.posesplat.train import step_loss

FIG = Path(__file__).resolve().parents[2] / "docs" / "figures" / "posesplat"


def peak_mb(device: torch.device) -> float:
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated() / 2 ** 20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_speed(path: Path, reps: int = 20) -> float:
    import h5py

    with h5py.File(path, "r") as f:
        n = f["images"].shape[0]
        t = time.perf_counter()
        for i in range(reps):
            f["images"][i % n]
            f["masks"][i % n]
    return (time.perf_counter() - t) / reps * 1000


def timing(scene: Scene, cfg: PosesplatConfig, grid: int, device: torch.device, reps: int = 2) -> dict:
    cfg = from_dict(PosesplatConfig, {"model": {"grid_size": grid}, "target_views": cfg.target_views})
    model = PoseSplatter(cfg.model).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    steps, renders = [], []
    for i in range(reps + 1):
        t = time.perf_counter()
        loss, _ = step_loss(scene, model, i, scene.observed[:cfg.target_views], cfg)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        steps.append(time.perf_counter() - t)
        with torch.no_grad():
            t = time.perf_counter()
            g, _ = scene.gaussians(model, i)
            scene.render(g, scene.holdout[0])
            if device.type == "cuda":
                torch.cuda.synchronize()
            renders.append(time.perf_counter() - t)
    g, _ = scene.gaussians(model, 0)
    return {"grid": grid, "step_s": float(np.median(steps[1:])), "render_s": float(np.median(renders[1:])),
            "gaussians": len(g["means"]), "peak_mb": peak_mb(device)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--minutes", type=float, default=4.0, help="stop training after this long")
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--grid", type=int, default=32)
    ap.add_argument("--grids", default="32,64", help="grid sizes to time")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--out", default="", help="work folder (default: a temporary one)")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is fastest on a busy 2-core box)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
                          else "cpu")
    work = Path(args.out or tempfile.mkdtemp(prefix="posesplat-bench-"))
    print(f"machine: {platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads, "
          f"device {device}, torch {torch.__version__}\n")

    t = time.perf_counter()
    write_dataset(work / "data", args.frames, 5, 128, 0)
    t_synth = time.perf_counter() - t
    t = time.perf_counter()
    prepare(work / "data", work / "project", 2)
    t_prep = time.perf_counter() - t
    print("| stage | time |\n|---|---|")
    print(f"| synthetic data ({args.frames} frames x 5 cameras, 128 px) | {t_synth:.1f} s |")
    print(f"| prepare (steps 1-5, downsample 2) | {t_prep:.1f} s |")
    print(f"| read one frame, images.h5 (gzip 4) | {read_speed(work / 'project' / 'images.h5'):.2f} ms |")
    print(f"| read one frame, train.h5 (lzf) | {read_speed(work / 'project' / 'train.h5'):.2f} ms |\n")

    data = load_prepared(work / "project" / "train.h5")
    cfg = from_dict(PosesplatConfig, {"model": {"grid_size": args.grid}, "steps": args.steps})
    scene = Scene(data, cfg.data.holdout_cameras, device)
    split = data.split(cfg.data.val_fraction, cfg.data.test_fraction)
    torch.manual_seed(0)
    model = PoseSplatter(cfg.model).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    rng = np.random.default_rng(0)
    history, t0 = [], time.perf_counter()
    for step in range(1, args.steps + 1):
        model.train()
        views = [int(v) for v in rng.choice(scene.observed, cfg.target_views, replace=False)]
        loss, iou = step_loss(scene, model, int(rng.choice(split["train"])), views, cfg)
        opt.zero_grad()
        loss.backward()
        opt.step()
        history.append((step, float(loss.detach()), iou))
        if time.perf_counter() - t0 > args.minutes * 60:
            break
    train_s = time.perf_counter() - t0
    test = split["test"][np.linspace(0, len(split["test"]) - 1, 6).astype(int)]
    m = compare(scene, model, test)
    print(f"Trained {step} steps in {train_s:.0f} s ({train_s / step:.2f} s/step), grid {args.grid}, "
          f"{len(split['train'])} train frames; test = {len(test)} frames of the last 20 % (time split).\n")
    print("| cameras | metric | visual hull | model | margin |\n|---|---|---|---|---|")
    for group, label in (("held", "held-out cam4"), ("obs", "observed cam0-3")):
        for k in KEYS:
            a, b = m[f"hull_{group}_{k}"], m[f"{group}_{k}"]
            print(f"| {label} | {k} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
    FIG.mkdir(parents=True, exist_ok=True)
    loss_plot(history, [], FIG / "loss_curve.png")
    render_sheet(scene, model, [int(test[0]), int(test[-1])], scene.holdout + scene.observed[:1],
                 FIG / "render_sheet.png")
    orbit_gif(scene, model, int(test[0]), FIG / "orbit.gif", views=16, size=96)
    frames = list(range(len(data.images)))
    _, emb = embed(scene, model, frames)
    embedding_plot(emb, frames, data.centers @ (data.up / np.linalg.norm(data.up)), FIG / "embedding.png")

    print("\n| grid | Gaussians | train step (s) | render 64x64 (s) | peak memory (MiB) |\n|---|---|---|---|---|")
    for g in (int(x) for x in args.grids.split(",")):
        r = timing(scene, cfg, g, device)
        print(f"| {r['grid']} | {r['gaussians']} | {r['step_s']:.2f} | {r['render_s']:.3f} | {r['peak_mb']:.0f} |")


if __name__ == "__main__":
    main()

"""Held-out evaluation (time split × observed / held-out cameras) against the visual hull rendered directly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from enginemind.families.posesplat.metrics import image_metrics
from enginemind.families.posesplat.model import PoseSplatter
from enginemind.families.posesplat.scene import Scene

KEYS = ("iou", "soft_iou", "psnr", "psnr_fg", "ssim", "l1")


@torch.no_grad()
def evaluate(scene: Scene, model: PoseSplatter, frames: np.ndarray, learned: bool = True,
             progress: Callable[[int, int], None] | None = None) -> dict[str, float]:
    """Mean metrics over ``frames`` for the observed cameras (``obs_*``) and the held-out cameras (``held_*``)."""
    model.eval()
    acc: dict[str, list[float]] = {}
    for i, f in enumerate(frames):
        g, _ = scene.gaussians(model, int(f), learned, torch.Generator().manual_seed(int(f)))
        for group, cams in (("obs", scene.observed), ("held", scene.holdout)):
            for c in cams:
                rgb, alpha = scene.render(g, c)
                img, mask = scene.target(int(f), c)
                for k, v in image_metrics(rgb, alpha, img, mask).items():
                    acc.setdefault(f"{group}_{k}", []).append(v)
        if progress:
            progress(i + 1, len(frames))
    return {k: float(np.mean(v)) for k, v in acc.items()}


def compare(scene: Scene, model: PoseSplatter, frames: np.ndarray) -> dict[str, float]:
    """Model metrics plus the same metrics of the visual-hull baseline (``hull_*``)."""
    out = evaluate(scene, model, frames)
    out.update({f"hull_{k}": v for k, v in evaluate(scene, model, frames, learned=False).items()})
    return out


@torch.no_grad()
def render_sheet(scene: Scene, model: PoseSplatter, frames: list[int], cams: list[int], path: Path) -> Path:
    """PNG rows of ground truth | model render | |error| | visual hull render, per (frame, camera)."""
    from PIL import Image

    model.eval()
    rows = []
    for f in frames:
        g, _ = scene.gaussians(model, f)
        hull, _ = scene.gaussians(model, f, learned=False)
        for c in cams:
            img, _ = scene.target(f, c)
            rgb, _ = scene.render(g, c)
            base, _ = scene.render(hull, c)
            err = (rgb - img).abs().mean(-1, keepdim=True).expand(-1, -1, 3).clamp(0, 1)
            rows.append(torch.cat([img, rgb, 1 - err, base], 1))
    sheet = (torch.cat(rows, 0).cpu().numpy() * 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    scale = max(1, 256 // scene.all.h)
    Image.fromarray(sheet).resize((sheet.shape[1] * scale, sheet.shape[0] * scale), Image.NEAREST).save(path)
    return path


def loss_plot(history: list[tuple[int, float, float]], val: list[tuple[int, float, float]], path: Path) -> Path:
    """Training loss and validation IoU/PSNR curves as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, 2 if val else 1, figsize=(9 if val else 4.5, 3.2), squeeze=False)
    ax = ax[0]
    if history:
        s, loss, iou = zip(*history, strict=True)
        ax[0].plot(s, loss, label="loss")
        ax[0].plot(s, iou, label="1 - soft IoU")
        ax[0].set_xlabel("step")
        ax[0].legend()
    if val:
        s, iou, p = zip(*val, strict=True)
        ax[1].plot(s, iou, "o-", label="held-out cam IoU")
        ax2 = ax[1].twinx()
        ax2.plot(s, p, "s--", color="C1", label="held-out cam fg PSNR")
        ax[1].set_xlabel("step")
        ax[1].legend(loc="lower left")
        ax2.legend(loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path

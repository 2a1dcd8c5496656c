"""Saving / loading a trained model and rendering: any frame from any calibrated camera or a novel orbit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from enginemind.config import from_dict, to_dict
from enginemind.errors import InvalidInput, NotFound
from enginemind.families.posesplat.config import ModelConfig
from enginemind.families.posesplat.model import PoseSplatter
from enginemind.families.posesplat.scene import Scene

WEIGHTS, META = "model.safetensors", "model.json"


def save_model(model: PoseSplatter, out: Path, meta: dict) -> dict[str, Path]:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}, str(out / WEIGHTS))
    (out / META).write_text(json.dumps({"model": to_dict(model.cfg), **meta}, indent=1))
    return {WEIGHTS: out / WEIGHTS, META: out / META}


def load_model(files: dict[str, Path] | Path, device: str = "cpu") -> tuple[PoseSplatter, dict]:
    """A model from its registry files (or a folder holding model.safetensors + model.json)."""
    from safetensors.torch import load_file

    if isinstance(files, (str, Path)):
        files = {WEIGHTS: Path(files) / WEIGHTS, META: Path(files) / META}
    for name in (WEIGHTS, META):
        if name not in files or not Path(files[name]).exists():
            raise NotFound(f"model file {name} is missing; is this a posesplat model?")
    meta = json.loads(Path(files[META]).read_text())
    model = PoseSplatter(from_dict(ModelConfig, meta["model"]))
    model.load_state_dict(load_file(str(files[WEIGHTS])))
    return model.to(device).eval(), meta


def check_frame(scene: Scene, frame: int) -> int:
    n = len(scene.data.images)
    if not 0 <= frame < n:
        raise InvalidInput(f"frame {frame} is out of range; the project has frames 0..{n - 1}")
    return frame


@torch.no_grad()
def render_frame(scene: Scene, model: PoseSplatter, frame: int, camera: str = "", orbit_deg: float | None = None,
                 elevation: float = 35.0, size: int = 0, learned: bool = True) -> np.ndarray:
    """uint8 (H, W, 3) of ``frame`` from the named calibrated camera, or from an orbit angle (degrees)."""
    check_frame(scene, frame)
    g, _ = scene.gaussians(model, frame, learned, torch.Generator().manual_seed(frame))
    if orbit_deg is not None:
        cam = scene.orbit_camera(frame, orbit_deg, elevation, size or 2 * scene.all.w)
        rgb, _ = scene.render(g, cam)
    else:
        if size:
            raise InvalidInput("size applies to orbit renders only; calibrated cameras render at their own size")
        rgb, _ = scene.render(g, scene.data.camera_index(camera or scene.data.camera_names[0]))
    return (rgb.clamp(0, 1).cpu().numpy() * 255).round().astype(np.uint8)


def orbit_gif(scene: Scene, model: PoseSplatter, frame: int, path: Path, views: int = 24, elevation: float = 35.0,
              size: int = 128) -> Path:
    """A turntable GIF of one frame's Gaussians."""
    from PIL import Image

    imgs = [Image.fromarray(render_frame(scene, model, frame, orbit_deg=360.0 * i / views, elevation=elevation,
                                         size=size)) for i in range(views)]
    path.parent.mkdir(parents=True, exist_ok=True)
    imgs[0].save(path, save_all=True, append_images=imgs[1:], duration=80, loop=0)
    return path

"""Server-side logic of the PoseSplat service (no gRPC here): projects, models, render / embed / evaluate."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.posesplat.data import Prepared, load_prepared
from enginemind.families.posesplat.model import PoseSplatter

DEFAULT_MODEL = "posesplat"


def project_file(project: str) -> Path:
    """train.h5 (or images.h5) of a project folder, or the file itself."""
    if not project:
        raise InvalidInput("set 'project': a folder prepared by `enginemind splat prepare` (holding train.h5)")
    p = Path(project).expanduser()
    if p.is_dir():
        for name in ("train.h5", "images.h5"):
            if (p / name).exists():
                return p / name
        raise InvalidInput(f"{p} holds no train.h5 or images.h5; run `enginemind splat prepare` first")
    if not p.exists():
        raise InvalidInput(f"project {p} does not exist on the server's machine")
    return p


def load_project(project: str) -> tuple[Path, Prepared]:
    path = project_file(project)
    return path, load_prepared(path)


def scene_for(data: Prepared, meta: dict, device: str = "cpu"):
    """A Scene that holds out the same cameras as during training (when the project has them)."""
    from enginemind.families.posesplat.scene import Scene

    held = [c for c in meta.get("holdout_cameras", []) if c in data.camera_names]
    return Scene(data, held, device)


def png(img: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format="PNG")
    return buf.getvalue()


def frames_or_all(data: Prepared, frames: list[int]) -> list[int]:
    n = len(data.images)
    if not frames:
        return list(range(n))
    bad = [f for f in frames if not 0 <= f < n]
    if bad:
        raise InvalidInput(f"frame {bad[0]} is out of range; the project has frames 0..{n - 1}")
    return list(frames)


def evaluate_project(data: Prepared, model: PoseSplatter, meta: dict, max_frames: int) -> tuple[dict, int]:
    """Model and visual hull metrics on the project's test frames (the time split used in training)."""
    from enginemind.families.posesplat.evaluate import compare

    test = data.split(meta.get("val_fraction", 0.2), meta.get("test_fraction", 0.2))["test"]
    n = max_frames or 6
    if len(test) > n:
        test = test[np.linspace(0, len(test) - 1, n).astype(int)]
    return compare(scene_for(data, meta), model, test), len(test)

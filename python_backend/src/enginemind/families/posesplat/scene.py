"""A prepared project bound to a device: carve a frame, predict its Gaussians, render them from any camera."""

from __future__ import annotations

import numpy as np
import torch

from enginemind.families.posesplat.cameras import Camera, look_at
from enginemind.families.posesplat.carve import CameraSet, carve
from enginemind.families.posesplat.data import Prepared
from enginemind.families.posesplat.model import PoseSplatter, to_world
from enginemind.families.posesplat.render import render_view

Gaussians = dict[str, torch.Tensor]


class Scene:
    """Observed cameras feed the carving; every camera (held-out ones too) can be rendered."""

    def __init__(self, data: Prepared, holdout: list[str], device: torch.device | str = "cpu",
                 backend: str = "torch") -> None:
        self.data, self.device, self.backend = data, torch.device(device), backend
        for name in holdout:
            data.camera_index(name)
        self.observed = [i for i, c in enumerate(data.cameras) if c.name not in holdout]
        self.holdout = [i for i, c in enumerate(data.cameras) if c.name in holdout]
        if len(self.observed) < 2:
            raise ValueError("at least two cameras must stay observed (not held out)")
        self.all = CameraSet(data.cameras, self.device)
        self.obs = self.all.subset(self.observed)

    def target(self, frame: int, cam: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Ground-truth image (H, W, 3) in [0, 1] (white background) and mask (H, W)."""
        img = torch.from_numpy(self.data.images[frame, cam]).to(self.device).float() / 255.0
        return img, torch.from_numpy(self.data.masks[frame, cam]).to(self.device).float()

    def volume(self, frame: int, grid: int) -> torch.Tensor:
        imgs = torch.from_numpy(self.data.images[frame, self.observed]).to(self.device).float() / 255.0
        masks = torch.from_numpy(self.data.masks[frame, self.observed]).to(self.device)
        rot, c = self.pose(frame)
        return carve(imgs, masks, self.obs, rot, c, self.data.ell, grid)

    def pose(self, frame: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Canonical -> world rotation and centre of ``frame``."""
        return (torch.tensor(self.data.rotations[frame], dtype=torch.float32, device=self.device),
                torch.tensor(self.data.centers[frame], dtype=torch.float32, device=self.device))

    def gaussians(self, model: PoseSplatter, frame: int, learned: bool = True,
                  generator: torch.Generator | None = None) -> tuple[Gaussians, torch.Tensor]:
        """World-space Gaussians of ``frame`` (``learned=False``: the visual hull baseline) and features."""
        vol = self.volume(frame, model.cfg.grid_size)
        params, feat = model(vol, self.data.ell, generator, learned)
        rot, c = self.pose(frame)
        return to_world(params, rot, c), feat

    def render(self, g: Gaussians, cam: int | Camera, size: tuple[int, int] | None = None
               ) -> tuple[torch.Tensor, torch.Tensor]:
        if isinstance(cam, (int, np.integer)):
            K, R, t = self.all.K[cam], self.all.R[cam], self.all.t[cam]
            w, h = self.all.w, self.all.h
        else:
            cs = CameraSet([cam], self.device)
            K, R, t, w, h = cs.K[0], cs.R[0], cs.t[0], cam.width, cam.height
        if size is not None:
            w, h = size
        return render_view(g, K, R, t, w, h, self.backend)

    def orbit_camera(self, frame: int, degrees: float, elevation: float = 35.0, size: int = 128,
                     distance: float = 0.0) -> Camera:
        """A virtual camera circling the animal of ``frame`` (azimuth relative to its heading)."""
        up = self.data.up / np.linalg.norm(self.data.up)
        rot, c = self.data.rotations[frame], self.data.centers[frame]
        fwd, side = rot[:, 0], rot[:, 1]
        az, el = np.deg2rad(degrees), np.deg2rad(elevation)
        dist = distance or float(np.mean([np.linalg.norm(cam.center - c) for cam in self.data.cameras]))
        eye = c + dist * (np.cos(el) * (np.cos(az) * fwd + np.sin(az) * side) + np.sin(el) * up)
        R, t = look_at(eye, c, up)
        ref = self.data.cameras[0]
        f = ref.K[0, 0] * size / ref.width
        K = np.array([[f, 0, (size - 1) / 2], [0, f, (size - 1) / 2], [0, 0, 1.0]])
        return Camera(f"orbit{degrees:g}", K, R, t, size, size)

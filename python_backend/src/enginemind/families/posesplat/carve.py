"""Visual hull carving in the animal-centred canonical frame (plain PyTorch, no torch_scatter)."""

from __future__ import annotations

import numpy as np
import torch

from enginemind.families.posesplat.cameras import Camera


class CameraSet:
    """Stacked camera matrices as tensors (C, 3, 3), (C, 3, 3), (C, 3) plus the shared image size."""

    def __init__(self, cams: list[Camera], device: torch.device | str = "cpu") -> None:
        self.cams = cams
        self.K = torch.tensor(np.stack([c.K for c in cams]), dtype=torch.float32, device=device)
        self.R = torch.tensor(np.stack([c.R for c in cams]), dtype=torch.float32, device=device)
        self.t = torch.tensor(np.stack([c.t for c in cams]), dtype=torch.float32, device=device)
        self.h, self.w = cams[0].height, cams[0].width

    def subset(self, idx: list[int]) -> CameraSet:
        return CameraSet([self.cams[i] for i in idx], self.K.device)

    def project(self, X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """World points (N, 3) -> pixels (C, N, 2) and depth (C, N)."""
        xc = torch.einsum("cij,nj->cni", self.R, X) + self.t[:, None]
        z = xc[..., 2]
        uv = torch.einsum("cij,cnj->cni", self.K, xc)[..., :2] / z.clamp_min(1e-6)[..., None]
        return uv, z


def grid_points(ell: float, n: int, device: torch.device | str = "cpu") -> torch.Tensor:
    """Voxel centres (n³, 3) of a cube of side ``ell`` centred at the origin, x fastest... (z, y, x) order."""
    s = (torch.arange(n, device=device, dtype=torch.float32) + 0.5) / n * ell - ell / 2
    z, y, x = torch.meshgrid(s, s, s, indexing="ij")
    return torch.stack([x, y, z], -1).reshape(-1, 3)


def carve(images: torch.Tensor, masks: torch.Tensor, cams: CameraSet, rotation: torch.Tensor, center: torch.Tensor,
          ell: float, n: int) -> torch.Tensor:
    """Carved volume (4, n, n, n): occupancy in {0, .5, 1} and the colour seen by the front-most views.

    ``images`` (C, H, W, 3) in [0, 1] and ``masks`` (C, H, W) of the observed cameras. Occupancy averages the
    thresholds "inside every mask" and "inside all but one"; a voxel's colour averages its pixels over the
    cameras, weight 1 where it is the nearest occupied voxel on that pixel's ray, else 0.25.
    """
    C = len(cams.cams)
    pts = grid_points(ell, n, images.device) @ rotation.T + center
    uv, z = cams.project(pts)
    px = uv.round().long()
    inside = (px[..., 0] >= 0) & (px[..., 0] < cams.w) & (px[..., 1] >= 0) & (px[..., 1] < cams.h) & (z > 0)
    flat = px[..., 1].clamp(0, cams.h - 1) * cams.w + px[..., 0].clamp(0, cams.w - 1)  # (C, N)
    m = torch.gather(masks.reshape(C, -1).float(), 1, flat) * inside
    frac = m.mean(0)
    occ = 0.5 * ((frac >= 1 - 1e-6).float() + (frac >= (C - 1) / C - 1e-6).float())
    occupied = occ > 0
    cols = torch.gather(images.reshape(C, -1, 3), 1, flat[..., None].expand(-1, -1, 3))  # (C, N, 3)
    depth = torch.where(occupied[None] & inside, z, torch.full_like(z, float("inf")))
    zmin = torch.full((C, cams.h * cams.w), float("inf"), device=z.device)
    zmin.scatter_reduce_(1, flat, depth, reduce="amin")
    front = (depth <= torch.gather(zmin, 1, flat) + 1e-6) & torch.isfinite(depth)
    w = torch.where(front, 1.0, 0.25) * inside
    color = (cols * w[..., None]).sum(0) / w.sum(0).clamp_min(1e-6)[:, None]
    color = torch.where(occupied[:, None], color, torch.full_like(color, 0.5))
    vol = torch.cat([occ[:, None], color], 1)
    return vol.T.reshape(4, n, n, n)

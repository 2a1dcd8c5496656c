"""3D U-Net over the carved volume that predicts one Gaussian per occupied voxel."""

from __future__ import annotations

import torch
from torch import nn

from enginemind.families.posesplat.carve import grid_points
from enginemind.families.posesplat.config import ModelConfig
from enginemind.families.posesplat.render import quat_to_rotmat

OUT_CHANNELS = 14
"""Per voxel: mean offset 3, log-scale 3, quaternion 4, opacity 1, colour 3."""


def _block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv3d(cin, cout, 3, padding=1), nn.GroupNorm(min(4, cout), cout), nn.LeakyReLU(0.1),
                         nn.Conv3d(cout, cout, 3, padding=1), nn.GroupNorm(min(4, cout), cout), nn.LeakyReLU(0.1))


class UNet3D(nn.Module):
    """Three-level 3D U-Net (channels b, 2b, 4b) with skip connections; zero-initialised output head."""

    def __init__(self, cin: int, cout: int, base: int) -> None:
        super().__init__()
        self.enc1, self.enc2, self.enc3 = _block(cin, base), _block(base, 2 * base), _block(2 * base, 4 * base)
        self.up2 = nn.ConvTranspose3d(4 * base, 2 * base, 2, stride=2)
        self.dec2 = _block(4 * base, 2 * base)
        self.up1 = nn.ConvTranspose3d(2 * base, base, 2, stride=2)
        self.dec1 = _block(2 * base, base)
        self.head = nn.Conv3d(base, cout, 1)
        nn.init.zeros_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, cin, n, n, n) -> per-voxel outputs (B, cout, n, n, n) and the bottleneck (B, 4b, n/4, n/4, n/4)."""
        e1 = self.enc1(x)
        e2 = self.enc2(nn.functional.max_pool3d(e1, 2))
        e3 = self.enc3(nn.functional.max_pool3d(e2, 2))
        d2 = self.dec2(torch.cat([self.up2(e3), e2], 1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
        return self.head(d1), e3


class PoseSplatter(nn.Module):
    """Carved volume (4, n, n, n) in the canonical frame -> Gaussians in the canonical frame.

    At initialisation (zero head) the Gaussians are the visual hull itself: one isotropic Gaussian per
    occupied voxel with the carved colour, so training starts from the no-learning baseline.
    """

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.unet = UNet3D(4, OUT_CHANNELS, cfg.base_filters)

    def forward(self, vol: torch.Tensor, ell: float, generator: torch.Generator | None = None,
                learned: bool = True) -> tuple[dict[str, torch.Tensor], torch.Tensor]:
        """Gaussians (canonical frame) of one volume and its bottleneck features; ``learned=False`` = hull."""
        n = self.cfg.grid_size
        if learned:
            out, feat = self.unet(vol[None])
            out = out[0].reshape(OUT_CHANNELS, -1).T
        else:
            out, feat = torch.zeros(n ** 3, OUT_CHANNELS, device=vol.device), torch.zeros(1, device=vol.device)
        occ = vol[0].reshape(-1)
        idx = (occ > 0).nonzero().squeeze(1)
        if len(idx) > self.cfg.max_gaussians:
            keep = torch.randperm(len(idx), generator=generator, device="cpu")[: self.cfg.max_gaussians]
            idx = idx[keep.to(idx.device)]
        voxel = ell / n
        o = out[idx]
        centres = grid_points(ell, n, vol.device)[idx]
        carved = vol[1:].reshape(3, -1).T[idx].clamp(0.02, 0.98)
        base_q = torch.tensor([1.0, 0, 0, 0], device=vol.device)
        params = {
            "means": centres + 1.5 * voxel * torch.tanh(o[:, 0:3]),
            "scales": voxel * self.cfg.scale_voxels * torch.exp(o[:, 3:6].clamp(-3, 2)),
            "rotmats": quat_to_rotmat(base_q + o[:, 6:10]),
            "opacities": torch.sigmoid(2.0 + o[:, 10] + 2.0 * (occ[idx] - 1)),
            "colors": torch.sigmoid(torch.logit(carved) + o[:, 11:14]).clamp(0, 0.99),
        }
        return params, feat


def to_world(params: dict[str, torch.Tensor], rotation: torch.Tensor, center: torch.Tensor) -> dict[str, torch.Tensor]:
    """Canonical Gaussians -> world (rotate means and orientations by the frame's heading, then translate)."""
    out = dict(params)
    out["means"] = params["means"] @ rotation.T + center
    out["rotmats"] = rotation @ params["rotmats"]
    return out

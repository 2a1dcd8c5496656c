"""Differentiable Gaussian rasteriser: pure PyTorch (EWA splatting, tiles, depth-sorted alpha compositing).

On CUDA with ``gsplat`` installed the same call can go through ``gsplat.rasterization`` instead.
"""

from __future__ import annotations

import torch

EPS2D = 0.3
"""Low-pass added to every projected covariance (pixels², as gsplat)."""
ALPHA_MIN = 1.0 / 255.0
ALPHA_MAX = 0.99


def quat_to_rotmat(q: torch.Tensor) -> torch.Tensor:
    """Unit quaternions (N, 4) as (w, x, y, z) -> rotation matrices (N, 3, 3)."""
    q = q / q.norm(dim=-1, keepdim=True).clamp_min(1e-12)
    w, x, y, z = q.unbind(-1)
    return torch.stack([
        1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
        2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
        2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
    ], -1).reshape(*q.shape[:-1], 3, 3)


def rotmat_to_quat(R: torch.Tensor) -> torch.Tensor:
    """Rotation matrices (..., 3, 3) -> unit quaternions (..., 4) (w, x, y, z), robust branch-free form."""
    m = R
    w = torch.sqrt((1 + m[..., 0, 0] + m[..., 1, 1] + m[..., 2, 2]).clamp_min(0)) / 2
    x = torch.sqrt((1 + m[..., 0, 0] - m[..., 1, 1] - m[..., 2, 2]).clamp_min(0)) / 2
    y = torch.sqrt((1 - m[..., 0, 0] + m[..., 1, 1] - m[..., 2, 2]).clamp_min(0)) / 2
    z = torch.sqrt((1 - m[..., 0, 0] - m[..., 1, 1] + m[..., 2, 2]).clamp_min(0)) / 2
    x = torch.copysign(x, m[..., 2, 1] - m[..., 1, 2])
    y = torch.copysign(y, m[..., 0, 2] - m[..., 2, 0])
    z = torch.copysign(z, m[..., 1, 0] - m[..., 0, 1])
    return torch.stack([w, x, y, z], -1)


def project(means: torch.Tensor, rotmats: torch.Tensor, scales: torch.Tensor, K: torch.Tensor, R: torch.Tensor,
            t: torch.Tensor, near: float = 0.01) -> tuple[torch.Tensor, ...]:
    """Pixel centres (N, 2), conics (N, 3) = (a, b, c) of Σ2⁻¹, radii (N,), depths (N,), visible (N,)."""
    xc = means @ R.T + t
    z = xc[:, 2]
    visible = z > near
    zs = z.clamp_min(near)
    fx, fy, cx, cy = K[0, 0], K[1, 1], K[0, 2], K[1, 2]
    uv = torch.stack([fx * xc[:, 0] / zs + cx, fy * xc[:, 1] / zs + cy], -1)
    M = R @ rotmats * scales[:, None, :]  # camera-space R·Rot·diag(s)
    cov = M @ M.transpose(1, 2)
    J = torch.zeros(len(means), 2, 3, dtype=means.dtype, device=means.device)
    J[:, 0, 0], J[:, 0, 2] = fx / zs, -fx * xc[:, 0] / zs ** 2
    J[:, 1, 1], J[:, 1, 2] = fy / zs, -fy * xc[:, 1] / zs ** 2
    c2 = J @ cov @ J.transpose(1, 2)
    a, b, c = c2[:, 0, 0] + EPS2D, c2[:, 0, 1], c2[:, 1, 1] + EPS2D
    det = (a * c - b * b).clamp_min(1e-12)
    conic = torch.stack([c / det, -b / det, a / det], -1)
    mid = (a + c) / 2
    lam = mid + torch.sqrt((mid * mid - det).clamp_min(0.01))
    radius = 3.0 * torch.sqrt(lam)
    return uv, conic, radius, z, visible


def rasterize(means: torch.Tensor, rotmats: torch.Tensor, scales: torch.Tensor, opacities: torch.Tensor,
              colors: torch.Tensor, K: torch.Tensor, R: torch.Tensor, t: torch.Tensor, width: int, height: int,
              tile: int = 16, background: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Render (H, W, 3) colour composited on ``background`` and (H, W) alpha, differentiably.

    Gaussians are sorted by depth once; each tile of pixels only evaluates the Gaussians whose 3σ square
    overlaps it; transmittance is the exclusive cumulative product of (1 - alpha) front to back.
    """
    uv, conic, radius, z, visible = project(means, rotmats, scales, K, R, t)
    order = torch.argsort(torch.where(visible, z, torch.full_like(z, float("inf"))))
    order = order[visible[order]]
    uv, conic, radius, op, col = uv[order], conic[order], radius[order], opacities[order], colors[order]
    rgb = torch.empty(height, width, 3, dtype=means.dtype, device=means.device)
    alpha = torch.empty(height, width, dtype=means.dtype, device=means.device)
    ys, xs = torch.meshgrid(torch.arange(height, device=means.device, dtype=means.dtype),
                            torch.arange(width, device=means.device, dtype=means.dtype), indexing="ij")
    rows, cols = [], []
    for y0 in range(0, height, tile):
        for x0 in range(0, width, tile):
            y1, x1 = min(y0 + tile, height), min(x0 + tile, width)
            hit = ((uv[:, 0] + radius >= x0 - 0.5) & (uv[:, 0] - radius <= x1 - 0.5)
                   & (uv[:, 1] + radius >= y0 - 0.5) & (uv[:, 1] - radius <= y1 - 0.5))
            idx = hit.nonzero().squeeze(1)
            px = torch.stack([xs[y0:y1, x0:x1].reshape(-1), ys[y0:y1, x0:x1].reshape(-1)], -1)  # (P, 2)
            if len(idx) == 0:
                c_t = torch.full((len(px), 3), background, dtype=means.dtype, device=means.device)
                a_t = torch.zeros(len(px), dtype=means.dtype, device=means.device)
            else:
                d = px[:, None, :] - uv[idx][None]  # (P, n, 2)
                cn = conic[idx]
                dx, dy = d[..., 0], d[..., 1]
                power = -0.5 * (cn[:, 0] * dx * dx + cn[:, 2] * dy * dy) - cn[:, 1] * dx * dy
                a = (op[idx][None] * torch.exp(power.clamp_max(0))).clamp_max(ALPHA_MAX)
                a = torch.where(a >= ALPHA_MIN, a, torch.zeros_like(a))
                trans = torch.cumprod(torch.cat([torch.ones_like(a[:, :1]), 1 - a[:, :-1]], 1), 1)
                w = a * trans
                a_t = w.sum(1)
                c_t = w @ col[idx] + (1 - a_t)[:, None] * background
            rows.append(c_t.reshape(y1 - y0, x1 - x0, 3))
            cols.append(a_t.reshape(y1 - y0, x1 - x0))
    i = 0
    for y0 in range(0, height, tile):
        for x0 in range(0, width, tile):
            y1, x1 = min(y0 + tile, height), min(x0 + tile, width)
            rgb[y0:y1, x0:x1] = rows[i]
            alpha[y0:y1, x0:x1] = cols[i]
            i += 1
    return rgb, alpha


def gsplat_available() -> bool:
    """True when gsplat imports and a CUDA device is present."""
    if not torch.cuda.is_available():
        return False
    try:
        import gsplat  # noqa: F401
    except ImportError:
        return False
    return True


def rasterize_gsplat(means, rotmats, scales, opacities, colors, K, R, t, width: int, height: int,
                     background: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """The same image through ``gsplat.rasterization`` (CUDA only)."""
    from gsplat import rasterization

    view = torch.eye(4, device=means.device, dtype=means.dtype)
    view[:3, :3], view[:3, 3] = R, t
    out, alpha, _ = rasterization(means, rotmat_to_quat(rotmats), scales, opacities, colors, view[None], K[None],
                                  width, height, near_plane=0.01, eps2d=EPS2D, rasterize_mode="classic",
                                  radius_clip=0.0)
    a = alpha[0, ..., 0]
    return out[0] + (1 - a)[..., None] * background, a


def render_view(params: dict[str, torch.Tensor], K: torch.Tensor, R: torch.Tensor, t: torch.Tensor, width: int,
                height: int, backend: str = "torch") -> tuple[torch.Tensor, torch.Tensor]:
    """Render world-space Gaussians ``params`` (means, rotmats, scales, opacities, colors) from one camera."""
    fn = rasterize_gsplat if backend == "gsplat" else rasterize
    return fn(params["means"], params["rotmats"], params["scales"], params["opacities"], params["colors"], K, R, t,
              width, height)


def resolve_backend(name: str, device: torch.device) -> str:
    if name == "gsplat" or (name == "auto" and device.type == "cuda" and gsplat_available()):
        if not gsplat_available():
            from enginemind.errors import FailedPrecondition

            raise FailedPrecondition("renderer 'gsplat' needs a CUDA GPU and `pip install gsplat`; use 'torch'")
        return "gsplat"
    return "torch"

"""Losses and image metrics: foreground L1, soft-silhouette IoU, SSIM, whole-image and foreground PSNR."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def l1_foreground(rgb: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Σ|rgb - target| over channels and pixels / number of foreground pixels (as in the method)."""
    return (rgb - target).abs().sum() / mask.sum().clamp_min(1.0)


def soft_iou(alpha: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    inter = (alpha * mask).sum()
    return inter / (alpha.sum() + mask.sum() - inter).clamp_min(1e-6)


def ssim(a: torch.Tensor, b: torch.Tensor, window: int = 7) -> torch.Tensor:
    """Mean SSIM of two (H, W, 3) images in [0, 1] with a Gaussian window (σ = 1.5)."""
    x, y = a.permute(2, 0, 1)[None], b.permute(2, 0, 1)[None]
    g = torch.exp(-((torch.arange(window, dtype=a.dtype, device=a.device) - window // 2) ** 2) / (2 * 1.5 ** 2))
    g = g / g.sum()
    k = (g[:, None] * g[None]).expand(3, 1, window, window)

    def blur(z: torch.Tensor) -> torch.Tensor:
        return F.conv2d(z, k, padding=window // 2, groups=3)

    mx, my = blur(x), blur(y)
    sxx, syy, sxy = blur(x * x) - mx ** 2, blur(y * y) - my ** 2, blur(x * y) - mx * my
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    s = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx ** 2 + my ** 2 + c1) * (sxx + syy + c2))
    return s.mean()


def psnr(a: torch.Tensor, b: torch.Tensor, where: torch.Tensor | None = None) -> float:
    """PSNR in dB (data range 1), over the whole image or the pixels where ``where`` is true."""
    err = (a - b) ** 2
    mse = err.mean() if where is None else err[where.bool()].mean()
    return float(10 * torch.log10(1.0 / mse.clamp_min(1e-10)))


def image_metrics(rgb: torch.Tensor, alpha: torch.Tensor, target: torch.Tensor, mask: torch.Tensor
                  ) -> dict[str, float]:
    """IoU (alpha > 0.5), soft IoU, whole-image and foreground PSNR (union of both silhouettes), SSIM, L1."""
    pred = alpha > 0.5
    m = mask > 0.5
    union = (pred | m).float().sum()
    fg = pred | m
    return {"iou": float((pred & m).float().sum() / union.clamp_min(1)), "soft_iou": float(soft_iou(alpha, mask)),
            "psnr": psnr(rgb, target), "psnr_fg": psnr(rgb, target, fg) if fg.any() else 0.0,
            "ssim": float(ssim(rgb, target)), "l1": float(l1_foreground(rgb, target, mask))}

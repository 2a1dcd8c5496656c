"""Restoration metrics (PSNR/SSIM on the hidden region and the whole frame), classic baselines, and the
validation of a trained model (metrics, sample images, codec rate/quality) that training reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np
from skimage.metrics import structural_similarity

from enginemind.families.restore.masks import block_pixel_mask, patch_to_pixel, random_patch_mask

if TYPE_CHECKING:
    from enginemind.families.restore.codec import RVQCodec
    from enginemind.families.restore.model import MAE

Method = Callable[[np.ndarray, np.ndarray, np.ndarray | None], np.ndarray]
"""restore(frames uint8 (N,H,W,3), masks bool (N,H,W), states) -> restored uint8 frames."""


def psnr(a: np.ndarray, b: np.ndarray, mask: np.ndarray | None = None) -> float:
    """PSNR in dB over all pixels, or over pixels where ``mask`` (H, W) is True; inf when equal."""
    d = (a.astype(np.float64) - b.astype(np.float64)) ** 2
    if mask is not None:
        d = d[mask]
    return _psnr_of_mse(float(d.mean()) if d.size else 0.0)


def _psnr_of_mse(mse: float) -> float:
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0 ** 2 / mse)


def ssim(a: np.ndarray, b: np.ndarray, mask: np.ndarray | None = None) -> float:
    """SSIM (7x7 window, per channel) averaged over the frame or over the masked pixels."""
    _, smap = structural_similarity(a, b, channel_axis=2, data_range=255, full=True)
    smap = smap.mean(axis=2)
    return float(smap[mask].mean() if mask is not None and mask.any() else smap.mean())


def mean_fill(frames: np.ndarray, masks: np.ndarray, states: np.ndarray | None = None) -> np.ndarray:
    """Fill hidden pixels with the mean colour of the visible pixels of the same frame."""
    out = frames.copy()
    for i in range(len(frames)):
        vis = ~masks[i]
        colour = frames[i][vis].mean(axis=0) if vis.any() else np.full(3, 127.0)
        out[i][masks[i]] = np.round(colour).astype(np.uint8)
    return out


def _opencv(flag: int) -> Method:
    def run(frames: np.ndarray, masks: np.ndarray, states: np.ndarray | None = None) -> np.ndarray:
        out = np.empty_like(frames)
        for i in range(len(frames)):
            out[i] = cv2.inpaint(np.ascontiguousarray(frames[i]), masks[i].astype(np.uint8), 3, flag)
            out[i][~masks[i]] = frames[i][~masks[i]]
        return out

    return run


BASELINES: dict[str, Method] = {
    "mean_fill": mean_fill,
    "opencv_telea": _opencv(cv2.INPAINT_TELEA),
    "opencv_ns": _opencv(cv2.INPAINT_NS),
}


@dataclass(frozen=True)
class MaskSetting:
    """A family of evaluation masks: random 16x16 patches at a ratio, or one block of a size."""

    name: str
    kind: str
    ratio: float = 0.0
    block_hw: tuple[int, int] = (0, 0)

    def make(self, n: int, hw: tuple[int, int], seed: int, patch: int = 16) -> np.ndarray:
        rng = np.random.default_rng(seed)
        if self.kind == "random":
            grid = (hw[0] // patch, hw[1] // patch)
            return patch_to_pixel(random_patch_mask(n, grid, self.ratio, rng), grid, patch).copy()
        return block_pixel_mask(n, hw, self.block_hw, rng)


DEFAULT_SETTINGS = (
    MaskSetting("patch50", "random", 0.5), MaskSetting("patch75", "random", 0.75),
    MaskSetting("patch90", "random", 0.9), MaskSetting("block64x96", "block", block_hw=(64, 96)),
)


PSNR_CAP = 100.0
"""Per-frame PSNR of an exact restoration (infinite) is counted as this many dB in the means."""


def score(frames: np.ndarray, restored: np.ndarray, masks: np.ndarray, with_ssim: bool = True) -> dict[str, float]:
    """PSNR/SSIM on hidden pixels (``masked_*``) and on the whole frame (``frame_*``).

    ``masked_psnr`` is the mean of per-frame PSNRs (exact frames count as ``PSNR_CAP``), the usual figure;
    with few frames it is swayed by how many frames come back exact (a block over flat sky). So the
    median per-frame PSNR and the pooled PSNR (from the squared error over the hidden pixels of all frames
    together) are reported too.
    """
    mp, fp, ms, fs = [], [], [], []
    sq_err, n_px = 0.0, 0
    for a, b, m in zip(frames, restored, masks, strict=True):
        hidden_err = (a[m].astype(np.float64) - b[m].astype(np.float64)) ** 2
        sq_err, n_px = sq_err + float(hidden_err.sum()), n_px + hidden_err.size
        mp.append(min(_psnr_of_mse(float(hidden_err.mean()) if hidden_err.size else 0.0), PSNR_CAP))
        fp.append(min(psnr(a, b), PSNR_CAP))
        if with_ssim:
            ms.append(ssim(a, b, m))
            fs.append(ssim(a, b))
    pooled = min(_psnr_of_mse(sq_err / n_px if n_px else 0.0), PSNR_CAP)
    out = {"masked_psnr": float(np.mean(mp)), "masked_psnr_median": float(np.median(mp)),
           "masked_psnr_pooled": float(pooled), "frame_psnr": float(np.mean(fp))}
    if with_ssim:
        out.update(masked_ssim=float(np.mean(ms)), frame_ssim=float(np.mean(fs)))
    return out


def evaluate_methods(methods: dict[str, Method], frames: np.ndarray, states: np.ndarray | None,
                     settings=DEFAULT_SETTINGS, seed: int = 1234, with_ssim: bool = True) -> list[dict]:
    """One row per (mask setting, method): PSNR/SSIM on the hidden region and on the whole frame."""
    rows = []
    for s in settings:
        masks = s.make(len(frames), frames.shape[1:3], seed)
        for name, fn in methods.items():
            rows.append({"mask": s.name, "method": name, **score(frames, fn(frames, masks, states), masks, with_ssim)})
    return rows


def markdown_table(rows: list[dict]) -> str:
    keys = [k for k in ("masked_psnr", "masked_psnr_median", "masked_psnr_pooled", "masked_ssim", "frame_psnr",
                        "frame_ssim") if k in rows[0]]
    lines = ["| mask | method | " + " | ".join(keys) + " |", "|---|---|" + "---|" * len(keys)]
    for r in rows:
        lines.append(f"| {r['mask']} | {r['method']} | " + " | ".join(f"{r[k]:.3f}" if "ssim" in k else f"{r[k]:.2f}"
                                                                   for k in keys) + " |")
    return "\n".join(lines)


EVAL_SETTINGS = (MaskSetting("patch75", "random", 0.75), MaskSetting("block64x96", "block", block_hw=(64, 96)))
"""The two mask settings validated during training (and named in the registered metrics)."""
SNAP_KIND = {"patch75": "patch", "block64x96": "block"}
"""Mask kind (``predict.mask_kind``) of each evaluation setting: the palette-snap decision is made per kind."""


def evaluate_model(model: MAE, frames: np.ndarray, states: np.ndarray, with_ssim: bool = False,
                   device: str = "cpu", snap: dict[str, bool] | None = None) -> dict[str, float]:
    """Validation metrics of ``model``: PSNR (and SSIM) per evaluation mask setting (snapping per ``snap``)."""
    from enginemind.families.restore.predict import Restorer

    restorer = Restorer(model=model, device=device, snap=snap)
    out: dict[str, float] = {}
    for s in EVAL_SETTINGS:
        masks = s.make(len(frames), frames.shape[1:3], seed=0)
        restored = restorer.restore(frames, masks, states)
        for k, v in score(frames, restored, masks, with_ssim).items():
            out[f"{s.name}_{k}"] = v
    return out


def measure_snap(model: MAE, frames: np.ndarray, states: np.ndarray, device: str = "cpu"
                 ) -> tuple[dict[str, bool], dict[str, float]]:
    """Decide palette snapping per mask kind on validation frames: snap a kind when it raises the sum of the
    mean and pooled masked PSNR. Returns (decision, the PSNR gains in dB)."""
    from enginemind.families.restore.predict import Restorer

    restorer = Restorer(model=model, device=device)
    decision, gains = {}, {}
    for s in EVAL_SETTINGS:
        masks = s.make(len(frames), frames.shape[1:3], seed=0)
        raw = restorer.restore(frames, masks, states, palette_snap=False, tile_snap=False)
        a = score(frames, raw, masks, with_ssim=False)
        b = score(frames, snap_to(raw, frames, masks), masks, with_ssim=False)
        gain = (b["masked_psnr"] - a["masked_psnr"]) + (b["masked_psnr_pooled"] - a["masked_psnr_pooled"])
        decision[SNAP_KIND[s.name]], gains[f"snap_gain_{SNAP_KIND[s.name]}_db"] = gain > 0, gain
    return decision, gains


def snap_to(restored: np.ndarray, frames: np.ndarray, masks: np.ndarray) -> np.ndarray:
    from enginemind.families.restore.predict import snap_to_palette

    return snap_to_palette(restored, frames, masks)


def save_samples(model: MAE, frames: np.ndarray, states: np.ndarray, path: Path, device: str = "cpu") -> None:
    """Rows of original | input (hidden pixels grey) | restored, for 75 % patch and block masks."""
    from PIL import Image

    from enginemind.families.restore.predict import Restorer

    rows = []
    for s in EVAL_SETTINGS:
        masks = s.make(len(frames), frames.shape[1:3], seed=0)
        restored = Restorer(model=model, device=device).restore(frames, masks, states)
        for f, m, r in zip(frames, masks, restored, strict=True):
            shown = f.copy()
            shown[m] = 128
            rows.append(np.concatenate([f, shown, r], axis=1))
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.concatenate(rows, axis=0)).save(path)




def codec_metrics(codec: RVQCodec, frames: np.ndarray) -> dict[str, float]:
    """PSNR and bits per frame of the codec with 1 and with all codebooks."""
    out = {}
    for n_q in sorted({1, codec.cfg.num_quantizers}):
        if n_q < codec.cfg.num_quantizers and not codec.cfg.quantize_dropout:
            continue
        stream = codec.encode(frames, n_q=n_q)
        decoded = codec.decode(stream)
        out[f"nq{n_q}_psnr"] = float(np.mean([min(psnr(a, b), 100.0) for a, b in zip(frames, decoded, strict=True)]))
        out[f"nq{n_q}_bits_per_frame"] = (len(stream) - 16) * 8 / len(frames)
    return out

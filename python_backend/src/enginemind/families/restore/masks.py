"""Masks: random patch masks, block (region) masks, pixel <-> patch conversion. True means hidden."""

from __future__ import annotations

import numpy as np


def random_patch_mask(batch: int, grid: tuple[int, int], ratio: float, rng: np.random.Generator) -> np.ndarray:
    """(B, L) bool with exactly round(ratio * L) hidden patches per row (at least one visible)."""
    n = grid[0] * grid[1]
    k = min(max(int(round(ratio * n)), 1), n - 1)
    order = np.argsort(rng.random((batch, n)), axis=1)
    mask = np.zeros((batch, n), dtype=bool)
    np.put_along_axis(mask, order[:, :k], True, axis=1)
    return mask


def block_patch_mask(batch: int, grid: tuple[int, int], min_hw: tuple[int, int], max_hw: tuple[int, int],
                     patch: int, rng: np.random.Generator) -> np.ndarray:
    """(B, L) bool: one rectangle per row, the same size (in patches) for the whole batch, random places."""
    gh, gw = grid
    bh = int(rng.integers(max(min_hw[0] // patch, 1), max(max_hw[0] // patch, 1) + 1))
    bw = int(rng.integers(max(min_hw[1] // patch, 1), max(max_hw[1] // patch, 1) + 1))
    bh, bw = min(bh, gh), min(bw, gw)
    if bh * bw >= gh * gw:
        bw = max(gw - 1, 1)
    mask = np.zeros((batch, gh, gw), dtype=bool)
    for b in range(batch):
        y, x = int(rng.integers(0, gh - bh + 1)), int(rng.integers(0, gw - bw + 1))
        mask[b, y:y + bh, x:x + bw] = True
    return mask.reshape(batch, gh * gw)


def add_random_patches(mask: np.ndarray, ratio: float, rng: np.random.Generator) -> np.ndarray:
    """Also hide ``ratio`` of each row's visible patches at random (rows keep equal hidden counts when they
    had them), leaving at least one patch visible."""
    if ratio <= 0:
        return mask
    out = mask.copy()
    for row in out:
        visible = np.flatnonzero(~row)
        k = min(int(round(ratio * len(visible))), len(visible) - 1)
        row[rng.choice(visible, size=k, replace=False)] = True
    return out


def block_pixel_mask(batch: int, hw: tuple[int, int], block_hw: tuple[int, int],
                     rng: np.random.Generator) -> np.ndarray:
    """(B, H, W) bool with one block_hw rectangle at a random pixel position per frame (evaluation masks)."""
    h, w = hw
    bh, bw = min(block_hw[0], h), min(block_hw[1], w)
    mask = np.zeros((batch, h, w), dtype=bool)
    for b in range(batch):
        y, x = int(rng.integers(0, h - bh + 1)), int(rng.integers(0, w - bw + 1))
        mask[b, y:y + bh, x:x + bw] = True
    return mask


def patch_to_pixel(mask: np.ndarray, grid: tuple[int, int], patch: int) -> np.ndarray:
    """(B, L) patch mask -> (B, H, W) pixel mask."""
    b = mask.shape[0]
    m = mask.reshape(b, grid[0], 1, grid[1], 1)
    return np.broadcast_to(m, (b, grid[0], patch, grid[1], patch)).reshape(b, grid[0] * patch, grid[1] * patch)


def pixel_to_patch(mask: np.ndarray, patch: int) -> np.ndarray:
    """(B, H, W) pixel mask -> (B, L) patch mask: a patch is hidden if any of its pixels is."""
    b, h, w = mask.shape
    return mask.reshape(b, h // patch, patch, w // patch, patch).any(axis=(2, 4)).reshape(b, -1)


def curriculum_ratio(step: int, total: int, start: float, end: float) -> float:
    """Mask ratio rising linearly from ``start`` to ``end`` over training (the seed's curriculum)."""
    frac = min(max(step / max(total, 1), 0.0), 1.0)
    return start + (end - start) * frac

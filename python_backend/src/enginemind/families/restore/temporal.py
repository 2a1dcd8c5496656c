"""Reference-frame fill: a neighbouring frame of the same level, shifted by the scroll, fills hidden pixels.

Between two frames an NES level slides horizontally by a few pixels (the status bar does not move), so most
hidden pixels of a frame are visible in its neighbour at ``x + shift``. ``estimate_shift`` finds the shift of
each horizontal band from the pixels both frames show (exact colour agreement); ``reference_fill`` copies
the shifted reference into hidden pixels of every 8x8 cell whose visible pixels agree with it (moving sprites
disagree and are left to the next method). Visible pixels are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from enginemind.errors import InvalidInput
from enginemind.families.restore.tiles import HUD_ROWS, TILE, pack


@dataclass(frozen=True)
class ReferenceConfig:
    """Settings of the reference-frame fill."""

    max_shift: int = 32
    """Largest horizontal shift (pixels) searched between the frame and its reference."""
    min_agree: float = 0.9
    """A cell takes the reference when at least this share of its visible pixels (and of those of the 3x3
    cells around it) equals the shifted reference; cells showing no pixel are judged by their neighbours."""
    max_disagree: int = 2
    """... and at most this many of them differ (emulator frames repeat static pixels exactly)."""
    window_check: bool = False
    """Also judge a cell by the visible pixels of the 3x3 cells around it (catches a moving sprite that the
    cell itself hides). Off by default: on held-out training-world frames it cost 0.2-0.6 dB on 75 % patch
    masks (it refuses good copies next to sprites) for +0.15 dB on blocks at best."""
    min_window_agree: float = 0.5
    """With ``window_check``: the share of the neighbourhood's visible pixels that must agree."""
    max_window_disagree: int = 64
    """With ``window_check``: at most this many of the neighbourhood's visible pixels may differ."""
    min_band_agree: float = 0.6
    """A band whose best shift explains fewer of the shared visible pixels than this is not filled."""
    hud_rows: int = HUD_ROWS
    """Rows above this form their own band (SMB's status bar is not scrolled)."""


def estimate_shift(keys: np.ndarray, ref_keys: np.ndarray, max_shift: int, prior: int | None = None
                   ) -> tuple[int, float]:
    """(shift, agreement): frame[y, x] == ref[y, x + shift] on most pixels both show (keys -1 = hidden).

    ``prior`` (e.g. the scroll delta from RAM) is tried first and kept on ties.
    """
    w = keys.shape[1]
    order = list(range(-max_shift, max_shift + 1))
    if prior is not None and -max_shift <= prior <= max_shift:
        order.remove(prior)
        order.insert(0, prior)
    best, best_agree = 0, -1.0
    for s in order:
        a = keys[:, max(0, -s):w - max(0, s)]
        b = ref_keys[:, max(0, s):w + min(0, s)]
        both = (a >= 0) & (b >= 0)
        n = int(both.sum())
        if n < 64:
            continue
        agree = float((a[both] == b[both]).sum()) / n
        if agree > best_agree + 1e-9:
            best, best_agree = s, agree
    return best, max(best_agree, 0.0)


def shifted(ref: np.ndarray, shift: int, fill: int = -1) -> np.ndarray:
    """ref[y, x + shift] for every x (``fill`` where that falls outside the frame)."""
    out = np.full_like(ref, fill)
    w = ref.shape[1]
    if shift >= 0:
        out[:, :w - shift] = ref[:, shift:]
    else:
        out[:, -shift:] = ref[:, :w + shift]
    return out


def reference_fill(frame: np.ndarray, mask: np.ndarray, ref: np.ndarray, ref_mask: np.ndarray | None = None,
                   cfg: ReferenceConfig | None = None, prior_shift: int | None = None
                   ) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """Fill hidden pixels of ``frame`` from ``ref`` (both (H, W, 3) uint8; masks True = hidden).

    Returns (frame with filled pixels, the mask of pixels still hidden, stats: shifts and agreement per band).
    """
    cfg = cfg or ReferenceConfig()
    h, w = mask.shape
    keys = np.where(mask, -1, pack(frame))
    rkeys = pack(ref)
    if ref_mask is not None:
        rkeys = np.where(ref_mask, -1, rkeys)
    out, left = frame.copy(), mask.copy()
    stats: dict[str, float] = {}
    bands = [(0, min(cfg.hud_rows, h)), (min(cfg.hud_rows, h), h)] if cfg.hud_rows > 0 else [(0, h)]
    for b, (y0, y1) in enumerate(bands):
        if y1 <= y0 or not mask[y0:y1].any():
            continue
        prior = 0 if b == 0 and cfg.hud_rows > 0 else prior_shift
        s, agree = estimate_shift(keys[y0:y1], rkeys[y0:y1], cfg.max_shift, prior)
        stats[f"band{b}_shift"], stats[f"band{b}_agree"] = s, agree
        if agree < cfg.min_band_agree:
            continue
        src = shifted(rkeys[y0:y1], s)
        ok = _cells_that_agree(keys[y0:y1], src, cfg)
        take = mask[y0:y1] & (src >= 0) & ok
        yy, xx = np.nonzero(take)
        vals = src[take]
        out[y0 + yy, xx] = np.stack([(vals >> 16) & 255, (vals >> 8) & 255, vals & 255], 1)
        left[y0 + yy, xx] = False
    return out, left, stats


def _cells_that_agree(keys: np.ndarray, src: np.ndarray, cfg: ReferenceConfig) -> np.ndarray:
    """(H, W) bool: pixels of 8x8 cells (aligned to the frame) whose visible pixels, and those of the 3x3 cells
    around them, agree with the shifted reference (a moving sprite shows up as disagreement nearby)."""
    h, w = keys.shape
    hp, wp = -(-h // TILE) * TILE, -(-w // TILE) * TILE
    both = np.zeros((hp, wp), np.int64)
    same = np.zeros((hp, wp), np.int64)
    b = (keys >= 0) & (src >= 0)
    both[:h, :w], same[:h, :w] = b, b & (keys == src)
    cb = both.reshape(hp // TILE, TILE, wp // TILE, TILE).sum((1, 3))
    cs = same.reshape(hp // TILE, TILE, wp // TILE, TILE).sum((1, 3))

    def around(a: np.ndarray) -> np.ndarray:
        p = np.pad(a, 1)
        return sum(p[dy:dy + a.shape[0], dx:dx + a.shape[1]] for dy in range(3) for dx in range(3))

    ok = (cs >= cfg.min_agree * cb) & ((cb - cs) <= cfg.max_disagree)
    if not cfg.window_check:
        return np.kron(ok, np.ones((TILE, TILE), bool))[:h, :w]
    wb, ws = around(cb), around(cs)
    ok &= (ws >= cfg.min_window_agree * wb) & ((wb - ws) <= cfg.max_window_disagree)
    return np.kron(ok, np.ones((TILE, TILE), bool))[:h, :w]


def check_references(references: np.ndarray, reference_masks: np.ndarray | None, n: int, hw: tuple[int, int]
                     ) -> tuple[np.ndarray, np.ndarray | None]:
    """Validate reference frames (N, H, W, 3) uint8 and their optional masks (N, H, W) (True = unknown)."""
    refs = np.asarray(references)
    if refs.ndim == 3:
        refs = refs[None]
    if refs.dtype != np.uint8 or refs.shape != (n, *hw, 3):
        raise InvalidInput(f"references must be uint8 of shape ({n}, {hw[0]}, {hw[1]}, 3) (one per frame), "
                           f"got {refs.dtype} {refs.shape}")
    if reference_masks is None:
        return refs, None
    rm = np.asarray(reference_masks)
    if rm.ndim == 2:
        rm = rm[None]
    if rm.shape != (n, *hw):
        raise InvalidInput(f"reference masks must be ({n}, {hw[0]}, {hw[1]}), got {rm.shape}")
    return refs, rm.astype(bool)


def fill_from_references(frames: np.ndarray, masks: np.ndarray, references: np.ndarray,
                         reference_masks: np.ndarray | None = None, cfg: ReferenceConfig | None = None
                         ) -> tuple[np.ndarray, np.ndarray]:
    """``reference_fill`` over a batch: (frames with filled pixels, masks of the pixels still hidden)."""
    refs, rmasks = check_references(references, reference_masks, len(frames), masks.shape[1:3])
    out, left = frames.copy(), masks.copy()
    for i in range(len(frames)):
        if masks[i].any():
            out[i], left[i], _ = reference_fill(frames[i], masks[i], refs[i], None if rmasks is None else rmasks[i],
                                                cfg)
    return out, left

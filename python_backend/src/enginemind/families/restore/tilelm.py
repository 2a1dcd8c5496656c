"""Tile classifier for hidden 8x8 cells: predict WHICH TILE a hidden cell holds, not its pixels.

An NES frame is a grid of 8x8 cells, each one tile (pattern + palette) of a small bank. ``TileVocab`` holds
the most frequent tiles of training frames (RGB, after the grid-phase alignment of ``tiles.py``). A frame
becomes a 30x33 grid of tokens (``encode``): the tile id of every complete visible cell, [UNK] for a
visible tile outside the vocabulary, [MASK] for a cell with hidden pixels, [EDGE] for a cell cut by the
frame edge, [PAD] outside; each cell also gets the histogram of its visible pixels' colours (what a
partly hidden cell still shows). ``TileLM`` (dilated residual convolutions over the grid, global context)
gives, for every cell, probabilities over [UNK] + the vocabulary. ``classify_fill`` keeps only tiles that
equal the cell's visible pixels exactly, and writes the most likely tile into the hidden pixels of cells
where its probability reaches a threshold (chosen on validation levels per mask kind); other cells keep the
pixel path (network, inpainting). Visible pixels are never changed. Training: ``tilelm_train.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from torch import nn

from enginemind.config import from_dict, to_dict
from enginemind.families.restore.config import TileLMConfig
from enginemind.families.restore.tiles import HUD_ROWS, TILE, TileBank, estimate_phase, pack, row_hash, unpack

ROWS, COLS = 30, 33
"""Token grid of a 240x256 frame: 30 cell rows; 33 columns (column c covers x in [phase - 8 + 8c, ...))."""
PAD, MASK, EDGE, UNK = 0, 1, 2, 3
N_SPECIAL = 4
"""Token ids below this are special; tile k of the vocabulary is token N_SPECIAL + k and class k + 1."""
WEIGHTS, META = "tilelm.safetensors", "tilelm.json"


@lru_cache(maxsize=16)
def grid_index(phase: int, h: int = 240, w: int = 256, hud_rows: int = HUD_ROWS) -> np.ndarray:
    """(ROWS, COLS, 64) flat pixel index of every cell pixel at horizontal ``phase`` (-1 outside the frame)."""
    out = np.full((ROWS, COLS, TILE * TILE), -1, np.int64)
    oy, ox = np.meshgrid(np.arange(TILE), np.arange(TILE), indexing="ij")
    for r in range(ROWS):
        y0 = r * TILE
        p = 0 if y0 < hud_rows else phase
        for c in range(COLS):
            ys, xs = (y0 + oy).reshape(-1), (p - TILE + c * TILE + ox).reshape(-1)
            ok = (ys < h) & (xs >= 0) & (xs < w)
            out[r, c] = np.where(ok, ys * w + xs, -1)
    out.setflags(write=False)
    return out


class TileVocab:
    """The classifier's tiles ((K, 64) int32 colour keys, most frequent first) and colours ((C,) keys)."""

    def __init__(self, tiles: np.ndarray, counts: np.ndarray, colours: np.ndarray) -> None:
        self.tiles = np.asarray(tiles, np.int32).reshape(-1, TILE * TILE)
        self.counts = np.asarray(counts, np.int64)
        self.colours = np.sort(np.asarray(colours, np.int32))
        h = row_hash(self.tiles)
        self._order = np.argsort(h)
        self._sorted = h[self._order]
        self.bank = TileBank(self.tiles, self.counts)

    def __len__(self) -> int:
        return len(self.tiles)

    @classmethod
    def from_counts(cls, tiles: np.ndarray, counts: np.ndarray, colours: np.ndarray, size: int, min_count: int
                    ) -> TileVocab:
        order = np.argsort(-counts, kind="stable")
        order = order[counts[order] >= min_count][:size]
        return cls(tiles[order], counts[order], colours)

    def lookup(self, cells: np.ndarray) -> np.ndarray:
        """(n, 64) complete cells -> (n,) vocabulary index, -1 when the tile is not in the vocabulary."""
        if not len(self) or not len(cells):
            return np.full(len(cells), -1, np.int64)
        h = row_hash(cells)
        pos = np.clip(np.searchsorted(self._sorted, h), 0, len(self._sorted) - 1)
        idx = self._order[pos]
        ok = (self._sorted[pos] == h) & (self.tiles[idx] == cells).all(1)
        return np.where(ok, idx, -1)

    def colour_index(self, keys: np.ndarray) -> np.ndarray:
        """Colour keys -> 1 + index in ``colours`` (len(colours) + 1 for an unknown colour)."""
        if not len(self.colours):
            return np.ones(keys.shape, np.int64)
        pos = np.clip(np.searchsorted(self.colours, keys), 0, len(self.colours) - 1)
        return np.where(self.colours[pos] == keys, pos + 1, len(self.colours) + 1)

    @property
    def n_colour_bins(self) -> int:
        return len(self.colours) + 2  # 0 = hidden / outside, 1..C, C + 1 = unknown colour


def encode(frame: np.ndarray, mask: np.ndarray | None, vocab: TileVocab, phase: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(tokens (ROWS, COLS), colour bins of every cell pixel (ROWS, COLS, 64) with 0 = hidden/outside,
    cell pixel keys (ROWS, COLS, 64) with -1 = hidden/outside, hidden pixel flags (ROWS, COLS, 64))."""
    idx = grid_index(phase, frame.shape[0], frame.shape[1])
    keys = pack(frame).reshape(-1)
    inside = idx >= 0
    hid = np.zeros(idx.shape, bool)
    if mask is not None:
        hid = inside & mask.reshape(-1)[np.maximum(idx, 0)]
    cell_keys = np.where(inside & ~hid, keys[np.maximum(idx, 0)], -1)
    bins = np.where(cell_keys >= 0, vocab.colour_index(np.maximum(cell_keys, 0)), 0)
    full = inside.all(-1)
    tokens = np.where(inside.any(-1), EDGE, PAD).astype(np.int64)
    tokens[full & hid.any(-1)] = MASK
    vis = full & ~hid.any(-1)
    ids = vocab.lookup(cell_keys[vis])
    tokens[vis] = np.where(ids >= 0, ids + N_SPECIAL, UNK)
    return tokens, bins.astype(np.uint8), cell_keys, hid


def colour_hist(bins: torch.Tensor, n_bins: int) -> torch.Tensor:
    """(..., 64) colour bins (0 = hidden) -> (..., n_bins) share of the cell's 64 pixels per colour bin
    (bin 0 = hidden/outside share)."""
    flat = bins.reshape(-1, bins.shape[-1]).long()
    out = torch.zeros(flat.shape[0], n_bins, dtype=torch.float32, device=bins.device)
    out.scatter_add_(1, flat, torch.full(flat.shape, 1.0 / flat.shape[1], device=bins.device))
    return out.reshape(*bins.shape[:-1], n_bins)


class _Block(nn.Module):
    def __init__(self, dim: int, dilation: int) -> None:
        super().__init__()
        self.norm = nn.GroupNorm(1, dim)
        self.conv = nn.Conv2d(dim, dim, 3, padding=dilation, dilation=dilation)
        self.mix = nn.Conv2d(dim, dim, 1)
        self.glob = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.norm(x)
        h = self.conv(h) + self.glob(h.mean((2, 3)))[:, :, None, None]
        return x + self.mix(nn.functional.gelu(h))


class TileLM(nn.Module):
    """tokens (B, ROWS, COLS) + colour bins (B, ROWS, COLS, 64) -> logits (B, ROWS, COLS, 1 + n_tiles)."""

    def __init__(self, cfg: TileLMConfig, n_tiles: int, n_bins: int) -> None:
        super().__init__()
        self.cfg, self.n_tiles, self.n_bins = cfg, n_tiles, n_bins
        self.tok = nn.Embedding(N_SPECIAL + n_tiles, cfg.dim)
        self.hist = nn.Linear(n_bins, cfg.dim)
        self.row = nn.Parameter(torch.zeros(ROWS, 1, cfg.dim))
        self.col = nn.Parameter(torch.zeros(1, COLS, cfg.dim))
        self.blocks = nn.ModuleList(_Block(cfg.dim, d) for d in cfg.dilations)
        self.norm = nn.LayerNorm(cfg.dim)
        self.head = nn.Linear(cfg.dim, 1 + n_tiles)

    def features(self, tokens: torch.Tensor, bins: torch.Tensor) -> torch.Tensor:
        x = self.tok(tokens) + self.hist(colour_hist(bins, self.n_bins)) + self.row + self.col
        x = x.permute(0, 3, 1, 2)
        for b in self.blocks:
            x = b(x)
        return self.norm(x.permute(0, 2, 3, 1))

    def forward(self, tokens: torch.Tensor, bins: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(tokens, bins))


@dataclass
class TileClassifier:
    """A trained classifier with its vocabulary and per-mask-kind thresholds."""

    model: TileLM
    vocab: TileVocab
    thresholds: dict[str, float]
    steps: int = 0
    """Training steps reached."""
    min_known: float = 0.3
    """A frame is treated as a tile game only when at least this share of its complete visible cells are
    vocabulary tiles (else the classifier leaves it to the pixel path)."""

    def save(self, folder: str | Path, extra: dict | None = None) -> dict[str, Path]:
        from safetensors.torch import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tensors = {f"model.{k}": v.detach().contiguous().cpu() for k, v in self.model.state_dict().items()}
        tensors.update({"vocab.tiles": torch.from_numpy(self.vocab.tiles.copy()),
                        "vocab.counts": torch.from_numpy(self.vocab.counts.copy()),
                        "vocab.colours": torch.from_numpy(self.vocab.colours.copy())})
        save_file(tensors, str(folder / WEIGHTS))
        meta = {"family": "restore", "kind": "tile-classifier", "format": 1, "config": to_dict(self.model.cfg),
                "n_tiles": self.model.n_tiles, "n_bins": self.model.n_bins, "thresholds": self.thresholds,
                "min_known": self.min_known, "steps": self.steps, **(extra or {})}
        (folder / META).write_text(json.dumps(meta, indent=2), encoding="utf-8")
        return {WEIGHTS: folder / WEIGHTS, META: folder / META}

    @classmethod
    def load(cls, folder: str | Path | None, weights: str | Path | None = None, meta_path: str | Path | None = None
             ) -> TileClassifier | None:
        """The classifier saved in ``folder`` (or the two files), or None when there is none."""
        from safetensors.torch import load_file

        weights = Path(weights) if weights else Path(folder or ".") / WEIGHTS
        meta_path = Path(meta_path) if meta_path else weights.with_name(META)
        if not weights.exists() or not meta_path.exists():
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        t = load_file(str(weights))
        vocab = TileVocab(t["vocab.tiles"].numpy(), t["vocab.counts"].numpy(), t["vocab.colours"].numpy())
        model = TileLM(from_dict(TileLMConfig, meta["config"]), meta["n_tiles"], meta["n_bins"])
        model.load_state_dict({k[6:]: v for k, v in t.items() if k.startswith("model.")})
        return cls(model.eval(), vocab, {k: float(v) for k, v in meta["thresholds"].items()},
                   int(meta.get("steps", 0)), float(meta.get("min_known", 0.3)))

    def predict(self, frame: np.ndarray, mask: np.ndarray, phase: int | None = None) -> dict | None:
        """Per hidden complete cell: best consistent tile and its probability; None when the frame does not
        look like a tile game of this vocabulary."""
        if not len(self.vocab) or not mask.any():
            return None
        keys = np.where(mask, -1, pack(frame))
        if phase is None:
            phase = estimate_phase(keys, self.vocab.bank)
        tokens, bins, cell_keys, hid = encode(frame, mask, self.vocab, phase)
        vis_cells = tokens >= UNK
        if vis_cells.sum() and (tokens[vis_cells] >= N_SPECIAL).mean() < self.min_known:
            return None
        with torch.inference_mode():
            logits = self.model(torch.from_numpy(tokens)[None], torch.from_numpy(bins)[None])[0]
        rows, cols = np.nonzero(tokens == MASK)
        logit = logits[rows, cols].double().numpy()
        ok = consistent(cell_keys[rows, cols], self.vocab.tiles)
        logit[:, 1:] = np.where(ok, logit[:, 1:], -np.inf)
        logit -= logit.max(1, keepdims=True)
        prob = np.exp(logit)
        prob /= prob.sum(1, keepdims=True)
        best = prob.argmax(1)
        return {"phase": phase, "rows": rows, "cols": cols, "cls": best, "prob": prob[np.arange(len(best)), best],
                "hidden": hid[rows, cols]}

    def fill(self, frame: np.ndarray, mask: np.ndarray, base: np.ndarray, threshold: float,
             pred: dict | None = None) -> tuple[np.ndarray, int]:
        """``base`` with the hidden pixels of confidently classified cells replaced by their tile."""
        pred = pred if pred is not None else self.predict(frame, mask)
        out = base.copy()
        if pred is None:
            return out, 0
        use = (pred["cls"] > 0) & (pred["prob"] >= threshold)
        if not use.any():
            return out, 0
        idx = grid_index(pred["phase"], frame.shape[0], frame.shape[1])[pred["rows"][use], pred["cols"][use]]
        tiles = unpack(self.vocab.tiles[pred["cls"][use] - 1])  # (n, 64, 3)
        h = pred["hidden"][use]
        flat = out.reshape(-1, 3)
        flat[idx[h]] = tiles[h]
        return out, int(use.sum())


def consistent(cell_keys: np.ndarray, tiles: np.ndarray) -> np.ndarray:
    """(n, K) bool: tile k equals cell i on every visible pixel (cell_keys -1 = hidden)."""
    n, k = len(cell_keys), len(tiles)
    out = np.ones((n, k), bool)
    partial = np.flatnonzero((cell_keys >= 0).any(1))
    if not len(partial) or not k:
        return out
    # map colours to small integers so squared differences stay exact in float64 matrix products
    uniq, inv = np.unique(np.concatenate([cell_keys[partial].reshape(-1), tiles.reshape(-1)]), return_inverse=True)
    codes = np.arange(len(uniq), dtype=np.float64) + 1.0
    codes[uniq < 0] = 0.0
    emb = codes[inv.reshape(-1)]
    c = emb[:len(partial) * 64].reshape(len(partial), 64)
    t = emb[len(partial) * 64:].reshape(k, 64)
    vis = (c > 0).astype(np.float64)
    mism = (vis * c ** 2).sum(1, keepdims=True) - 2 * (vis * c) @ t.T + vis @ (t ** 2).T
    out[partial] = mism < 0.5
    return out

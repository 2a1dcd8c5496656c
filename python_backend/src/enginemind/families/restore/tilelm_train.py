"""Training of the tile classifier (``tilelm.py``): tile grids precomputed once, masks drawn per step.

``prepare`` turns frames into token grids (every complete cell's tile hash, the colour of every cell pixel,
the grid phase); ``build_vocab`` keeps the most frequent tiles of the training grids; ``train_classifier``
draws masks of three kinds per step (75 %-like 16x16 patch masks, one large block, and what a reference
frame leaves: a strip at a scrolling edge plus sprite-sized holes), hides the cells they touch and trains
with cross-entropy on those cells; ``choose_thresholds`` picks, per mask kind, the probability above which a
tile replaces the pixel path, by the pooled squared error on validation frames.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from enginemind.families.restore.config import TileLMConfig
from enginemind.families.restore.tilelm import (
    COLS,
    EDGE,
    MASK,
    N_SPECIAL,
    PAD,
    ROWS,
    UNK,
    TileClassifier,
    TileLM,
    TileVocab,
    grid_index,
)
from enginemind.families.restore.tiles import TILE, estimate_phase, pack, row_hash

THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 0.99, 1.01)
"""Candidates of ``choose_thresholds`` (1.01 = never write a tile)."""


@dataclass
class Grids:
    """Precomputed frames: phase (N,), cell tile hashes (N, ROWS, COLS) uint64 (0 = not a complete cell),
    cell pixel colours (N, ROWS, COLS, 64) uint8 as 1 + index into ``colours`` (0 = outside the frame)."""

    phases: np.ndarray
    hashes: np.ndarray
    colours_px: np.ndarray
    colours: np.ndarray
    tiles: dict[int, np.ndarray]
    counts: dict[int, int]

    def __len__(self) -> int:
        return len(self.phases)


def prepare(frames: Sequence[np.ndarray] | Callable[[int], np.ndarray], n: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> Grids:
    """Grids of ``frames`` (a sequence of (240, 256, 3) uint8, or a loader ``i -> frame`` with ``n``)."""
    load = frames if callable(frames) else frames.__getitem__
    n = len(frames) if n is None else n  # type: ignore[arg-type]
    phases = np.zeros(n, np.int8)
    hashes = np.zeros((n, ROWS, COLS), np.uint64)
    cpx = np.zeros((n, ROWS, COLS, TILE * TILE), np.uint8)
    colour_ids: dict[int, int] = {}
    tiles: dict[int, np.ndarray] = {}
    counts: dict[int, int] = {}
    for i in range(n):
        keys = pack(load(i))
        p = estimate_phase(keys, None)
        idx = grid_index(p, *keys.shape)
        cell = np.where(idx >= 0, keys.reshape(-1)[np.maximum(idx, 0)], -1)
        uniq, inv = np.unique(cell, return_inverse=True)
        lut = np.array([0 if k < 0 else _colour_id(colour_ids, int(k)) for k in uniq])
        cpx[i] = lut[inv.reshape(cell.shape)]
        full = (idx >= 0).all(-1)
        h = row_hash(cell[full])
        hashes[i][full] = h
        hu, first, cnt = np.unique(h, return_index=True, return_counts=True)
        flat = cell[full]
        for k, f, c in zip(hu.tolist(), first.tolist(), cnt.tolist(), strict=True):
            if k not in tiles:
                tiles[k] = flat[f]
            counts[k] = counts.get(k, 0) + c
        phases[i] = p
        if progress is not None and (i + 1) % 100 == 0:
            progress(i + 1, n)
    colours = np.array(sorted(colour_ids, key=colour_ids.get), np.int32)
    return Grids(phases, hashes, cpx, colours, tiles, counts)


def _colour_id(ids: dict[int, int], key: int) -> int:
    """1 + the colour's index; 255 once 254 colours are known (not an NES-like frame: 'unknown colour')."""
    if key not in ids and len(ids) >= 254:
        return 255
    return ids.setdefault(key, len(ids) + 1)


def build_vocab(grids: Grids, cfg: TileLMConfig, extra_colours: np.ndarray | None = None) -> TileVocab:
    keys = list(grids.counts)
    tiles = np.stack([grids.tiles[k] for k in keys]) if keys else np.zeros((0, 64), np.int32)
    counts = np.array([grids.counts[k] for k in keys], np.int64)
    colours = np.unique(np.concatenate([grids.colours, extra_colours if extra_colours is not None else []])
                        .astype(np.int32))
    return TileVocab.from_counts(tiles, counts, colours, cfg.vocab_size, cfg.min_count)


def tokens_of(grids: Grids, vocab: TileVocab) -> tuple[np.ndarray, np.ndarray]:
    """(tokens (N, ROWS, COLS) int64 of the unmasked frames, colour bins (N, ROWS, COLS, 64) uint8 in the
    vocabulary's colour order) for ``grids``."""
    vh = row_hash(vocab.tiles) if len(vocab) else np.zeros(0, np.uint64)
    order = np.argsort(vh)
    pos = np.clip(np.searchsorted(vh[order], grids.hashes), 0, max(len(vh) - 1, 0))
    found = (vh[order][pos] == grids.hashes) if len(vh) else np.zeros(grids.hashes.shape, bool)
    full = grids.hashes != 0
    inside = grids.colours_px.any(-1)
    tokens = np.where(inside, EDGE, PAD).astype(np.int64)
    tokens[full] = UNK
    tokens[full & found] = order[pos[full & found]] + N_SPECIAL
    lut = np.zeros(256, np.uint8)
    lut[1:len(grids.colours) + 1] = vocab.colour_index(grids.colours)
    lut[255] = vocab.n_colour_bins - 1
    return tokens, lut[grids.colours_px]


def draw_masks(batch: int, rng: np.random.Generator, hw: tuple[int, int] = (240, 256)) -> np.ndarray:
    """(batch, H, W) bool pixel masks: 16x16 patches at 60-90 %, one block, or a reference's leftovers."""
    h, w = hw
    out = np.zeros((batch, h, w), bool)
    for b in range(batch):
        u = rng.random()
        if u < 0.45:
            grid = rng.random((h // 16, w // 16)) < rng.uniform(0.6, 0.9)
            out[b] = np.kron(grid, np.ones((16, 16), bool))
        elif u < 0.75:
            bh, bw = int(rng.integers(32, 113)), int(rng.integers(48, 145))
            y, x = int(rng.integers(0, h - bh + 1)), int(rng.integers(0, w - bw + 1))
            out[b, y:y + bh, x:x + bw] = True
        else:
            sw = int(rng.integers(4, 41))
            if rng.random() < 0.8:
                out[b, 32:, w - sw:] = True
            else:
                out[b, 32:, :sw] = True
            for _ in range(int(rng.integers(0, 6))):
                sh, sx = int(rng.integers(8, 33)), int(rng.integers(8, 33))
                y, x = int(rng.integers(0, h - sh)), int(rng.integers(0, w - sx))
                out[b, y:y + sh, x:x + sx] = True
    return out


def masked_batch(tokens: np.ndarray, bins: np.ndarray, phases: np.ndarray, masks: np.ndarray
                 ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(input tokens, input colour bins, targets with -100 = no loss) for frames under pixel ``masks``."""
    idx = np.stack([grid_index(int(p)) for p in phases])
    hid = (idx >= 0) & np.take_along_axis(masks.reshape(len(masks), -1), np.maximum(idx, 0).reshape(len(idx), -1),
                                         1).reshape(idx.shape)
    cell_hid = hid.any(-1)
    full = tokens >= UNK
    target = np.where(full & cell_hid, tokens - UNK, -100)
    tok = np.where(full & cell_hid, MASK, tokens)
    b = np.where(hid, 0, bins)
    return torch.from_numpy(tok), torch.from_numpy(b.astype(np.uint8)), torch.from_numpy(target)


def train_classifier(grids: Grids, cfg: TileLMConfig, vocab: TileVocab | None = None,
                     on_step: Callable[[int, float, float], None] | None = None,
                     should_stop: Callable[[], bool] | None = None, init: TileClassifier | None = None
                     ) -> TileClassifier:
    """Train on ``grids``; ``on_step(step, loss, elapsed_s)``. Stops at ``cfg.steps`` or ``cfg.max_minutes``.
    ``init``: continue from this classifier (its vocabulary and weights; steps add up)."""
    vocab = init.vocab if init is not None else vocab or build_vocab(grids, cfg)
    torch.manual_seed(cfg.seed + (init.steps if init is not None else 0))
    rng = np.random.default_rng(cfg.seed + (init.steps if init is not None else 0))
    model = TileLM(cfg, len(vocab), vocab.n_colour_bins)
    start = 0
    if init is not None:
        model.load_state_dict(init.model.state_dict())
        start = init.steps
    clf = TileClassifier(model.eval(), vocab, {"patch": cfg.threshold, "block": cfg.threshold}, start)
    if not len(vocab) or not len(grids) or cfg.steps <= 0:
        return clf
    tokens, bins = tokens_of(grids, vocab)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    t0 = time.monotonic()
    model.train()
    for step in range(1, cfg.steps + 1):
        elapsed = time.monotonic() - t0
        frac = max(step / cfg.steps, elapsed / (cfg.max_minutes * 60) if cfg.max_minutes > 0 else 0.0)
        lr = cfg.lr * min(1.0, step / 50) * 0.5 * (1 + np.cos(np.pi * min(frac, 1.0)))
        for g in opt.param_groups:
            g["lr"] = lr
        pick = rng.integers(0, len(grids), cfg.batch_size)
        tok, b, target = masked_batch(tokens[pick], bins[pick], grids.phases[pick],
                                      draw_masks(cfg.batch_size, rng))
        feats = model.features(tok, b)
        keep = target >= 0  # the head runs on hidden cells only (most of a step's cost otherwise)
        if not keep.any():
            continue
        loss = torch.nn.functional.cross_entropy(model.head(feats[keep]), target[keep])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        clf.steps = start + step
        elapsed = time.monotonic() - t0
        if on_step is not None:
            on_step(step, float(loss.item()), elapsed)
        if (cfg.max_minutes > 0 and elapsed > cfg.max_minutes * 60) or (should_stop is not None and should_stop()):
            break
    model.eval()
    return clf


def cell_errors(clf: TileClassifier, frames: np.ndarray, masks: np.ndarray, base: np.ndarray) -> dict:
    """Per hidden complete cell: probability, whether a tile is proposed, squared error of the tile and of
    the base on its hidden pixels, and whether the tile is exactly right."""
    rows: dict[str, list] = {"prob": [], "tile": [], "se_tile": [], "se_base": [], "exact": []}
    for f, m, r in zip(frames, masks, base, strict=True):
        pred = clf.predict(f, m)
        if pred is None or not len(pred["rows"]):
            continue
        idx = grid_index(pred["phase"])[pred["rows"], pred["cols"]]
        hid = pred["hidden"]
        truth = f.reshape(-1, 3)[np.maximum(idx, 0)].astype(np.float64)
        tiles = np.where(pred["cls"][:, None, None] > 0, clf.vocab.tiles[np.maximum(pred["cls"] - 1, 0)][..., None], 0)
        t_rgb = np.stack([(tiles[..., 0] >> 16) & 255, (tiles[..., 0] >> 8) & 255, tiles[..., 0] & 255], -1)
        b_rgb = r.reshape(-1, 3)[np.maximum(idx, 0)].astype(np.float64)
        rows["prob"].append(pred["prob"])
        rows["tile"].append(pred["cls"] > 0)
        rows["se_tile"].append((((t_rgb - truth) ** 2).sum(-1) * hid).sum(1))
        rows["se_base"].append((((b_rgb - truth) ** 2).sum(-1) * hid).sum(1))
        rows["exact"].append(((t_rgb == truth).all(-1) | ~hid).all(1) & (pred["cls"] > 0))
    return {k: np.concatenate(v) if v else np.zeros(0) for k, v in rows.items()}


def choose_threshold(errs: dict) -> tuple[float, dict[float, float]]:
    """The threshold with the lowest pooled squared error (ties: the higher one) and the error per candidate
    relative to the base alone."""
    total_base = float(errs["se_base"].sum()) or 1.0
    curve = {}
    for t in THRESHOLDS:
        use = errs["tile"].astype(bool) & (errs["prob"] >= t)
        curve[t] = float(np.where(use, errs["se_tile"], errs["se_base"]).sum()) / total_base
    best = min(curve.items(), key=lambda kv: (round(kv[1], 6), -kv[0]))[0]
    return best, curve


def train_in_job(ctx, cfg: TileLMConfig, splits: dict, base: Callable[[np.ndarray, np.ndarray], np.ndarray],
                 val_frames: np.ndarray, folder) -> tuple[dict, dict[str, float]]:
    """The restore job's classifier step: grids of the training split, training with progress, thresholds on
    ``val_frames`` against ``base`` (the MAE as served), files written to ``folder``. ({} , {}) when the
    training frames hold no repeated tiles (not a tile game)."""
    from enginemind.families.restore.evaluate import MaskSetting

    train = splits["train"]
    ctx.log(f"tile classifier: tile grids of {len(train)} training frames")
    grids = prepare(lambda i: train.load(i)[0], len(train),
                    lambda i, n: ctx.progress(i, n, f"tile grids {i}/{n}"))
    vocab = build_vocab(grids, cfg)
    if not len(vocab):
        ctx.log("tile classifier: no tile repeats in the training frames (not a tile game); none trained")
        return {}, {}
    ctx.log(f"tile classifier: vocabulary {len(vocab)} of {len(grids.tiles)} distinct tiles")

    def on_step(step: int, loss: float, elapsed: float) -> None:
        if step % 10 == 0:
            ctx.metric("tile_lm_loss", loss, step)
        frac = max(step / cfg.steps, elapsed / (cfg.max_minutes * 60) if cfg.max_minutes > 0 else 0.0)
        ctx.progress(min(1000, int(frac * 1000)), 1000, f"tile classifier step {step}/{cfg.steps}, "
                     f"{elapsed / 60:.1f}/{cfg.max_minutes:g} min, loss {loss:.3f}")

    clf = train_classifier(grids, cfg, vocab, on_step, ctx.should_stop)
    metrics: dict[str, float] = {"tile_lm_steps": float(clf.steps), "tile_lm_vocab": float(len(vocab))}
    for kind, setting in (("patch", MaskSetting("patch75", "random", 0.75)),
                          ("block", MaskSetting("block64x96", "block", block_hw=(64, 96)))):
        masks = setting.make(len(val_frames), val_frames.shape[1:3], 99)
        errs = cell_errors(clf, val_frames, masks, base(val_frames, masks))
        clf.thresholds[kind], curve = choose_threshold(errs)
        metrics[f"tile_lm_{kind}_threshold"] = clf.thresholds[kind]
        metrics[f"tile_lm_{kind}_se_ratio"] = curve[clf.thresholds[kind]]
        metrics[f"tile_lm_{kind}_top1"] = float(errs["exact"].mean()) if len(errs["exact"]) else 0.0
    ctx.log("tile classifier: thresholds " + ", ".join(
        f"{k} {clf.thresholds[k]} (pooled squared error x{metrics[f'tile_lm_{k}_se_ratio']:.3f})"
        for k in ("patch", "block")))
    return clf.save(folder), metrics

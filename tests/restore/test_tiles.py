"""Tile snapping and reference-frame fill on synthetic NES-like frames (synth.py draws 8x8-aligned tiles)."""

from __future__ import annotations

import numpy as np
import pytest

from enginemind.errors import InvalidInput
from enginemind.families.restore.evaluate import mean_fill
from enginemind.families.restore.synth import make_level
from enginemind.families.restore.temporal import (
    ReferenceConfig,
    estimate_shift,
    fill_from_references,
    reference_fill,
)
from enginemind.families.restore.tiles import (
    SnapConfig,
    TileBank,
    estimate_phase,
    frame_cells,
    pack,
    snap_frames,
    snap_tiles,
)

W = 256
NO_HUD = SnapConfig(hud_rows=0)


def background(level, cam: int) -> np.ndarray:
    """The level's background at camera x ``cam`` (no sprites, no HUD): a pure tile frame."""
    return np.ascontiguousarray(level.image[:, cam:cam + W])


@pytest.fixture(scope="module")
def level():
    for ep in range(20):
        lv = make_level(3, ep, 400)
        if lv.theme == "overworld" and lv.image.shape[1] >= 700:
            return lv
    raise AssertionError("no overworld level")


@pytest.mark.parametrize("cam", [0, 3, 13, 101])
def test_phase_from_visible_pixels(level, cam: int) -> None:
    frame = background(level, cam)
    keys = pack(frame)
    assert estimate_phase(keys, None, hud_rows=0) == (-cam) % 8
    rng = np.random.default_rng(cam)
    hidden = np.kron(rng.random((15, 16)) < 0.75, np.ones((16, 16))).astype(bool)  # 75 % of 16x16 patches
    bank = TileBank.from_frames(background(level, 400)[None], hud_rows=0)
    assert estimate_phase(np.where(hidden, -1, keys), bank, hud_rows=0) == (-cam) % 8


def test_snap_recovers_exact_tiles_and_keeps_visible_pixels(level) -> None:
    cam = 205
    frame = background(level, cam)
    # the bank comes from other frames of the level (another scroll position, so another grid phase)
    bank = TileBank.from_frames(np.stack([background(level, c) for c in (0, 64, 130, 300, 420)]), hud_rows=0)
    rng = np.random.default_rng(0)
    # half of the pixels of 60 % of the 16x16 patches: hidden cells keep ~32 visible pixels, other cells
    # are whole (the grid phase is found from whole visible cells)
    mask = (rng.random(frame.shape[:2]) < 0.5) & np.kron(rng.random((15, 16)) < 0.6, np.ones((16, 16))).astype(bool)
    mask[:, :8] = False  # the left edge cells are cut by the frame; keep them simple
    base = mean_fill(frame[None], mask[None])[0]
    out, stats = snap_tiles(frame, mask, base, bank, NO_HUD)
    assert stats["phase"] == (-cam) % 8
    assert np.array_equal(out[~mask], frame[~mask])  # visible pixels never change
    cells, (ys, xs) = frame_cells(pack(frame), stats["phase"], 0)
    in_bank = bank.contains(cells) & (cells >= 0).all(1)
    assert in_bank.mean() > 0.8
    good = np.zeros(mask.shape, bool)
    for c in np.flatnonzero(in_bank):
        good[ys[c], xs[c]] = True
    # where the bank has the tile, the hidden pixels come back exact (unless the visible half of the cell
    # fits several bank tiles that differ on the hidden half: then the base stays)
    exact = (out[good & mask] == frame[good & mask]).all(-1)
    assert exact.mean() > 0.95
    assert (out[mask] != base[mask]).any()


def test_snap_leaves_unknown_tiles_to_the_base(level) -> None:
    frame = background(level, 50)
    mask = np.zeros(frame.shape[:2], bool)
    mask[100:140, 60:120] = True
    base = mean_fill(frame[None], mask[None])[0]
    out, stats = snap_tiles(frame, mask, base, TileBank(), NO_HUD)
    # the empty bank still holds the frame's own visible tiles; none of them fits a wrong base exactly
    assert np.array_equal(out[~mask], frame[~mask])
    noise = base.copy()
    noise[mask] = np.random.default_rng(1).integers(0, 256, size=(int(mask.sum()), 3), dtype=np.uint8)
    out2, _ = snap_tiles(frame, mask, noise, TileBank(), NO_HUD)
    changed = (out2 != noise).any(-1) & mask
    # snapped pixels are only ever the frame's own tile pixels, never invented colours
    assert set(map(tuple, out2[changed])) <= set(map(tuple, frame[~mask]))


def test_reference_shift_and_fill(level) -> None:
    cam, delta = 120, 5
    ref, frame = background(level, cam), background(level, cam + delta)
    mask = np.zeros(frame.shape[:2], bool)
    mask[60:124, 40:136] = True  # a 64x96 block
    mask[200:216, 240:256] = True  # at the right edge: those columns are not in the reference
    keys = np.where(mask, -1, pack(frame))
    shift, agree = estimate_shift(keys, pack(ref), 32)
    assert shift == delta and agree == 1.0
    out, left, stats = reference_fill(frame, mask, ref)
    assert "band0_shift" not in stats  # the status-bar band has no hidden pixel here
    assert stats["band1_shift"] == delta
    assert np.array_equal(out[~mask], frame[~mask])
    filled = mask & ~left
    assert filled[60:124, 40:136].all()
    assert np.array_equal(out[filled], frame[filled])
    assert left[200:216, 256 - delta:].all()  # no source for the last `delta` columns


def test_reference_cells_that_disagree_are_not_copied(level) -> None:
    ref, frame = background(level, 300), background(level, 304).copy()
    frame[150:166, 100:116] = (255, 0, 255)  # a "sprite" that is not in the reference
    mask = np.zeros(frame.shape[:2], bool)
    mask[150:162, 100:116] = True  # hides most of it; its lower rows stay visible
    out, left, _ = reference_fill(frame, mask, ref)
    assert left[160:162, 100:116].all()  # the cell whose visible pixels show the sprite is not copied
    assert not left[152:160, 100:116].any()  # (a whole hidden cell is copied: the default judges cells alone)
    out, left, _ = reference_fill(frame, mask, ref, cfg=ReferenceConfig(window_check=True, max_window_disagree=4))
    # the sprite shows in rows 162-165 and disagrees with the reference: the cells there and the cells next
    # to them (rows 152-167) stay hidden; the cells two rows of cells away (rows 144-151) see no sprite
    assert left[152:162, 100:116].all()
    assert not left[150:152, 100:116].any()


def test_batch_helpers_and_errors(level) -> None:
    frames = np.stack([background(level, 200), background(level, 207)])
    refs = np.stack([background(level, 197), background(level, 203)])
    masks = np.zeros(frames.shape[:3], bool)
    masks[:, 80:144, 64:160] = True
    filled, left = fill_from_references(frames, masks, refs)
    assert not left.any() and np.array_equal(filled, frames)
    # a base off by a grey level or two (what a network leaves): hidden tiles that the frame's visible part or
    # the reference frame shows snap back exactly
    noise = np.random.default_rng(2).integers(-2, 3, size=frames.shape)
    base = np.where(masks[..., None], np.clip(frames.astype(int) + noise, 0, 255), frames).astype(np.uint8)
    snapped = snap_frames(frames, masks, base, None, refs, cfg=NO_HUD)
    assert np.array_equal(snapped[~masks], frames[~masks])
    assert (snapped[masks] == frames[masks]).all(-1).mean() > 0.9
    flat = mean_fill(frames, masks)
    far = snap_frames(frames, masks, flat, None, refs, cfg=NO_HUD)
    changed = (far != flat).any(-1)
    # whole hidden cells with a base far from every tile keep the base; only cells cut by the block edge (the
    # second frame's grid is shifted by its scroll) are identified by their visible pixels, exactly
    assert not changed[0].any() and changed[1].any()
    assert np.array_equal(far[changed], frames[changed])
    with pytest.raises(InvalidInput):
        fill_from_references(frames, masks, refs[:1])
    with pytest.raises(InvalidInput):
        fill_from_references(frames, masks, refs, np.zeros((2, 10, 10), bool))


def test_bank_roundtrip_and_restrict(tmp_path, level) -> None:
    bank = TileBank.from_frames(background(level, 0)[None], hud_rows=0)
    bank.save(tmp_path / "tiles.npz")
    again = TileBank.load(tmp_path / "tiles.npz")
    assert np.array_equal(again.tiles, bank.tiles) and np.array_equal(again.counts, bank.counts)
    sky = pack(np.asarray(level.image[0, 0]))
    only_sky = bank.restrict(np.array([sky]))
    assert len(only_sky) == 1 and (only_sky.tiles == sky).all()


def test_restorer_with_references_and_tile_snap(level) -> None:
    import torch

    from enginemind.families.restore.model import MAE
    from enginemind.families.restore.predict import Restorer
    from tests.restore.helpers import tiny_cfg

    torch.manual_seed(0)
    restorer = Restorer(model=MAE(tiny_cfg()).eval())  # untrained: whatever it predicts, the rules must hold
    f = np.stack([background(level, 200), background(level, 333)])
    refs = np.stack([background(level, 196), background(level, 329)])
    masks = np.zeros(f.shape[:3], bool)
    masks[0, 80:144, 64:160] = True  # the reference shows all of it
    masks[1, 200:232, 200:256] = True  # the last 4 columns are new since the reference
    out = restorer.restore(f, masks, references=refs)
    assert np.array_equal(out[~masks], f[~masks])
    assert np.array_equal(out[0], f[0])
    assert np.array_equal(out[1][:, :252], f[1][:, :252])
    plain = restorer.restore(f, masks, tile_snap=False)
    assert not np.array_equal(plain[0], f[0])  # the untrained network alone is far off

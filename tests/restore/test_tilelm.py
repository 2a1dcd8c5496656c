"""Tile classifier (tilelm.py): learns which tile a hidden cell holds from context; clean fallbacks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from enginemind.families.restore.config import TileLMConfig
from enginemind.families.restore.evaluate import BASELINES, psnr
from enginemind.families.restore.tilelm import MASK, TileClassifier, TileVocab, encode, grid_index
from enginemind.families.restore.tilelm_train import (
    build_vocab,
    cell_errors,
    choose_threshold,
    prepare,
    train_classifier,
)
from tests.restore.helpers import frames as synth_frames

TINY = {"dim": 16, "dilations": [1, 2, 1], "batch_size": 4, "lr": 1e-2, "max_minutes": 0}


def planted_frame(offset: int, tiles: np.ndarray) -> np.ndarray:
    """A 240x256 frame of 8x8 cells (grid phase 0): cell (r, c) holds tiles[(r + c + offset) % len(tiles)],
    so every cell follows from its neighbours while its texture cannot be guessed from nearby pixels."""
    r, c = np.meshgrid(np.arange(30), np.arange(32), indexing="ij")
    which = (r + c + offset) % len(tiles)
    img = tiles[which]  # (30, 32, 8, 8, 3)
    return np.ascontiguousarray(img.transpose(0, 2, 1, 3, 4).reshape(240, 256, 3))


@pytest.fixture(scope="module")
def planted():
    rng = np.random.default_rng(0)
    palette = np.array([[0, 0, 0], [252, 252, 252], [200, 76, 12], [92, 148, 252]], np.uint8)
    tiles = palette[rng.integers(0, 4, (3, 8, 8))]
    frames = np.stack([planted_frame(k, tiles) for k in range(3)])
    cfg = TileLMConfig(steps=40, **TINY)
    grids = prepare(frames)
    clf = train_classifier(grids, cfg)
    return frames, clf


def test_grid_index_covers_every_pixel_once() -> None:
    for phase in (0, 3):
        idx = grid_index(phase)
        got = np.sort(idx[idx >= 0])
        assert np.array_equal(got, np.arange(240 * 256))


def test_classifier_fills_a_hidden_cell_from_context_and_beats_the_pixel_path(planted) -> None:
    frames, clf = planted
    assert len(clf.vocab) == 3 and clf.steps == 40
    frame = frames[1]
    mask = np.zeros((240, 256), bool)
    mask[120:128, 136:144] = True  # one whole 8x8 cell (row 15, cell column 17 + the edge column)
    mask[64:80, 40:56] = True  # and a 16x16 patch (four cells)
    tokens, _, _, _ = encode(frame, mask, clf.vocab, 0)
    assert (tokens == MASK).sum() == 5
    pred = clf.predict(frame, mask)
    assert pred is not None and pred["phase"] == 0 and (pred["prob"] > 0.5).all()
    ns = BASELINES["opencv_ns"](frame[None], mask[None], None)[0]
    out, n = clf.fill(frame, mask, ns, threshold=0.5)
    assert n == 5
    assert np.array_equal(out, frame)  # exact, where inpainting blurs the texture
    assert psnr(frame, ns, mask) < 20.0
    assert np.array_equal(out[~mask], frame[~mask])
    errs = cell_errors(clf, frame[None], mask[None], ns[None])
    t, curve = choose_threshold(errs)
    assert errs["exact"].all() and curve[t] == 0.0 and curve[1.01] == 1.0


def test_classifier_respects_visible_pixels(planted) -> None:
    frames, clf = planted
    frame = frames[0].copy()
    mask = np.zeros((240, 256), bool)
    mask[120:128, 136:140] = True  # half a cell hidden: only tiles equal to the visible half may be chosen
    pred = clf.predict(frame, mask)
    assert pred is not None and len(pred["cls"]) == 1
    out, _ = clf.fill(frame, mask, frame * 0, threshold=0.0)
    assert np.array_equal(out[mask], frame[mask])


def test_save_load_and_restorer_use_it(planted, tmp_path: Path) -> None:
    from enginemind.families.restore.model import MAE
    from enginemind.families.restore.predict import Restorer, save_model
    from tests.restore.helpers import tiny_cfg

    frames, clf = planted
    clf.thresholds = {"patch": 0.5, "block": 0.5}
    save_model(MAE(tiny_cfg()), tmp_path / "m")
    clf.save(tmp_path / "m")
    loaded = TileClassifier.load(tmp_path / "m")
    assert loaded is not None and loaded.thresholds == clf.thresholds and loaded.steps == clf.steps
    assert TileClassifier.load(tmp_path / "nothing") is None
    more = train_classifier(prepare(frames[:1]), TileLMConfig(steps=2, **TINY), init=loaded)
    assert more.steps == clf.steps + 2 and more.vocab is loaded.vocab
    r = Restorer.from_files(tmp_path / "m")
    assert r.classifier is not None
    mask = np.zeros((1, 240, 256), bool)
    mask[0, 64:80, 40:56] = True
    out = r.restore(frames[2:3], mask, tile_snap=False)
    plain = r.restore(frames[2:3], mask, tile_snap=False, tile_classifier=False)
    assert np.array_equal(out, frames[2:3]) and not np.array_equal(plain, frames[2:3])


def test_no_bank_and_non_tile_frames_fall_back(planted) -> None:
    _, clf = planted
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 256, (2, 240, 256, 3), dtype=np.uint8)
    # noise: no tile repeats, so no vocabulary and no classifier to speak of
    grids = prepare(noise)
    empty = train_classifier(grids, TileLMConfig(steps=5, **TINY))
    assert len(build_vocab(grids, TileLMConfig())) == 0 and len(empty.vocab) == 0
    mask = np.zeros((240, 256), bool)
    mask[100:140, 100:160] = True
    base = BASELINES["mean_fill"](noise[:1], mask[None], None)[0]
    assert empty.predict(noise[0], mask) is None
    assert np.array_equal(empty.fill(noise[0], mask, base, 0.0)[0], base)
    # a trained classifier on a frame that is not its tile game: left to the pixel path
    assert clf.predict(noise[0], mask) is None
    assert np.array_equal(clf.fill(noise[0], mask, base, 0.0)[0], base)
    # nothing hidden: nothing to do
    assert clf.predict(noise[0], np.zeros((240, 256), bool)) is None


def test_synthetic_game_frames_build_a_vocabulary() -> None:
    frames = synth_frames(4)
    grids = prepare(frames)
    vocab = build_vocab(grids, TileLMConfig(min_count=2))
    assert 0 < len(vocab) <= TileLMConfig().vocab_size
    tokens, bins, keys, hid = encode(frames[0], None, vocab, int(grids.phases[0]))
    assert not hid.any() and (tokens >= 4).mean() > 0.5
    assert isinstance(vocab, TileVocab) and bins.max() < vocab.n_colour_bins

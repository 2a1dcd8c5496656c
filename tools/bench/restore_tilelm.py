"""Train the restore family's tile classifier (``tilelm.py``) next to a trained model, on a level split.

Tile grids of the training and validation levels are computed once and cached (``--cache``); the
classifier trains on the training levels with progress on stderr, then the probability threshold per mask
kind (75 % patches, 64x96 blocks) is chosen on validation frames against the pixel path it replaces (the
MAE of ``--model-dir``, else Navier-Stokes), and the classifier is written as ``tilelm.safetensors`` +
``tilelm.json`` into ``--out`` (e.g. the model folder: ``Restorer.from_files`` then loads it).

    PYTHONPATH=python_backend/src nice -n 10 python tools/bench/restore_tilelm.py \
        --data /work/wt/data/run1/frames --model-dir /work/wt/data/run1/model --out /tmp/tilelm --minutes 12
Scoring on held-out levels: tools/bench/restore_tiles.py --classifier DIR.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

from enginemind.families.restore.config import DataConfig, TileLMConfig
from enginemind.families.restore.data import levels_of, load_splits
from enginemind.families.restore.evaluate import BASELINES, MaskSetting
from enginemind.families.restore.tilelm import TileClassifier
from enginemind.families.restore.tilelm_train import (
    Grids,
    build_vocab,
    cell_errors,
    choose_threshold,
    prepare,
    train_classifier,
)

KINDS = {"patch": MaskSetting("patch75", "random", 0.75),
         "block": MaskSetting("block64x96", "block", block_hw=(64, 96))}


def cached_grids(source, path: Path, stride: int) -> Grids:
    if path.exists():
        z = np.load(path)
        tiles = dict(zip(z["tile_hash"].tolist(), z["tile_pix"], strict=True))
        counts = dict(zip(z["tile_hash"].tolist(), z["tile_count"].tolist(), strict=True))
        return Grids(z["phases"], z["hashes"], z["colours_px"], z["colours"], tiles, counts)
    n = len(range(0, len(source), stride))
    t0 = time.time()

    def progress(i: int, total: int) -> None:
        print(f"  grids {i}/{total} ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)

    g = prepare(lambda i: source.load(i * stride)[0], n, progress)
    keys = np.array(list(g.tiles), np.uint64)
    np.savez(path, phases=g.phases, hashes=g.hashes, colours_px=g.colours_px, colours=g.colours, tile_hash=keys,
             tile_pix=np.stack([g.tiles[k] for k in keys.tolist()]) if len(keys) else np.zeros((0, 64), np.int32),
             tile_count=np.array([g.counts[k] for k in keys.tolist()], np.int64))
    return g


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="captured dataset folder (split by level)")
    ap.add_argument("--out", required=True, help="folder for tilelm.safetensors + tilelm.json")
    ap.add_argument("--model-dir", default="", help="MAE folder: the pixel path the thresholds are chosen against")
    ap.add_argument("--cache", default="/tmp/restore-tilelm-cache", help="folder for the precomputed grids")
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--minutes", type=float, default=12.0)
    ap.add_argument("--config", default="{}", help="JSON overrides of TileLMConfig")
    ap.add_argument("--val-n", type=int, default=48, help="validation frames for the thresholds")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--init", default="", help="continue training the classifier in this folder")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()
    splits = load_splits(DataConfig(source="folder", path=args.data, split="level"))
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    grids = cached_grids(splits["train"], cache / "train_grids.npz", 1)
    cfg = TileLMConfig(**{"steps": args.steps, "max_minutes": args.minutes, **json.loads(args.config)})
    vocab = build_vocab(grids, cfg)
    cells = int((grids.hashes != 0).sum())
    print(f"train grids: {len(grids)} frames, {len(grids.tiles)} distinct tiles, {len(grids.colours)} colours; "
          f"vocabulary {len(vocab)} tiles covering {vocab.counts.sum() / max(cells, 1):.1%} of {cells} cells "
          f"({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)

    def on_step(step: int, loss: float, elapsed: float) -> None:
        if step % 25 == 0:
            print(f"  step {step} loss {loss:.3f} ({elapsed / 60:.1f} min)", file=sys.stderr, flush=True)

    init = TileClassifier.load(args.init) if args.init else None
    clf = train_classifier(grids, cfg, vocab, on_step, init=init)
    steps = clf.steps
    val_frames, _ = splits["val"].spread(args.val_n)
    if args.model_dir:
        from enginemind.families.restore.predict import Restorer

        r = Restorer.from_files(args.model_dir)
        base = lambda f, m: r.restore(f, m, tile_snap=False)  # noqa: E731
    else:
        base = lambda f, m: BASELINES["opencv_ns"](f, m, None)  # noqa: E731
    report: dict = {"train_frames": len(grids), "vocab": len(vocab), "minutes": (time.time() - t0) / 60,
                    "steps": steps}
    for kind, setting in KINDS.items():
        masks = setting.make(len(val_frames), val_frames.shape[1:3], 99)
        errs = cell_errors(clf, val_frames, masks, base(val_frames, masks))
        t, curve = choose_threshold(errs)
        clf.thresholds[kind] = t
        top1 = float(errs["exact"].mean()) if len(errs["exact"]) else 0.0
        report[kind] = {"threshold": t, "cells": len(errs["prob"]), "top1_exact": top1,
                        "se_ratio": {str(k): round(v, 4) for k, v in curve.items()}}
        print(f"[{kind}] val cells {len(errs['prob'])}, top-1 tile exact {top1:.1%}, threshold {t} "
              f"(pooled SE vs base: {curve[t]:.3f})", file=sys.stderr, flush=True)
    clf.save(args.out, {"levels": {k: levels_of(v) for k, v in splits.items()}, "report": report})
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of tile snapping and reference-frame fill on real frames of levels never seen (restore family).

Frames come from a captured folder (``enginemind restore capture``); the split is by level: the tile bank
is built from frames of the training worlds only (plus, per test frame, its own visible part and its
reference frame), and the test frames come from the other worlds. Every method sees the same frames and
the same masks (75 % of 16x16 patches; one 64x96 block). The reference frame of a test frame is the
previous captured frame of its episode.

    PYTHONPATH=python_backend/src .venv/bin/python tools/bench/restore_tiles.py \
        --data /work/wt/data/tiles_smb --train-worlds 1,2,3,4 --test-worlds 5,6,7,8 --n 120 --model-dir DIR
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from enginemind.families.restore.data import read_png, scan_folder
from enginemind.families.restore.evaluate import BASELINES, MaskSetting, score
from enginemind.families.restore.temporal import reference_fill
from enginemind.families.restore.tilelm import TileClassifier, grid_index
from enginemind.families.restore.tiles import SnapConfig, TileBank, estimate_phase, pack, snap_tiles

SETTINGS = (MaskSetting("patch75", "random", 0.75), MaskSetting("block64x96", "block", block_hw=(64, 96)))
Fill = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""fill(frame (H, W, 3), mask (H, W)) -> restored frame."""


def level_of(rec) -> str:
    return str(rec.meta.get("level") or rec.episode.rsplit("_", 1)[-1])


def load_split(data: str, worlds: set[int], with_ref: bool, n: int, stride: int = 1, moving: bool = False
               ) -> tuple[np.ndarray, np.ndarray | None, list[str]]:
    """Frames of the given worlds (every ``stride``-th, at most ``n`` spread evenly; 0 = all), their
    reference frames (the previous captured frame of the episode) and level names. ``moving``: only frames
    whose playfield scrolled since the reference (RAM scroll 0x071A/0x071C differs)."""
    recs = [r for r in scan_folder(data) if int(level_of(r).split("-")[0]) in worlds]
    pairs = [(i, r) for i, r in enumerate(recs) if not with_ref or (i > 0 and recs[i - 1].episode == r.episode)]
    if moving:
        pairs = [(i, r) for i, r in pairs if scroll_of(r) != scroll_of(recs[i - 1])]
    pairs = pairs[::stride]
    if not pairs:
        return np.zeros((0, 240, 256, 3), np.uint8), None, []
    if n and len(pairs) > n:
        pairs = [pairs[int(k)] for k in np.linspace(0, len(pairs) - 1, n).round()]
    frames = np.stack([read_png(r.path)[0] for _, r in pairs])
    refs = np.stack([read_png(recs[i - 1].path)[0] for i, _ in pairs]) if with_ref else None
    return frames, refs, [level_of(r) for _, r in pairs]


def scroll_of(rec) -> int:
    """Level x of the screen's left edge from the frame's RAM sidecar (-1 without RAM)."""
    from enginemind.families.restore.data import _decode_ram

    ram = _decode_ram(rec.meta.get("ram"))
    return -1 if ram is None else ram[0x071A] * 256 + ram[0x071C]


def classical(name: str) -> Fill:
    fn = BASELINES[name]
    return lambda f, m: fn(f[None], m[None], None)[0]


def mae_fill(model_dir: str, palette_snap: bool | None = None, int8: bool = False) -> Fill:
    """The MAE alone; palette snap None = as served (per mask kind as measured at training; models without
    that decision snap every kind). ``int8``: through the served int8 ONNX graph (exported and quantised
    here, as training does) instead of PyTorch."""
    from enginemind.families.restore.predict import Restorer

    restorer = Restorer.from_files(model_dir)
    if int8:
        import tempfile

        from enginemind.families.restore.export import export_onnx, ort_session, quantize_int8

        tmp = Path(tempfile.mkdtemp())
        graph = quantize_int8(export_onnx(restorer.graph.model, tmp / "m.onnx"), tmp / "m.int8.onnx")
        restorer = Restorer(session=ort_session(graph), model_cfg=restorer.cfg, snap=restorer.snap)
    return lambda f, m: restorer.restore(f[None], m[None], palette_snap=palette_snap, tile_snap=False,
                                         tile_classifier=False)[0]


def run_method(name: str, base: Fill, frames: np.ndarray, refs: np.ndarray | None, masks: np.ndarray,
               bank: TileBank | None, use_ref: bool, snap: SnapConfig, stats: dict,
               ref_masks: np.ndarray | None = None, clf: TileClassifier | None = None,
               cache: dict | None = None) -> np.ndarray:
    """Restore every frame: [reference fill] -> base method on what is left -> [tile classifier] ->
    [tile snapping]."""
    from enginemind.families.restore.predict import mask_kind

    out = np.empty_like(frames)
    st = stats.setdefault(name, {"ref_filled": 0, "snap_exact": 0, "snap_near": 0, "kept": 0, "hidden": 0,
                                 "cls_cells": 0, "seconds": 0.0})
    for i, (f, m) in enumerate(zip(frames, masks, strict=True)):
        t0 = time.perf_counter()
        left, cur = m, f
        frame_bank = bank
        if use_ref and refs is not None:
            rm = ref_masks[i] if ref_masks is not None else None
            cur, left, _ = reference_fill(f, m, refs[i], rm)
            st["ref_filled"] += int(m.sum() - left.sum())
        key = (id(base), use_ref, i)  # the same base on the same input: computed once per mask setting
        if cache is not None and key in cache:
            res = cache[key].copy()
        else:
            res = base(cur, left) if left.any() else cur.copy()
            if cache is not None:
                cache[key] = res.copy()
        if clf is not None and left.any():
            res, n_cls = clf.fill(cur, left, res, clf.thresholds.get(mask_kind(left), 1.01))
            st["cls_cells"] += n_cls
        if bank is not None and left.any():
            if refs is not None and use_ref:
                frame_bank = TileBank.merge([bank, TileBank.from_frames(
                    refs[i:i + 1], None if ref_masks is None else ref_masks[i:i + 1], hud_rows=snap.hud_rows)])
            res, s = snap_tiles(cur, left, res, frame_bank, snap)
            st["snap_exact"] += s["exact"]
            st["snap_near"] += s["near"]
            st["kept"] += s["kept"]
        res[~m] = f[~m]
        out[i] = res
        st["hidden"] += int(m.sum())
        st["seconds"] += time.perf_counter() - t0
    return out


def exact_cells(frames: np.ndarray, restored: np.ndarray, masks: np.ndarray) -> float:
    """Share of the complete 8x8 cells with a hidden pixel (grid phase from all pixels) restored exactly."""
    right = total = 0
    for f, r, m in zip(frames, restored, masks, strict=True):
        idx = grid_index(estimate_phase(pack(f)))
        full = (idx >= 0).all(-1)
        cell = np.maximum(idx[full], 0)
        hid = m.reshape(-1)[cell].any(1)
        same = (f.reshape(-1, 3)[cell] == r.reshape(-1, 3)[cell]).all(-1).all(1)
        right += int((same & hid).sum())
        total += int(hid.sum())
    return right / max(total, 1)


def phase_check(frames: np.ndarray, masks: np.ndarray, bank: TileBank) -> float:
    """Share of frames whose grid phase estimated from the visible pixels equals the one from all pixels."""
    same = 0
    for f, m in zip(frames, masks, strict=True):
        keys = pack(f)
        same += estimate_phase(np.where(m, -1, keys), bank) == estimate_phase(keys, bank)
    return same / len(frames)


def save_sheet(path: str, frames: np.ndarray, sheet: list) -> None:
    """One row per (mask kind, frame): original | input (hidden pixels grey) | every method, labelled."""
    import cv2
    from PIL import Image

    rows = []
    for si in sorted({k for k, *_ in sheet}):
        entries = [(n, r, m) for k, n, r, m in sheet if k == si]
        for j in range(len(frames)):
            shown = frames[j].copy()
            shown[entries[0][2][j]] = 128
            tiles = [("original", frames[j]), ("input", shown)] + [(n, r[j]) for n, r, _ in entries]
            cells = []
            for label, img in tiles:
                img = np.ascontiguousarray(img.copy())
                cv2.putText(img, label, (4, 236), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (255, 255, 255), 1)
                cells.append(np.pad(img, ((2, 2), (2, 2), (0, 0))))
            rows.append(np.concatenate(cells, axis=1))
    Image.fromarray(np.concatenate(rows, axis=0)).save(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="captured dataset folder (frames + frames.jsonl with level)")
    ap.add_argument("--train-worlds", default="1,2,3,4", help="worlds whose frames build the tile bank")
    ap.add_argument("--test-worlds", default="5,6,7,8", help="worlds of the test frames (never in the bank)")
    ap.add_argument("--n", type=int, default=120, help="test frames")
    ap.add_argument("--bank-stride", type=int, default=2, help="use every n-th training frame for the bank")
    ap.add_argument("--bank-cache", default="", help="npz file: load the training tile bank from it, or save it")
    ap.add_argument("--model-dir", default="", help="a trained MAE folder (adds mae rows)")
    ap.add_argument("--classifier", default="", help="folder with tilelm.safetensors (adds +cls rows)")
    ap.add_argument("--int8", action="store_true", help="adds mae_int8 rows: the MAE through the int8 ONNX graph")
    ap.add_argument("--methods", default="", help="comma list to run (default: all)")
    ap.add_argument("--min-visible", type=int, default=SnapConfig.min_visible)
    ap.add_argument("--max-distance", type=float, default=SnapConfig.max_distance)
    ap.add_argument("--ref-masked", action="store_true", help="hide pixels of the reference frame too "
                    "(its own mask, another seed): the reference is itself damaged")
    ap.add_argument("--moving-only", action="store_true",
                    help="only test frames whose level scrolled since their reference frame")
    ap.add_argument("--no-ssim", action="store_true")
    ap.add_argument("--samples", default="", help="PNG: original | input | each method, 2 frames per mask kind")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--json", default="", help="write rows and stats here")
    args = ap.parse_args()

    t0 = time.time()
    train_w = {int(w) for w in args.train_worlds.split(",")}
    test_w = {int(w) for w in args.test_worlds.split(",")}
    if train_w & test_w:
        raise SystemExit("train and test worlds overlap")
    if args.bank_cache and Path(args.bank_cache).exists():
        bank = TileBank.load(args.bank_cache)
    else:
        bank_frames, _, bank_levels = load_split(args.data, train_w, False, 0, args.bank_stride)
        bank = TileBank.from_frames(bank_frames) if len(bank_frames) else TileBank()
        print(f"bank: {len(bank)} tiles from {len(bank_frames)} frames of {len(set(bank_levels))} levels "
              f"({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
        if args.bank_cache:
            bank.save(args.bank_cache)
    frames, refs, levels = load_split(args.data, test_w, True, args.n, moving=args.moving_only)
    print(f"test: {len(frames)} frames of {len(set(levels))} levels: {sorted(set(levels))}", file=sys.stderr)
    snap = SnapConfig(min_visible=args.min_visible, max_distance=args.max_distance)

    bases: dict[str, Fill] = {"mean_fill": classical("mean_fill"), "telea": classical("opencv_telea"),
                              "ns": classical("opencv_ns")}
    if args.model_dir:
        bases["mae"] = mae_fill(args.model_dir)
        bases["mae_raw"] = mae_fill(args.model_dir, palette_snap=False)
        if args.int8:
            bases["mae_int8"] = mae_fill(args.model_dir, int8=True)
    clf = TileClassifier.load(args.classifier) if args.classifier else None
    if args.classifier and clf is None:
        raise SystemExit(f"no tile classifier in {args.classifier}")
    # name -> (base, reference fill, tile snap, tile classifier)
    plans: dict[str, tuple[str, bool, bool | str, bool]] = {}
    # tile snap True: bank of training tiles + the frame + its reference; "own": the frame + its reference
    for b in bases:
        plans[b] = (b, False, False, False)
    for b in ("telea", "ns", "mae", "mae_raw", "mae_int8"):
        if b in bases:
            for ref in (False, True):
                pre = "ref+" if ref else ""
                if ref:
                    plans[f"ref+{b}"] = (b, True, False, False)
                plans[f"{pre}{b}+tiles"] = (b, ref, True, False)
                plans[f"{pre}{b}+owntiles"] = (b, ref, "own", False)
                if clf is not None:
                    plans[f"{pre}{b}+cls"] = (b, ref, False, True)
                    plans[f"{pre}{b}+cls+owntiles"] = (b, ref, "own", True)
    if args.methods:
        plans = {k: v for k, v in plans.items() if k in args.methods.split(",")}

    rows, stats, sheet = [], {}, []
    for si, s in enumerate(SETTINGS):
        masks = s.make(len(frames), frames.shape[1:3], args.seed + si)
        rmasks = s.make(len(refs), refs.shape[1:3], args.seed + 100 + si) if args.ref_masked else None
        pc = phase_check(frames, masks, bank)
        print(f"[{s.name}] phase from visible pixels = phase from all pixels on {pc:.0%} of frames",
              file=sys.stderr, flush=True)
        base_cache: dict = {}
        for name, (b, use_ref, use_snap, use_cls) in plans.items():
            t1 = time.time()
            bank_used = (bank if use_snap is True else TileBank()) if use_snap else None
            restored = run_method(f"{s.name}/{name}", bases[b], frames, refs, masks, bank_used,
                                  use_ref, snap, stats, rmasks, clf if use_cls else None, base_cache)
            row = {"mask": s.name, "method": name, **score(frames, restored, masks, not args.no_ssim)}
            exact = np.mean([(restored[i][masks[i]] == frames[i][masks[i]]).all(-1).mean()
                             for i in range(len(frames))])
            row["exact_px"] = float(exact)
            row["exact_cells"] = exact_cells(frames, restored, masks)
            rows.append(row)
            if args.samples:
                sheet.append((si, name, restored[:2].copy(), masks[:2]))
            print(f"  {name:22s} mean {row['masked_psnr']:6.2f}  median {row['masked_psnr_median']:6.2f}  "
                  f"pooled {row['masked_psnr_pooled']:6.2f}  exact px {exact:.1%}  "
                  f"cells {row['exact_cells']:.1%}  ({time.time() - t1:.0f} s)",
                  file=sys.stderr, flush=True)
    keys = ["masked_psnr", "masked_psnr_median", "masked_psnr_pooled", "exact_px", "exact_cells"] + \
        ([] if args.no_ssim else ["masked_ssim"])
    print(f"\n{len(frames)} test frames of worlds {args.test_worlds} ({len(set(levels))} levels); bank "
          f"{len(bank)} tiles from worlds {args.train_worlds}; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores; {time.time() - t0:.0f} s\n")
    print("| mask | method | " + " | ".join(keys) + " |\n|---|---|" + "---|" * len(keys))
    for r in rows:
        print(f"| {r['mask']} | {r['method']} | " + " | ".join(
            f"{r[k]:.1%}" if k.startswith("exact") else f"{r[k]:.3f}" if "ssim" in k else f"{r[k]:.2f}" for k in keys)
            + " |")
    if args.samples:
        save_sheet(args.samples, frames[:2], sheet)
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "rows": rows, "stats": stats}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

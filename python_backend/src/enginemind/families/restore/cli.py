"""``enginemind restore ...`` commands: restore frames (server or local model), eval, capture, synth, export."""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from enginemind.client.paths import resolve_data_dir
from enginemind.config import from_dict, to_dict
from enginemind.errors import InvalidInput

if TYPE_CHECKING:
    import numpy as np


def register(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("restore", help="restore masked game frames (MAE); eval, capture, synth, export")
    common(p)
    p.add_argument("--frames", nargs="+", default=[], help="256x240 frame PNGs to restore")
    p.add_argument("--mask", nargs="+", default=[], help="mask PNGs (non-zero = restore); one, or one per frame")
    p.add_argument("--rect", action="append", default=[], metavar="Y,X,H,W", help="restore this rectangle")
    p.add_argument("--hud", action="store_true", help="restore the HUD strip (top 32 rows)")
    p.add_argument("--out", default="restored", help="output folder")
    p.add_argument("--no-palette-snap", action="store_true",
                   help="keep the network's raw colours (default: snap restored pixels to the frame's colours)")
    _model_args(p)
    p.add_argument("--local", default="", metavar="MODEL_DIR",
                   help="run a model folder (model.safetensors + model.json) in this process instead of the server")
    p.set_defaults(func=cmd_restore)
    rs = p.add_subparsers(dest="restore_cmd", metavar="{eval,capture,synth,export}")

    e = rs.add_parser("eval", help="PSNR/SSIM of a model vs mean fill and OpenCV inpainting on held-out episodes")
    common(e)
    _model_args(e)
    e.add_argument("--model-dir", default="", help="model folder (instead of downloading from the server)")
    e.add_argument("--data", default="", help="dataset folder, or a flat folder of 256x240 PNGs (default: the "
                   "held-out split of the data the model was trained on)")
    e.add_argument("--split", choices=("all", "test"), default="all",
                   help="with --data: score every frame of the folder (all) or only its held-out test split")
    e.add_argument("--n", type=int, default=0, help="frames to score, evenly spread (0 = all of them)")
    e.add_argument("--no-ssim", action="store_true", help="skip SSIM (faster)")
    e.set_defaults(func=cmd_eval)

    c = rs.add_parser("capture", help="record real SMB frames with the NES emulator (own venv, numpy<2)")
    common(c)
    c.add_argument("--out", required=True, help="dataset folder to write")
    c.add_argument("--venv", default="", help="emulator venv (default <data dir>/capture-venv)")
    c.add_argument("--frames", type=int, default=400, help="saved frames per stage (the stage's budget)")
    c.add_argument("--stride", type=int, default=8, help="save every n-th emulator frame (60 fps)")
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--stages", default="all", help="'all' (1-1 .. 8-4) or a list like 1-1,1-2")
    c.add_argument("--traversals", type=int, default=3, help="runs through a stage at most (another seed each)")
    c.add_argument("--lost-levels", action="store_true", help="capture Super Mario Bros: The Lost Levels")
    c.add_argument("--max-frames", type=int, default=12000, help="emulator frames per stage at most")
    c.add_argument("--train", action="store_true",
                   help="then submit a restore training job on the folder, split by level (see --train-config)")
    c.add_argument("--train-config", default="", help="JSON object (or file) merged into the job config")
    c.add_argument("--watch", action="store_true", help="with --train: follow the job")
    c.set_defaults(func=cmd_capture)

    s = rs.add_parser("synth", help="write synthetic NES-like episodes in the dataset folder format")
    common(s)
    s.add_argument("--out", required=True)
    s.add_argument("--episodes", type=int, default=8)
    s.add_argument("--frames", type=int, default=64)
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(func=cmd_synth)

    x = rs.add_parser("export", help="export a model folder to ONNX and check parity with PyTorch")
    common(x)
    x.add_argument("--model-dir", required=True)
    x.add_argument("--out", required=True, help="ONNX file to write")
    x.add_argument("--plain", action="store_true",
                   help="standard ONNX ops only (no fused onnxruntime Attention nodes; slower on onnxruntime)")
    x.add_argument("--int8", action="store_true",
                   help="also write the dynamic int8 graph next to it (NAME.int8.onnx) and its masked-PSNR change")
    x.set_defaults(func=cmd_export)


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", default="", help="registered model name (default restore-mae)")
    p.add_argument("--version", type=int, default=0, help="model version (default: alias production, else latest)")
    p.add_argument("--alias", default="", help="model alias")


def _read_mask(path: str) -> np.ndarray:
    import numpy as np
    from PIL import Image

    with Image.open(path) as im:
        arr = np.asarray(im.convert("L"))
    if arr.shape != (240, 256):
        raise InvalidInput(f"mask {path} is {arr.shape[1]}x{arr.shape[0]}; masks are 256x240")
    return arr > 0


def build_masks(args: argparse.Namespace, n: int) -> np.ndarray:
    """Masks from --mask files, --rect rectangles and --hud (combined)."""
    import numpy as np

    masks = np.zeros((n, 240, 256), dtype=bool)
    if args.mask:
        files = [_read_mask(m) for m in args.mask]
        if len(files) not in (1, n):
            raise InvalidInput(f"give one mask or one per frame ({n}), got {len(files)}")
        masks |= np.stack(files if len(files) == n else files * n)
    for rect in args.rect:
        try:
            y, x, h, w = (int(v) for v in rect.split(","))
        except ValueError:
            raise InvalidInput(f"--rect {rect!r} must be Y,X,H,W in pixels") from None
        masks[:, max(y, 0):y + h, max(x, 0):x + w] = True
    if args.hud:
        masks[:, :32] = True
    if not masks.any():
        raise InvalidInput("nothing to restore: give --mask, --rect or --hud")
    return masks


def cmd_restore(args: argparse.Namespace) -> int:
    import numpy as np
    from PIL import Image

    if not args.frames:
        raise InvalidInput("give --frames (or a subcommand: eval, capture, synth, export)")
    from enginemind.families.restore.data import read_png

    frames = np.stack([read_png(Path(f))[0] for f in args.frames])
    masks = build_masks(args, len(frames))
    if args.local:
        from enginemind.families.restore.predict import Restorer

        snap = False if args.no_palette_snap else None  # None: as measured per mask kind (model.json)
        out = Restorer.from_files(args.local).restore(frames, masks, palette_snap=snap)
    else:
        out = _restore_remote(args, frames, masks)
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    for src, img in zip(args.frames, out, strict=True):
        Image.fromarray(img).save(folder / Path(src).name)
    print(f"restored {len(out)} frame(s) into {folder}")
    return 0


def _restore_remote(args: argparse.Namespace, frames: np.ndarray, masks: np.ndarray) -> np.ndarray:
    import numpy as np

    from enginemind.client import Client
    from enginemind.families.restore.service import decode_image, encode_image
    from enginemind.v1 import restore_pb2

    def img(a: np.ndarray) -> restore_pb2.Image:
        return encode_image(a, False, restore_pb2.Image, restore_pb2.RawImage)

    with Client.from_data_dir(args.data_dir, timeout_s=max(args.timeout, 60.0)) as client:
        stub = client.restore
        req = restore_pb2.RestoreFramesRequest(
            model=restore_pb2.RestoreModelRef(model=args.model, version=args.version, alias=args.alias),
            frames=[img(f) for f in frames], masks=[img(np.repeat(m[..., None] * 255, 3, 2).astype(np.uint8))
                                                   for m in masks],
            output=restore_pb2.IMAGE_ENCODING_PNG, no_palette_snap=args.no_palette_snap)
        res = client.call(stub.RestoreFrames, req)
    print(f"model {res.model} v{res.version}")
    return np.stack([decode_image(f, "reply", 3) for f in res.frames])


def cmd_eval(args: argparse.Namespace) -> int:
    from enginemind.families.restore.config import DataConfig
    from enginemind.families.restore.data import FrameSource, load_splits, scan_folder
    from enginemind.families.restore.evaluate import BASELINES, evaluate_methods, markdown_table
    from enginemind.families.restore.predict import META, Restorer

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.model_dir) if args.model_dir else _download(args, Path(tmp))
        restorer = Restorer.from_files(folder)
        trained_on = json.loads((folder / META).read_text(encoding="utf-8")).get("data")
    if args.data and args.split == "all":
        test, what = FrameSource(scan_folder(args.data)), "all frames of"
    else:
        if args.data:  # the folder's own held-out split, cut like the model's training data when it can be
            base = from_dict(DataConfig, trained_on) if trained_on and trained_on.get("source") == "folder" \
                else DataConfig(source="folder", path=args.data)
            data = from_dict(DataConfig, {**to_dict(base), "source": "folder", "path": args.data})
        else:  # the held-out split of the data the model was trained on
            data = from_dict(DataConfig, trained_on) if trained_on else DataConfig()
        test, what = load_splits(data)["test"], "the held-out test split of"
    frames, states = test.spread(args.n) if args.n > 0 else test.batch(range(len(test)))
    methods = {"mae": lambda f, m, s: restorer.restore(f, m, s),
               "mae_no_snap": lambda f, m, s: restorer.restore(f, m, s, palette_snap=False), **BASELINES}
    rows = evaluate_methods(methods, frames, states, with_ssim=not args.no_ssim)
    print(f"{len(frames)} frames ({what} {len(test.episodes)} episode(s))")
    print(markdown_table(rows))
    return 0


def _download(args: argparse.Namespace, tmp: Path) -> Path:
    from enginemind.client import Client
    from enginemind.families.restore.predict import META, WEIGHTS

    name = args.model or "restore-mae"
    with Client.from_data_dir(args.data_dir, timeout_s=args.timeout) as client:
        alias = args.alias
        if not args.version and not alias:
            alias = "production" if any("production" in v.aliases for v in client.list_models(model=name)) else ""
        for art in (WEIGHTS, META):
            client.download(name, tmp / art, artifact=art, version=args.version, alias=alias)
    return tmp


REAL_TILE_LM_STEPS, REAL_TILE_LM_MINUTES = 20000, 15.0
"""Tile-classifier budget of "capture, then train" (whichever comes first; ~800 steps on the busy 2-core box)."""


def real_train_config(folder: str | Path, overrides: dict | None = None) -> dict:
    """Job config of "capture, then train": the captured folder, split by level (held-out worlds), and the
    tile classifier for hidden cells after the MAE (it won on held-out levels: docs/benchmarks.md)."""
    cfg = {"data": {"source": "folder", "path": str(Path(folder).resolve()), "split": "level"}, "threads": 1,
           "tile_lm": {"steps": REAL_TILE_LM_STEPS, "max_minutes": REAL_TILE_LM_MINUTES}}
    for key, value in (overrides or {}).items():
        cfg[key] = {**cfg[key], **value} if isinstance(value, dict) and isinstance(cfg.get(key), dict) else value
    return cfg


def cmd_capture(args: argparse.Namespace) -> int:
    from enginemind.families.restore.capture import capture, coverage_line

    overrides = _json_arg(args.train_config)
    if args.train:  # refuse a bad config before the minutes of capture
        from enginemind.families.restore.config import RestoreConfig

        from_dict(RestoreConfig, real_train_config(args.out, overrides))
    venv = Path(args.venv) if args.venv else resolve_data_dir(args.data_dir) / "capture-venv"
    capture(args.out, venv, frames=args.frames, stride=args.stride, seed=args.seed, stages=args.stages,
            traversals=args.traversals, lost_levels=args.lost_levels, max_frames=args.max_frames,
            on_episode=lambda e: print(f"    {e['episode']}: {e['frames']} frames, x up to {e['x_max']}"
                                       f"{', flag' if e['flag'] else ''}", flush=True),
            on_stage=lambda c: print(coverage_line(c), flush=True))
    print(f"dataset written to {args.out} (coverage per stage in dataset.json)")
    if not args.train:
        return 0
    from enginemind.client import Client
    from enginemind.watch import watch_job

    with Client.from_data_dir(args.data_dir, timeout_s=args.timeout) as client:
        job = client.submit_job("restore", real_train_config(args.out, overrides))
        print(f"training job {job.id} (held-out levels: data.test_levels)")
        if args.watch:
            return watch_job(client, job.id, resolve_data_dir(args.data_dir))
    return 0


def _json_arg(value: str) -> dict:
    if not value:
        return {}
    text = Path(value).read_text(encoding="utf-8") if not value.lstrip().startswith("{") else value
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"--train-config is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidInput("--train-config must be a JSON object")
    return data


def cmd_synth(args: argparse.Namespace) -> int:
    from enginemind.families.restore.data import write_synthetic_dataset

    write_synthetic_dataset(args.out, args.episodes, args.frames, args.seed)
    print(f"{args.episodes} synthetic episodes x {args.frames} frames written to {args.out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import numpy as np

    from enginemind.families.restore.evaluate import MaskSetting
    from enginemind.families.restore.export import PARITY_ATOL, export_onnx, int8_gate, parity, quantize_int8
    from enginemind.families.restore.predict import load_model
    from enginemind.families.restore.synth import make_level, render_frame

    model = load_model(args.model_dir)
    path = export_onnx(model, args.out, optimize=not args.plain)
    if model.cfg.input_size == "native":
        level = make_level(0, 0, 4)
        frames = np.stack([render_frame(level, i)[0] for i in range(4)])
        res = parity(model, path, frames, MaskSetting("p", "random", 0.75).make(4, (240, 256), 0),
                     np.zeros((4, model.cfg.state_dim or 1), np.float32))
        print(f"parity: max |onnx - torch| = {res['prediction_max_abs']:.2e} (tolerance {PARITY_ATOL:.0e})")
    print(f"wrote {path}")
    if args.int8:
        q = quantize_int8(path, path.with_suffix(".int8.onnx"))
        print(f"wrote {q}")
        if model.cfg.input_size == "native":
            masks = MaskSetting("p", "random", 0.75).make(4, (240, 256), 0)
            delta = int8_gate(model, path, q, frames, masks, np.zeros((4, model.cfg.state_dim or 1), np.float32))
            print(f"int8: masked PSNR {delta:+.3f} dB against fp32 on 4 synthetic frames")
    return 0

"""Benchmark of the restore family: quality vs baselines, eager vs ONNX throughput, RVQ codec vs PNG/WebP/JPEG.

Trains a model (``--train-minutes``) or uses one (``--model-dir``), then prints markdown tables:

    .venv/bin/python tools/bench/restore.py --train-minutes 10 --work-dir /tmp/restore_bench
    .venv/bin/python tools/bench/restore.py --model-dir /tmp/restore_bench/model --codec-steps 150

Held-out data: the test episodes of the synthetic set (never seen in training or validation), and
optionally a captured folder (``--real DIR``, e.g. from ``enginemind restore capture``).
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import torch

from enginemind.config import from_dict
from enginemind.families.restore.config import CodecConfig, DataConfig, RestoreConfig
from enginemind.families.restore.data import load_splits
from enginemind.families.restore.evaluate import (
    BASELINES,
    DEFAULT_SETTINGS,
    MaskSetting,
    evaluate_methods,
    markdown_table,
    psnr,
    score,
)
from enginemind.families.restore.predict import Restorer, load_model
from enginemind.jobs.context import JobContext

TRAIN_DEFAULTS = {"eval_every": 500, "eval_frames": 32, "threads": 2,
                  "data": {"synthetic_episodes": 64, "synthetic_frames_per_episode": 64}}
"""The job's defaults (RestoreConfig) except evaluation cadence; --train-config overrides any key."""


def _ctx(work_dir: Path, registered: list) -> JobContext:
    def sink(kind: str, payload: dict) -> None:
        if kind == "log":
            print(f"  [train] {payload['message']}", file=sys.stderr, flush=True)

    def register(**kw: Any) -> dict:
        registered.append(kw)
        return {"version": len(registered)}

    return JobContext(job_id="bench", work_dir=work_dir, sink=sink, register=register, family="restore")


def train_model(minutes: float, work_dir: Path, overrides: dict) -> tuple[Path, dict]:
    cfg_dict = {**TRAIN_DEFAULTS, "threads": torch.get_num_threads(), **overrides, "max_minutes": minutes}
    cfg = from_dict(RestoreConfig, cfg_dict)
    from enginemind.families.restore.train import train

    registered: list = []
    t0 = time.monotonic()
    train(_ctx(work_dir, registered), cfg)
    info = {"config": cfg_dict, "wall_s": time.monotonic() - t0, "metrics": registered[-1]["metrics"]}
    (work_dir / "bench_train.json").write_text(json.dumps(info, indent=1))
    return work_dir / "model", info


def test_frames(data: DataConfig, n: int) -> tuple[np.ndarray, np.ndarray, int]:
    test = load_splits(data)["test"]
    f, s = test.spread(n)
    return f, s, len(test.episodes)


def quality(restorer: Restorer, frames: np.ndarray, states: np.ndarray) -> list[dict]:
    methods = {"mae": lambda f, m, s: restorer.restore(f, m, s),
               "mae_no_snap": lambda f, m, s: restorer.restore(f, m, s, palette_snap=False), **BASELINES}
    return evaluate_methods(methods, frames, states, DEFAULT_SETTINGS)


def throughput(model, frames: np.ndarray, reps: int = 3) -> list[dict]:
    """Frames/s of PyTorch eager vs onnxruntime at batch 1 and 32, with 1 and 2 intra-op threads each, with
    and without palette snapping (the same numpy step after either backend)."""
    from enginemind.families.restore.export import export_onnx, ort_restorer

    rows, before = [], torch.get_num_threads()
    with tempfile.TemporaryDirectory() as tmp:
        path = export_onnx(model, Path(tmp) / "restore.onnx")
        for threads in (1, 2):
            torch.set_num_threads(threads)
            backends = {"pytorch eager": Restorer(model=model), "onnxruntime": ort_restorer(path, model, threads)}
            for batch in (1, 32):
                f = np.concatenate([frames] * (batch // len(frames) + 1))[:batch]
                masks = MaskSetting("p", "random", 0.75).make(batch, (240, 256), 0)
                for name, r in backends.items():
                    row = {"backend": name, "threads": threads, "batch": batch}
                    for snap in (True, False):
                        r.restore(f, masks, None, batch_size=batch, palette_snap=snap)  # warm-up
                        times = []
                        for _ in range(reps if batch > 1 else reps * 5):
                            t = time.perf_counter()
                            r.restore(f, masks, None, batch_size=batch, palette_snap=snap)
                            times.append(time.perf_counter() - t)
                        med = float(np.median(times))
                        row.update({"fps": batch / med, "ms_per_batch": 1000 * med} if snap else
                                   {"fps_no_snap": batch / med, "ms_no_snap": 1000 * med})
                    rows.append(row)
    torch.set_num_threads(before)
    return rows


SNAP_THRESHOLDS = (0, 32, 48, 64, 80, 96, 128, 1000)


def snap_sweep(restorer: Restorer, data: DataConfig, n: int) -> list[dict]:
    """Masked PSNR on validation frames for each palette-snap distance (0 = no snapping)."""
    from enginemind.families.restore.predict import snap_to_palette

    frames, states = load_splits(data)["val"].spread(n)
    rows = []
    for setting in DEFAULT_SETTINGS[1::2]:  # patch75, block64x96
        masks = setting.make(len(frames), frames.shape[1:3], seed=99)
        raw = restorer.restore(frames, masks, states, palette_snap=False)
        for d in SNAP_THRESHOLDS:
            out = snap_to_palette(raw, frames, masks, max_distance=d) if d else raw
            rows.append({"mask": setting.name, "distance": d, **score(frames, out, masks, with_ssim=False)})
    return rows


def classic_codecs(frames: np.ndarray) -> list[dict]:
    """bits/frame and PSNR of PNG (lossless), WebP lossless/lossy and JPEG at several qualities."""
    rows = []

    def run(name: str, ext: str, params: list[int]) -> None:
        bits, ps = [], []
        for f in frames:
            bgr = cv2.cvtColor(f, cv2.COLOR_RGB2BGR)
            ok, buf = cv2.imencode(ext, bgr, params)
            assert ok
            dec = cv2.cvtColor(cv2.imdecode(buf, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
            bits.append(len(buf) * 8)
            ps.append(min(psnr(f, dec), 100.0))
        rows.append({"codec": name, "bits_per_frame": float(np.mean(bits)), "psnr": float(np.mean(ps))})

    run("PNG (level 9, lossless)", ".png", [cv2.IMWRITE_PNG_COMPRESSION, 9])
    run("WebP lossless", ".webp", [cv2.IMWRITE_WEBP_QUALITY, 101])
    for q in (5, 10, 20, 30, 50, 70, 90):
        run(f"WebP q{q}", ".webp", [cv2.IMWRITE_WEBP_QUALITY, q])
    for q in (5, 10, 20, 30, 50, 70, 90):
        run(f"JPEG q{q}", ".jpg", [cv2.IMWRITE_JPEG_QUALITY, q])
    return rows


def codec_rows(codec, frames: np.ndarray) -> list[dict]:
    with torch.inference_mode():
        imgs = torch.from_numpy(frames).permute(0, 3, 1, 2).float() / 255.0
        pred = codec.mae.unpatchify(codec.decode_latent(codec.latent(imgs))).clamp(0, 1)
    dec = (pred * 255).round().byte().permute(0, 2, 3, 1).numpy()
    rows = [{"codec": "same autoencoder, no quantisation (upper bound)", "bits_per_frame": float("nan"),
             "bits_per_frame_lzma": float("nan"),
             "psnr": float(np.mean([min(psnr(a, b), 100.0) for a, b in zip(frames, dec, strict=True)]))}]
    for n_q in range(1, codec.cfg.num_quantizers + 1):
        stream = codec.encode(frames, n_q=n_q)
        dec = codec.decode(stream)
        payload = stream[16:]
        rows.append({"codec": f"RVQ {n_q}x{codec.cfg.codebook_size}", "bits_per_frame": len(payload) * 8 / len(frames),
                     "bits_per_frame_lzma": len(lzma.compress(payload, preset=9)) * 8 / len(frames),
                     "psnr": float(np.mean([min(psnr(a, b), 100.0) for a, b in zip(frames, dec, strict=True)]))})
    return rows


def equal_psnr(rvq: list[dict], classic: list[dict]) -> list[dict]:
    """For each RVQ rate: the smallest WebP / JPEG setting reaching at least the same PSNR."""
    out = []
    for r in rvq:
        row = {"rvq": r["codec"], "rvq_psnr": r["psnr"], "rvq_bits": r["bits_per_frame"]}
        for family in ("WebP q", "JPEG q"):
            ok = [c for c in classic if c["codec"].startswith(family) and c["psnr"] >= r["psnr"]]
            best = min(ok, key=lambda c: c["bits_per_frame"]) if ok else None
            row[family.split()[0]] = f"{best['bits_per_frame']:.0f} ({best['codec']}, {best['psnr']:.1f} dB)" if best \
                else "none reaches it"
        out.append(row)
    return out


def table(rows: list[dict], keys: list[str], fmt: dict[str, str] | None = None) -> str:
    fmt = fmt or {}
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for r in rows:
        lines.append("| " + " | ".join(format(r[k], fmt.get(k, "")) if not isinstance(r[k], str) else r[k]
                                       for k in keys) + " |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", default="", help="use this trained model folder")
    ap.add_argument("--train-minutes", type=float, default=0.0, help="train a model for this long first")
    ap.add_argument("--train-config", default="{}", help="JSON overrides of the training config")
    ap.add_argument("--work-dir", default="/tmp/restore_bench")
    ap.add_argument("--n", type=int, default=48, help="held-out test frames")
    ap.add_argument("--codec-steps", type=int, default=0, help="train an RVQ codec for this many steps")
    ap.add_argument("--codec-config", default="{}", help="JSON overrides of the codec config")
    ap.add_argument("--compare-state", type=float, default=0.0, metavar="MINUTES",
                    help="train two models (with / without state) for MINUTES each and compare")
    ap.add_argument("--real", default="", help="also evaluate on this captured dataset folder")
    ap.add_argument("--threads", type=int, default=2, help="torch threads (1 is faster on a loaded machine)")
    ap.add_argument("--snap-sweep", type=int, default=0, metavar="N",
                    help="score palette-snap distances on N validation frames (how SNAP_DISTANCE was chosen)")
    ap.add_argument("--skip", default="", help="comma list of sections to skip: quality,speed,codec")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    skip = set(args.skip.split(","))
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, torch {torch.__version__}, "
          f"load average {os.getloadavg()[0]:.1f} at start\n")
    overrides = json.loads(args.train_config)
    if args.train_minutes:
        model_dir, info = train_model(args.train_minutes, work, overrides)
        print(f"trained for {info['wall_s'] / 60:.1f} min: {info['metrics']['steps']:.0f} steps\n")
    else:
        model_dir = Path(args.model_dir)
    model = load_model(model_dir)
    data_cfg = from_dict(DataConfig, {**TRAIN_DEFAULTS["data"], **overrides.get("data", {})})
    frames, states, n_eps = test_frames(data_cfg, args.n)
    restorer = Restorer(model=model)
    params = sum(p.numel() for p in model.parameters())
    meta = json.loads((model_dir / "model.json").read_text())
    print(f"model: {params / 1e6:.2f}M params, {meta.get('trained_steps', '?')} steps; "
          f"test: {len(frames)} frames from {n_eps} held-out synthetic episodes\n")
    if "quality" not in skip:
        print("### Restoration quality (synthetic held-out episodes)\n")
        print(markdown_table(quality(restorer, frames, states)) + "\n")
        if args.real:
            real = load_splits(DataConfig(source="folder", path=args.real, val_fraction=0.0, test_fraction=0.3))
            rf, rs, _ = test_frames(DataConfig(source="folder", path=args.real, val_fraction=0.0,
                                               test_fraction=0.3), args.n)
            print(f"### Restoration quality (captured frames, {len(rf)} frames of {len(real['test'].episodes)} "
                  "episodes, model trained on synthetic frames only)\n")
            print(markdown_table(quality(restorer, rf, rs)) + "\n")
    if args.snap_sweep:
        print(f"### Palette-snap distance on {args.snap_sweep} validation frames (0 = no snapping)\n")
        rows = snap_sweep(restorer, data_cfg, args.snap_sweep)
        print(table(rows, ["mask", "distance", "masked_psnr", "masked_psnr_median", "masked_psnr_pooled"],
                    {"masked_psnr": ".2f", "masked_psnr_median": ".2f", "masked_psnr_pooled": ".2f"}) + "\n")
    if "speed" not in skip:
        print(f"### Restore throughput (CPU, 75 % patch masks, load average {os.getloadavg()[0]:.1f})\n")
        print(table(throughput(model, frames[:8]),
                    ["backend", "threads", "batch", "fps", "ms_per_batch", "fps_no_snap", "ms_no_snap"],
                    {"fps": ".1f", "ms_per_batch": ".1f", "fps_no_snap": ".1f", "ms_no_snap": ".1f"}) + "\n")
    if args.codec_steps and "codec" not in skip:
        from enginemind.families.restore.codec import save_codec, train_codec

        ccfg = from_dict(CodecConfig, {**json.loads(args.codec_config), "steps": args.codec_steps})
        train_src = load_splits(data_cfg)["train"]
        rng = np.random.default_rng(0)
        t0 = time.monotonic()
        def on_step(i: int, loss: float) -> None:
            if i % 10 == 0:
                print(f"  [codec] step {i} loss {loss:.4f} {time.monotonic() - t0:.0f}s", file=sys.stderr, flush=True)

        codec = train_codec(load_model(model_dir), ccfg,
                            lambda n: train_src.batch(rng.integers(0, len(train_src), n))[0], on_step=on_step)
        save_codec(codec, work / "codec")
        print(f"### Codec (RVQ on encoder latents, {ccfg.steps} fine-tuning steps in "
              f"{(time.monotonic() - t0) / 60:.1f} min) vs classic codecs, same {len(frames)} frames\n")
        rvq = codec_rows(codec, frames)
        classic = classic_codecs(frames)
        print(table(rvq + classic, ["codec", "bits_per_frame", "psnr"], {"bits_per_frame": ".0f", "psnr": ".2f"}))
        print("\nRVQ codes after lzma: " + ", ".join(f"{r['codec']}: {r['bits_per_frame_lzma']:.0f} bits"
                                                  for r in rvq[1:]) + "\n")
        print("Equal PSNR: bits/frame a classic codec needs to reach each RVQ rate's PSNR\n")
        print(table(equal_psnr(rvq[1:], classic), ["rvq", "rvq_psnr", "rvq_bits", "WebP", "JPEG"],
                    {"rvq_psnr": ".2f", "rvq_bits": ".0f"}) + "\n")
    if args.compare_state:
        print(f"### State vector (cross-attention) on/off, {args.compare_state} min of training each\n")
        rows = []
        for use_state in (False, True):
            d, info = train_model(args.compare_state, work / f"state_{use_state}",
                                  {**overrides, "use_state": use_state})
            m = info["metrics"]
            r = Restorer(model=load_model(d))
            res = {s["mask"]: s for s in evaluate_methods({"mae": lambda f, mm, s, r=r: r.restore(f, mm, s)}, frames,
                                                           states, DEFAULT_SETTINGS[1::2], with_ssim=False)}
            rows.append({"state": "on" if use_state else "off", "steps": m["steps"],
                         "patch75": res["patch75"]["masked_psnr"], "block64x96": res["block64x96"]["masked_psnr"]})
        print(table(rows, ["state", "steps", "patch75", "block64x96"],
                    {"steps": ".0f", "patch75": ".2f", "block64x96": ".2f"}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

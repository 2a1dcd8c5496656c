"""Real-frame benchmark of the restore family: levels held out of training, resumable CPU training in
segments, per-step training cost, and where eager / onnxruntime spend their time at batch 1.

    # data: one or more captured folders (enginemind restore capture), merged by symlinks, split by level
    python tools/bench/restore_real.py train --data /data/smb_real /data/smb_real_b --work-dir /data/run1 \\
        --minutes 60 --segment-minutes 8           # run again until it prints "finished" (resumes)
    python tools/bench/restore_real.py eval --work-dir /data/run1 --n 96
    python tools/bench/restore_real.py step-cost --data /data/run1/frames
    python tools/bench/restore_real.py profile --model-dir /data/run1/model

``eval`` scores the test split of the level split (levels never seen in training or validation) with
75 % patch masks and 64x96 blocks: mean / median / pooled masked PSNR and masked SSIM of the model (snap
per mask kind as measured at training, always, never), mean fill, OpenCV Telea and Navier-Stokes on the
same frames and masks, and reports the CPU steps the model was trained for.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from enginemind.config import from_dict, to_dict
from enginemind.families.restore.config import DataConfig, RestoreConfig
from enginemind.families.restore.data import levels_of, load_splits
from enginemind.families.restore.evaluate import BASELINES, EVAL_SETTINGS, evaluate_methods, markdown_table
from enginemind.families.restore.predict import Restorer, load_model
from enginemind.jobs.context import JobContext


def merge_folders(out: Path, sources: list[str]) -> Path:
    """A dataset folder of symlinks to the episode folders of ``sources`` (coverage of all in dataset.json).
    Only stages listed in a source's coverage are linked: a capture still writing a stage is skipped."""
    out.mkdir(parents=True, exist_ok=True)
    coverage: list[dict] = []
    for src in map(Path, sources):
        meta = json.loads((src / "dataset.json").read_text()) if (src / "dataset.json").exists() else {}
        coverage += meta.get("coverage", [])
        done = {f"{c['game']}_{c['stage']}_" for c in meta.get("coverage", [])}
        for ep in sorted(p for p in src.iterdir() if p.is_dir() and (p / "frames.jsonl").exists()
                         and any(p.name.startswith(d) for d in done)):
            link = out / ep.name
            if not link.exists():
                link.symlink_to(ep.resolve(), target_is_directory=True)
    (out / "dataset.json").write_text(json.dumps({"format": "enginemind-frames/1", "sources": sources,
                                                  "coverage": coverage}, indent=1))
    return out


def cmd_train(args: argparse.Namespace) -> int:
    work = Path(args.work_dir)
    data = merge_folders(work / "frames", args.data)
    overrides = json.loads(args.config)
    cfg_dict = {"threads": args.threads, "eval_every": 250, "eval_frames": 32, "checkpoint_every": 50,
                **overrides, "max_minutes": args.minutes,
                "data": {"source": "folder", "path": str(data), "split": "level", **overrides.get("data", {})}}
    cfg = from_dict(RestoreConfig, cfg_dict)
    from enginemind.families.restore.train import train

    registered: list[dict] = []
    deadline = time.monotonic() + args.segment_minutes * 60

    def sink(kind: str, payload: dict) -> None:
        if kind == "log":
            print(f"  [train] {payload['message']}", file=sys.stderr, flush=True)
        elif kind == "progress" and payload["step"] % 50 == 0:
            print(f"  [progress] {payload['step']}/{payload['total']} {payload['message']}", file=sys.stderr,
                  flush=True)

    def register(**kw: Any) -> dict:
        registered.append(kw)
        return {"version": 1}

    ctx = JobContext(job_id="bench", work_dir=work, sink=sink, register=register, family="restore",
                     _stop=lambda: time.monotonic() > deadline)
    train(ctx, cfg)
    if registered:
        info = {"config": to_dict(cfg), "metrics": registered[-1]["metrics"], "load_average": os.getloadavg()}
        (work / "bench_train.json").write_text(json.dumps(info, indent=1))
        print(f"finished: {info['metrics']['steps']:.0f} steps in {info['metrics']['train_minutes']:.1f} min; "
              f"model in {work / 'model'}")
    else:
        print("segment done (checkpoint saved); run the same command again to continue")
    return 0


def held_out(work: Path | None, data: str, split: str) -> tuple[Any, DataConfig]:
    if split == "all":  # every frame of another set (e.g. The Lost Levels): all of it is held out
        from enginemind.families.restore.data import FrameSource, scan_folder

        return FrameSource(scan_folder(data)), DataConfig(source="folder", path=data)
    if work is not None and (work / "model" / "model.json").exists():
        cfg = from_dict(DataConfig, json.loads((work / "model" / "model.json").read_text())["data"])
    else:
        cfg = DataConfig(source="folder", path=data, split="level")
    if data:
        cfg = from_dict(DataConfig, {**to_dict(cfg), "path": data})
    return load_splits(cfg)[split], cfg


def cmd_eval(args: argparse.Namespace) -> int:
    torch.set_num_threads(args.threads)
    model_dir = Path(args.model_dir) if args.model_dir else Path(args.work_dir) / "model"
    meta = json.loads((model_dir / "model.json").read_text())
    src, _cfg = held_out(Path(args.work_dir) if args.work_dir else None, args.data, args.split)
    frames, states = src.spread(args.n)
    restorer = Restorer.from_files(model_dir)
    methods = {"mae": lambda f, m, s: restorer.restore(f, m, s),
               "mae_snap": lambda f, m, s: restorer.restore(f, m, s, palette_snap=True),
               "mae_no_snap": lambda f, m, s: restorer.restore(f, m, s, palette_snap=False), **BASELINES}
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, torch {torch.__version__}, load average "
          f"{os.getloadavg()[0]:.1f}; threads {args.threads}")
    print(f"model: {model_dir}, {meta.get('trained_steps')} CPU steps, palette snap {meta.get('palette_snap')}, "
          f"trained on levels {meta.get('levels', {}).get('train')}")
    print(f"held-out {args.split} frames: {len(frames)} spread over {len(src)} frames of levels {levels_of(src)}\n")
    rows = evaluate_methods(methods, frames, states, EVAL_SETTINGS, seed=1234, with_ssim=not args.no_ssim)
    print(markdown_table([{k: v for k, v in r.items() if not k.startswith("frame_")} for r in rows]))
    best = {}
    for r in rows:
        if r["method"].startswith("opencv"):
            b = best.get(r["mask"])
            best[r["mask"]] = r if b is None or r["masked_psnr"] > b["masked_psnr"] else b
    for r in rows:
        if r["method"] == "mae":
            b = best[r["mask"]]
            print(f"\n{r['mask']}: mae - {b['method']} = {r['masked_psnr'] - b['masked_psnr']:+.2f} dB mean, "
                  f"{r['masked_psnr_median'] - b['masked_psnr_median']:+.2f} median, "
                  f"{r['masked_psnr_pooled'] - b['masked_psnr_pooled']:+.2f} pooled", end="")
    print()
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "steps": meta.get("trained_steps"),
                                               "frames": len(frames), "levels": levels_of(src)}, indent=1))
    return 0


def cmd_step_cost(args: argparse.Namespace) -> int:
    """ms per training step (batch 16, default model, a 75 % patch mask) for layout / precision variants."""
    from enginemind.families.restore.model import MAE
    from enginemind.families.restore.train import draw_mask, to_model_input

    torch.set_num_threads(args.threads)
    cfg = from_dict(RestoreConfig, {"data": {"source": "folder", "path": args.data}})
    src = load_splits(cfg.data)["train"]
    frames, _ = src.spread(16)
    rng = np.random.default_rng(0)
    print(f"load average {os.getloadavg()[0]:.1f}, threads {args.threads}, {args.steps} steps each (median)\n")
    print("| variant | wall ms/step | CPU ms/step | loss after |\n|---|---|---|---|")
    for name in args.variants.split(","):
        torch.manual_seed(0)
        model = MAE(cfg.model)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
        imgs = to_model_input(frames, cfg.model.image_hw)
        if "channels_last" in name:
            model = model.to(memory_format=torch.channels_last)
            imgs = imgs.contiguous(memory_format=torch.channels_last)
        times, cpu = [], []
        for i in range(args.steps + 1):
            mask = torch.from_numpy(draw_mask(cfg, 1, 16, cfg.model.grid, rng))
            t, c = time.perf_counter(), time.process_time()
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled="bf16" in name):
                pred = model(imgs, mask)
            loss = model.loss(imgs, pred.float(), mask)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i:
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
        print(f"| {name} | {1000 * float(np.median(times)):.0f} | {1000 * float(np.median(cpu)):.0f} | "
              f"{loss.item():.4f} |", flush=True)
    return 0


def best_ms(fn, reps: int) -> tuple[float, float]:
    """(fastest, median) CPU time of ``reps`` calls in ms: process CPU time, not wall time, because on the
    shared, busy CPU wall time measures the other processes (both runtimes use one thread here)."""
    times = []
    for _ in range(reps):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return 1000 * min(times), 1000 * float(np.median(times))


def cmd_profile(args: argparse.Namespace) -> int:
    """Top operators of eager PyTorch and onnxruntime for one frame, one thread."""
    import tempfile

    import onnxruntime as ort
    from torch.profiler import ProfilerActivity, profile

    from enginemind.families.restore.evaluate import MaskSetting
    from enginemind.families.restore.export import export_onnx
    from enginemind.families.restore.predict import RestoreGraph

    torch.set_num_threads(1)
    model = load_model(args.model_dir)
    graph = RestoreGraph(model).eval()
    rng = np.random.default_rng(0)
    frame = torch.from_numpy(rng.integers(0, 255, (1, 240, 256, 3), dtype=np.uint8))
    mask = torch.from_numpy(MaskSetting("p", "random", 0.75).make(1, (240, 256), 0).astype(np.uint8))
    with torch.inference_mode():
        for _ in range(5):
            graph(frame, mask)
        eager_ms = best_ms(lambda: graph(frame, mask), args.reps)
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            for _ in range(args.reps):
                graph(frame, mask)
    print(f"eager: {eager_ms[0]:.1f} ms CPU/frame fastest, {eager_ms[1]:.1f} median of {args.reps} (1 thread)\n")
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=args.top))
    with tempfile.TemporaryDirectory() as tmp:
        path = export_onnx(model, Path(tmp) / "m.onnx")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads, opts.inter_op_num_threads = 1, 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.enable_profiling, opts.profile_file_prefix = True, str(Path(tmp) / "ort")
        sess = ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
        feeds = {"frames": frame.numpy(), "mask": mask.numpy()}
        for _ in range(5):
            sess.run(None, feeds)
        ort_ms = best_ms(lambda: sess.run(None, feeds), args.reps)
        events = json.loads(Path(sess.end_profiling()).read_text())
    per_op: dict[str, float] = {}
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            op = e.get("args", {}).get("op_name", "?")
            per_op[op] = per_op.get(op, 0.0) + e["dur"] / 1000.0
    total = sum(per_op.values())
    print(f"onnxruntime: {ort_ms[0]:.1f} ms CPU/frame fastest, {ort_ms[1]:.1f} median (1 thread); speed-up "
          f"{eager_ms[0] / ort_ms[0]:.2f}x fastest, {eager_ms[1] / ort_ms[1]:.2f}x median\n")
    print("| ORT op | share of kernel time |\n|---|---|")  # kernel durations are wall time: shares only
    for op, ms in sorted(per_op.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"| {op} | {100 * ms / total:.0f} % |")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", nargs="+", required=True, help="captured dataset folder(s)")
    t.add_argument("--work-dir", required=True)
    t.add_argument("--minutes", type=float, default=60.0, help="total training time (all segments)")
    t.add_argument("--segment-minutes", type=float, default=8.0, help="stop (checkpoint) after this long")
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--config", default="{}", help="JSON overrides of RestoreConfig")
    t.set_defaults(func=cmd_train)
    e = sub.add_parser("eval")
    e.add_argument("--work-dir", default="")
    e.add_argument("--model-dir", default="")
    e.add_argument("--data", default="", help="dataset folder (default: the model's training data)")
    e.add_argument("--split", default="test", choices=("test", "val", "train", "all"),
                   help="a split of the level split, or 'all' frames of --data (a set never trained on)")
    e.add_argument("--n", type=int, default=96)
    e.add_argument("--threads", type=int, default=1)
    e.add_argument("--no-ssim", action="store_true")
    e.add_argument("--json", default="", help="also write the rows here")
    e.set_defaults(func=cmd_eval)
    s = sub.add_parser("step-cost")
    s.add_argument("--data", required=True)
    s.add_argument("--threads", type=int, default=1)
    s.add_argument("--steps", type=int, default=5)
    s.add_argument("--variants", default="fp32,channels_last,bf16,bf16+channels_last")
    s.set_defaults(func=cmd_step_cost)
    p = sub.add_parser("profile")
    p.add_argument("--model-dir", required=True)
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--top", type=int, default=12)
    p.set_defaults(func=cmd_profile)
    args = ap.parse_args()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

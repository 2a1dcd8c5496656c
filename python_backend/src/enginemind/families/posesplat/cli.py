"""``enginemind splat synth|up|prepare|train|evaluate|render|embed``: the Pose Splatter pipeline."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from enginemind.errors import InvalidInput


def register(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None]) -> None:
    s = sub.add_parser("splat", help="Pose Splatter: 3D Gaussians of an animal from calibrated multi-view video")
    ss = s.add_subparsers(dest="splat_cmd", metavar="{synth,up,prepare,train,evaluate,render,embed}", required=True)

    p = ss.add_parser("synth", help="write the synthetic multi-view animal in the documented folder format")
    common(p)
    p.add_argument("--out", required=True)
    p.add_argument("--frames", type=int, default=60)
    p.add_argument("--cameras", type=int, default=5)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_synth)

    p = ss.add_parser("up", help="step 1: the up direction from cameras.json")
    common(p)
    p.add_argument("--data", required=True, help="data folder (cameras.json + <cam>/rgb_NNNN.png + mask_NNNN.png)")
    p.set_defaults(func=cmd_up)

    p = ss.add_parser("prepare", help="steps 1-5: up, centre + heading, volume bounds, images.h5, train.h5")
    common(p)
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True, help="project folder to write")
    p.add_argument("--downsample", type=int, default=2)
    p.add_argument("--ell", type=float, default=0.0, help="volume side in world units (0 = from the masks)")
    p.set_defaults(func=cmd_prepare)

    p = ss.add_parser("train", help="submit a training job to the server (or --local: train in this process)")
    common(p)
    p.add_argument("--data", default="", help="data folder or prepared project (default: synthetic data)")
    p.add_argument("--config", default="", help="JSON file or string with more PosesplatConfig keys")
    p.add_argument("--steps", type=int, default=0)
    p.add_argument("--grid", type=int, default=0, help="grid_size")
    p.add_argument("--stage", choices=["train", "prepare"], default="train")
    p.add_argument("--local", default="", metavar="WORK_DIR", help="train here, writing into WORK_DIR")
    p.add_argument("--watch", action="store_true", help="follow the job until it ends")
    p.set_defaults(func=cmd_train)

    for name, helptext in (("evaluate", "held-out metrics of a model vs the visual hull"),
                           ("render", "render a frame from a calibrated camera, an orbit angle, or a turntable GIF"),
                           ("embed", "per-frame features, 2-D embedding and its plot")):
        p = ss.add_parser(name, help=helptext)
        common(p)
        p.add_argument("--project", required=True, help="prepared project folder (train.h5)")
        p.add_argument("--model-dir", required=True, help="model folder (model.safetensors + model.json)")
        p.add_argument("--out", default="", help="output file or folder")
        if name == "render":
            p.add_argument("--frame", type=int, default=0)
            p.add_argument("--camera", default="")
            p.add_argument("--orbit", type=float, default=None, metavar="DEG", help="orbit azimuth in degrees")
            p.add_argument("--gif", action="store_true", help="turntable GIF instead of one image")
            p.add_argument("--hull", action="store_true", help="render the visual hull baseline")
        if name == "evaluate":
            p.add_argument("--frames", type=int, default=6, help="test frames (0 = all)")
        p.set_defaults(func={"evaluate": cmd_evaluate, "render": cmd_render, "embed": cmd_embed}[name])


def cmd_synth(args: argparse.Namespace) -> int:
    from enginemind.families.posesplat.synth import write_dataset

    out = write_dataset(Path(args.out), args.frames, args.cameras, args.size, args.seed)
    print(f"wrote {args.frames} frames x {args.cameras} cameras to {out}")
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    from enginemind.families.posesplat.cameras import estimate_up, load_cameras

    print(json.dumps({"up": [round(float(x), 6) for x in estimate_up(load_cameras(Path(args.data) / "cameras.json"))]}))
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    from enginemind.families.posesplat.pipeline import prepare

    files = prepare(Path(args.data), Path(args.out), args.downsample, args.ell, log=print)
    print(json.dumps({k: str(v) for k, v in files.items()}, indent=1))
    return 0


def _train_config(args: argparse.Namespace) -> dict:
    cfg: dict = {}
    if args.config:
        text = Path(args.config).read_text() if Path(args.config).exists() else args.config
        try:
            cfg = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"--config is neither a JSON file nor JSON: {exc}") from None
    if args.data:
        cfg.setdefault("data", {})["path"] = str(Path(args.data).resolve())
    if args.steps:
        cfg["steps"] = args.steps
    if args.grid:
        cfg.setdefault("model", {})["grid_size"] = args.grid
    cfg["stage"] = args.stage
    return cfg


def cmd_train(args: argparse.Namespace) -> int:
    cfg = _train_config(args)
    if args.local:
        return _train_local(Path(args.local), cfg)
    from enginemind.client import Client
    from enginemind.watch import watch_job

    with Client.from_data_dir(args.data_dir, timeout_s=args.timeout) as client:
        job = client.submit_job("posesplat", cfg)
        print(f"submitted job {job.id}")
        return watch_job(client, job.id) if args.watch else 0


def _train_local(work: Path, cfg: dict) -> int:
    from enginemind.config import from_dict
    from enginemind.families.posesplat.config import PosesplatConfig
    from enginemind.families.posesplat.train import train
    from enginemind.jobs.context import JobContext

    def sink(kind: str, payload: dict) -> None:
        if kind == "log":
            print(payload["message"], flush=True)
        elif kind == "progress" and (payload["step"] % 10 == 0 or payload["step"] == payload["total"]):
            print(f"  step {payload['step']}/{payload['total']} {payload['message']}", flush=True)
        elif kind == "artifact":
            print(f"  {payload.get('kind')}: {payload.get('path', '')}", flush=True)

    work.mkdir(parents=True, exist_ok=True)
    config = from_dict(PosesplatConfig, cfg)
    train(JobContext(job_id="local", work_dir=work, sink=sink, progress_interval_s=1.0), config)
    print(f"model files in {work / 'model'}")
    return 0


def _local(args: argparse.Namespace):
    from enginemind.families.posesplat.predict import load_model
    from enginemind.families.posesplat.service import load_project, scene_for

    model, meta = load_model(Path(args.model_dir))
    _, data = load_project(args.project)
    return scene_for(data, meta), model, meta


def cmd_evaluate(args: argparse.Namespace) -> int:
    from enginemind.families.posesplat.service import evaluate_project

    scene, model, meta = _local(args)
    metrics, n = evaluate_project(scene.data, model, meta, args.frames or len(scene.data.images))
    print(f"{n} test frames; model vs visual hull (held = held-out cameras, obs = observed cameras)")
    for group in ("held", "obs"):
        for k in ("iou", "psnr", "psnr_fg", "ssim", "l1"):
            key = f"{group}_{k}"
            if key in metrics:
                print(f"  {key:12s} {metrics[key]:8.4f}   hull {metrics['hull_' + key]:8.4f}")
    if args.out:
        Path(args.out).write_text(json.dumps(metrics, indent=1))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from PIL import Image

    from enginemind.families.posesplat.predict import orbit_gif, render_frame

    scene, model, _ = _local(args)
    if args.gif:
        out = orbit_gif(scene, model, args.frame, Path(args.out or f"orbit_{args.frame:04d}.gif"))
    else:
        img = render_frame(scene, model, args.frame, args.camera, args.orbit, learned=not args.hull)
        out = Path(args.out or f"render_{args.frame:04d}.png")
        out.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(img).save(out)
    print(out)
    return 0


def cmd_embed(args: argparse.Namespace) -> int:
    import numpy as np

    from enginemind.families.posesplat.features import embed, embedding_plot

    scene, model, _ = _local(args)
    out = Path(args.out or "embedding")
    out.mkdir(parents=True, exist_ok=True)
    frames = list(range(len(scene.data.images)))
    feats, emb = embed(scene, model, frames)
    np.save(out / "features.npy", feats)
    np.save(out / "embedding.npy", emb)
    heights = scene.data.centers @ (scene.data.up / np.linalg.norm(scene.data.up))
    print(embedding_plot(emb, frames, heights, out / "embedding.png"))
    return 0

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
    p.add_argument("--data", required=True, help="data folder (cameras.json + <cam>/rgb_NNNN.png + mask_NNNN.png, "
                   "or <cam>/rgb.mp4 + mask.mp4)")
    p.set_defaults(func=cmd_up)

    p = ss.add_parser("prepare", help="steps 1-5: up, centre + heading, volume bounds, images.h5, train.h5")
    common(p)
    p.add_argument("--data", required=True, help="data folder: cameras.json + per camera PNG frames "
                   "(rgb_NNNN.png + mask_NNNN.png) or videos (rgb.mp4 + mask.mp4)")
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
        p.add_argument("--model-dir", default="",
                       help="model folder (model.safetensors + model.json); default: ask the server")
        p.add_argument("--model", default="", help="registered model on the server (default posesplat)")
        p.add_argument("--version", type=int, default=0, help="model version (default: production, else latest)")
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


def _server(args: argparse.Namespace, method: str, request_cls: str, **fields):
    """Call one PoseSplat RPC on the running server with the registered model."""
    from enginemind.client import Client
    from enginemind.v1 import posesplat_pb2 as pb

    ref = pb.SplatModelRef(model=args.model, version=args.version)
    req = getattr(pb, request_cls)(model=ref, project=str(Path(args.project).resolve()), **fields)
    with Client.from_data_dir(args.data_dir, timeout_s=max(args.timeout, 120.0)) as client:
        return client.call(getattr(client.posesplat, method), req)


def cmd_evaluate(args: argparse.Namespace) -> int:
    if args.model_dir:
        from enginemind.families.posesplat.service import evaluate_project

        scene, model, meta = _local(args)
        metrics, n = evaluate_project(scene.data, model, meta, args.frames or len(scene.data.images))
    else:
        res = _server(args, "Evaluate", "SplatEvaluateRequest", max_frames=args.frames)
        metrics, n = dict(res.metrics), res.frames
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

    if not args.model_dir:
        if args.gif:
            raise InvalidInput("--gif renders locally: pass --model-dir")
        res = _server(args, "Render", "SplatRenderRequest", frame=args.frame, camera=args.camera,
                      orbit=args.orbit is not None, azimuth_deg=args.orbit or 0.0, hull=args.hull)
        out = Path(args.out or f"render_{args.frame:04d}.png")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(res.png)
        print(out)
        return 0
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

    out = Path(args.out or "embedding")
    out.mkdir(parents=True, exist_ok=True)
    if args.model_dir:
        scene, model, _ = _local(args)
        data = scene.data
        frames = list(range(len(data.images)))
        feats, emb = embed(scene, model, frames)
    else:
        from enginemind.families.posesplat.data import load_prepared
        from enginemind.families.posesplat.service import project_file

        res = _server(args, "Embed", "SplatEmbedRequest")
        data = load_prepared(project_file(args.project))
        frames = [f.frame for f in res.frames]
        feats = np.array([list(f.features) for f in res.frames], np.float32)
        emb = np.array([[f.x, f.y] for f in res.frames], np.float32)
    np.save(out / "features.npy", feats)
    np.save(out / "embedding.npy", emb)
    heights = data.centers[frames] @ (data.up / np.linalg.norm(data.up))
    print(embedding_plot(emb, frames, heights, out / "embedding.png"))
    return 0

"""Training job of the posesplat family: prepare the data (steps 1-5), train, evaluate, register."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import torch

from enginemind.errors import FailedPrecondition
from enginemind.families.posesplat.config import PosesplatConfig
from enginemind.families.posesplat.data import load_prepared
from enginemind.families.posesplat.evaluate import compare, evaluate, loss_plot, render_sheet
from enginemind.families.posesplat.metrics import l1_foreground, soft_iou, ssim
from enginemind.families.posesplat.model import PoseSplatter
from enginemind.families.posesplat.pipeline import prepare
from enginemind.families.posesplat.predict import save_model
from enginemind.families.posesplat.render import resolve_backend
from enginemind.families.posesplat.scene import Scene
from enginemind.families.posesplat.synth import write_dataset
from enginemind.jobs.context import JobContext


def pick_device(name: str) -> torch.device:
    if name == "cuda" and not torch.cuda.is_available():
        raise FailedPrecondition("device 'cuda' was asked for but torch sees no CUDA GPU; use 'auto' or 'cpu'")
    return torch.device("cuda" if name == "cuda" or (name == "auto" and torch.cuda.is_available()) else "cpu")


def prepared_file(config: PosesplatConfig, work: Path, log) -> Path:
    """train.h5 for the job: an already prepared project, or steps 1-5 run on a data folder / synthetic data."""
    d = config.data
    if d.path and (Path(d.path) / "train.h5").exists():
        return Path(d.path) / "train.h5"
    if (work / "project" / "train.h5").exists():
        return work / "project" / "train.h5"
    src = Path(d.path) if d.path else work / "synth"
    if not d.path:
        log(f"writing synthetic data: {d.synth.frames} frames x {d.synth.cameras} cameras at {d.synth.size} px")
        write_dataset(src, d.synth.frames, d.synth.cameras, d.synth.size, d.synth.seed)
    return prepare(src, work / "project", d.image_downsample, d.ell, log)["train"]


def step_loss(scene: Scene, model: PoseSplatter, frame: int, views: list[int], cfg: PosesplatConfig
              ) -> tuple[torch.Tensor, float]:
    """L1 (foreground-normalised) + (1 - soft IoU) (+ SSIM) averaged over ``views``; also the IoU term."""
    g, _ = scene.gaussians(model, frame)
    total, iou_term = 0.0, 0.0
    for v in views:
        rgb, alpha = scene.render(g, v)
        img, mask = scene.target(frame, v)
        iou = 1 - soft_iou(alpha, mask)
        loss = iou + cfg.img_lambda * l1_foreground(rgb, img, mask)
        if cfg.ssim_lambda:
            loss = loss + cfg.ssim_lambda * (1 - ssim(rgb, img))
        total, iou_term = total + loss / len(views), iou_term + float(iou.detach()) / len(views)
    return total, iou_term


def train(ctx: JobContext, config: PosesplatConfig) -> None:
    if ctx.world_size > 1:
        raise FailedPrecondition("the posesplat family trains in one process; submit the job with nproc 1")
    device = pick_device(config.device)
    if config.threads:
        torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    ctx.progress(0, config.steps, "preparing data")
    prepared = prepared_file(config, ctx.work_dir, ctx.log)
    if config.stage == "prepare":
        ctx.log(f"prepared {prepared.parent} (images.h5, train.h5, bounds.json, center_rotation.npz)")
        ctx.progress(config.steps, config.steps, "prepared")
        return
    data = load_prepared(prepared)
    scene = Scene(data, config.data.holdout_cameras, device, resolve_backend(config.renderer, device))
    split = data.split(config.data.val_fraction, config.data.test_fraction)
    model = PoseSplatter(config.model).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=config.lr)
    rng = np.random.default_rng(config.seed)
    start, history, val_hist = 0, [], []
    if (ckpt := ctx.load_checkpoint()) is not None:
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        rng.bit_generator.state = ckpt["rng"]
        start, history, val_hist = ckpt["step"], ckpt["history"], ckpt["val"]
        ctx.log(f"resumed at step {start}")
    val_frames = split["val"][np.linspace(0, len(split["val"]) - 1, min(4, len(split["val"]))).astype(int)]
    ctx.log(f"posesplat: {sum(p.numel() for p in model.parameters()) / 1e6:.2f}M params on {device} "
            f"({scene.backend} renderer); {len(data.cameras)} cameras ({len(scene.holdout)} held out), "
            f"train/val/test frames {len(split['train'])}/{len(split['val'])}/{len(split['test'])}, "
            f"grid {config.model.grid_size}, images {scene.all.w}x{scene.all.h}")
    step, t0 = start, time.monotonic()

    def checkpoint() -> None:
        ctx.save_checkpoint({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                             "rng": rng.bit_generator.state, "history": history, "val": val_hist})

    ctx.progress(start, config.steps, "training")
    for step in range(start + 1, config.steps + 1):
        model.train()
        frame = int(rng.choice(split["train"]))
        views = [scene.observed[i] for i in rng.choice(len(scene.observed), min(config.target_views,
                                                                              len(scene.observed)), replace=False)]
        loss, iou_term = step_loss(scene, model, frame, views, config)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        history.append((step, float(loss.detach()), iou_term))
        if step % 10 == 0 or step == config.steps:
            ctx.metric("train_loss", float(loss.detach()), step)
            ctx.metric("train_iou_loss", iou_term, step)
        ctx.progress(step, config.steps, f"loss {float(loss.detach()):.4f}")
        if step % config.eval_every == 0 and step < config.steps:
            _validate(ctx, scene, model, val_frames, step, val_hist)
        stopping = ctx.should_stop()
        if step % config.checkpoint_every == 0 or step == config.steps or stopping:
            checkpoint()
        if stopping:
            ctx.log(f"stopping at step {step}; checkpoint saved")
            return
    train_s = time.monotonic() - t0
    ctx.log(f"trained {step - start} steps in {train_s:.0f}s; evaluating on the test frames")
    _validate(ctx, scene, model, val_frames, step, val_hist)
    test = split["test"]
    if config.eval_frames and len(test) > config.eval_frames:
        test = test[np.linspace(0, len(test) - 1, config.eval_frames).astype(int)]
    metrics = compare(scene, model, test)
    metrics["steps"] = float(step)
    metrics["train_seconds_per_step"] = train_s / max(step - start, 1)
    for k, v in metrics.items():
        ctx.metric(f"test_{k}", v, step)
    ctx.log("test, held-out camera: IoU {held_iou:.3f} (hull {hull_held_iou:.3f}), fg PSNR {held_psnr_fg:.2f} dB "
            "(hull {hull_held_psnr_fg:.2f})".format(**metrics))
    out = ctx.work_dir / "model"
    files = save_model(model, out, {"ell": data.ell, "holdout_cameras": config.data.holdout_cameras,
                                    "trained_steps": step, "data_hash": data.data_hash(),
                                    "val_fraction": config.data.val_fraction,
                                    "test_fraction": config.data.test_fraction})
    curve = loss_plot(history, val_hist, out / "loss_curve.png")
    ctx.artifact(curve, "image")
    sheet = render_sheet(scene, model, [int(split["test"][0]), int(split["test"][-1])],
                         scene.holdout + scene.observed[:1], out / "render_sheet.png")
    ctx.artifact(sheet, "image")
    files.update(_export(ctx, model, scene, int(test[0]), metrics, out))
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1))
    files.update({"loss_curve.png": curve, "render_sheet.png": sheet, "metrics.json": out / "metrics.json"})
    ctx.register_model(config.model_name, files, metrics=metrics,
                       data_hash=data.data_hash(),
                       description=f"Pose Splatter grid {config.model.grid_size}, {step} steps")


def _validate(ctx: JobContext, scene: Scene, model: PoseSplatter, frames: np.ndarray, step: int,
              val_hist: list) -> None:
    m = evaluate(scene, model, frames)
    for k, v in m.items():
        ctx.metric(f"val_{k}", v, step)
    group = "held" if scene.holdout else "obs"
    val_hist.append((step, m[f"{group}_iou"], m[f"{group}_psnr_fg"]))
    path = render_sheet(scene, model, [int(frames[0])], scene.holdout + scene.observed[:1],
                        ctx.work_dir / "samples" / f"step_{step:06d}.png")
    ctx.artifact(path, "image")
    ctx.log(f"step {step}: validation {group} camera IoU {m[f'{group}_iou']:.3f}, "
            f"fg PSNR {m[f'{group}_psnr_fg']:.2f} dB")


def _export(ctx: JobContext, model: PoseSplatter, scene: Scene, frame: int, metrics: dict, out: Path) -> dict:
    """ONNX graph of the volume network next to the weights; parity with PyTorch goes into the metrics."""
    from enginemind.families.posesplat.export import ONNX, PARITY_ATOL, export_onnx, parity

    device = next(model.parameters()).device
    vol = scene.volume(frame, model.cfg.grid_size)
    path = export_onnx(model, out / ONNX)
    metrics["onnx_parity_max_abs"] = parity(model, path, vol)
    model.to(device)
    if metrics["onnx_parity_max_abs"] > PARITY_ATOL:
        ctx.log(f"ONNX parity {metrics['onnx_parity_max_abs']:.2e} is above {PARITY_ATOL}", level="warning")
    return {ONNX: path}

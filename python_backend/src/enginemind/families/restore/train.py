"""Training job of the restore family: straight-line MAE loop with warm-up + cosine, EMA, checkpoints.

Validation metrics and sample images come from ``evaluate.py``, the ONNX graph from ``export.py``.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import time

import cv2
import numpy as np
import torch

from enginemind.config import to_dict
from enginemind.errors import FailedPrecondition
from enginemind.families.restore.codec import RVQCodec, save_codec, train_codec
from enginemind.families.restore.config import RestoreConfig
from enginemind.families.restore.data import levels_of, load_splits
from enginemind.families.restore.evaluate import codec_metrics, evaluate_model, measure_snap, save_samples
from enginemind.families.restore.export import export_trained
from enginemind.families.restore.masks import (
    add_random_patches,
    block_patch_mask,
    curriculum_ratio,
    random_patch_mask,
)
from enginemind.families.restore.model import MAE, param_groups
from enginemind.families.restore.predict import save_model
from enginemind.families.restore.state import STATE_DIM
from enginemind.jobs.context import JobContext


def pick_device(name: str) -> torch.device:
    if name == "cuda" and not torch.cuda.is_available():
        raise FailedPrecondition("device 'cuda' was asked for but torch sees no CUDA GPU; use 'auto' or 'cpu'")
    if name == "cuda" or (name == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def cpu_has_bf16() -> bool:
    """True when oneDNN runs bfloat16 natively on this CPU (avx512_bf16 / AMX): a training step then costs
    ~23 % less CPU time under autocast (tools/bench/restore_real.py step-cost); elsewhere bf16 is emulated."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def lr_at(step: int, cfg: RestoreConfig, elapsed_s: float = 0.0) -> float:
    """Linear warm-up to ``lr`` then half-cosine to ``min_lr`` (step counts from 1).

    With ``max_minutes`` the cosine follows whichever is further along, steps or time, so a run cut by the
    time limit still ends at ``min_lr``.
    """
    if cfg.warmup_steps and step <= cfg.warmup_steps:
        return cfg.lr * step / cfg.warmup_steps
    frac = (step - cfg.warmup_steps) / max(cfg.steps - cfg.warmup_steps, 1)
    if cfg.max_minutes > 0:
        frac = max(frac, elapsed_s / (cfg.max_minutes * 60.0))
    return cfg.min_lr + (cfg.lr - cfg.min_lr) * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0)))


def to_model_input(frames: np.ndarray, hw: tuple[int, int]) -> torch.Tensor:
    """uint8 (B, 240, 256, 3) -> float (B, 3, h, w) in [0, 1] (nearest resize for the 224 option)."""
    if frames.shape[1:3] != hw:
        frames = np.stack([cv2.resize(f, (hw[1], hw[0]), interpolation=cv2.INTER_NEAREST) for f in frames])
    return torch.from_numpy(frames).permute(0, 3, 1, 2).float().div_(255.0)


def draw_mask(cfg: RestoreConfig, step: int, batch: int, grid: tuple[int, int], rng: np.random.Generator
              ) -> np.ndarray:
    m = cfg.mask
    ratio = curriculum_ratio(step, cfg.steps, m.curriculum_start, m.mask_ratio) if m.curriculum else m.mask_ratio
    kind = m.mode if m.mode != "mixed" else ("block" if rng.random() < m.block_share else "random")
    if kind == "random":
        return random_patch_mask(batch, grid, ratio, rng)
    block = block_patch_mask(batch, grid, tuple(m.block_min_hw), tuple(m.block_max_hw), cfg.model.patch_size, rng)
    return add_random_patches(block, m.block_extra_ratio, rng)


PROGRESS_TOTAL = 1000
"""With a time limit, progress is reported in thousandths of the budget (steps or minutes, whichever is
further along), so a run cut by the clock ends at 100 % and its message tells the steps reached."""


def report_progress(ctx: JobContext, config: RestoreConfig, step: int, elapsed_s: float, message: str) -> None:
    """Progress of a run: steps, or with ``max_minutes`` the larger of the step and time fractions."""
    if config.max_minutes <= 0:
        ctx.progress(step, config.steps, message)
        return
    budget = config.max_minutes * 60.0
    frac = max(step / config.steps, elapsed_s / budget)
    ctx.progress(min(PROGRESS_TOTAL, int(frac * PROGRESS_TOTAL)), PROGRESS_TOTAL,
                 f"step {step}/{config.steps}, {elapsed_s / 60:.1f}/{config.max_minutes:g} min; {message}")


def train(ctx: JobContext, config: RestoreConfig) -> None:
    if ctx.world_size > 1:
        raise FailedPrecondition("the restore family trains in one process; submit the job with nproc 1")
    device = pick_device(config.device)
    if config.threads:
        torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    splits = load_splits(config.data)
    if len(splits["train"]) == 0 or len(splits["val"]) == 0:
        raise ValueError("the data has no training or validation frames")
    mcfg = dataclasses.replace(config.model, state_dim=STATE_DIM if config.use_state else 0)
    model = MAE(mcfg).to(device)
    ema = copy.deepcopy(model).eval() if config.ema_decay else None
    opt = torch.optim.AdamW(param_groups(model, config.weight_decay), lr=config.lr, betas=(0.9, 0.95))
    rng = np.random.default_rng(config.seed)
    start, elapsed0 = 0, 0.0
    if (ckpt := ctx.load_checkpoint()) is not None:
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        if ema is not None and ckpt.get("ema") is not None:
            ema.load_state_dict(ckpt["ema"])
        rng.bit_generator.state = ckpt["rng"]
        torch.set_rng_state(ckpt["torch_rng"])
        start, elapsed0 = ckpt["step"], ckpt.get("elapsed_s", 0.0)
        ctx.log(f"resumed at step {start}")
    use_amp = config.amp and (device.type == "cuda" or cpu_has_bf16())
    val_frames, val_states = splits["val"].spread(config.eval_frames)
    sample_frames, sample_states = val_frames[:4], val_states[:4]
    hw, grid = mcfg.image_hw, mcfg.grid
    n_params = sum(p.numel() for p in model.parameters())
    amp_note = " (bf16 autocast)" if use_amp else ""
    ctx.log(f"restore MAE {n_params / 1e6:.2f}M params on {device}{amp_note}; train {len(splits['train'])} frames "
            f"({len(splits['train'].episodes)} episodes), val {len(splits['val'])}")
    t0 = time.monotonic()
    step = start

    def checkpoint() -> None:
        ctx.save_checkpoint({"model": model.state_dict(), "opt": opt.state_dict(),
                             "ema": ema.state_dict() if ema is not None else None, "step": step,
                             "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                             "elapsed_s": elapsed0 + time.monotonic() - t0})

    report_progress(ctx, config, start, elapsed0, "training")
    for step in range(start + 1, config.steps + 1):
        model.train()
        frames, states = splits["train"].batch(rng.integers(0, len(splits["train"]), size=config.batch_size))
        imgs = to_model_input(frames, hw).to(device)
        mask = torch.from_numpy(draw_mask(config, step, config.batch_size, grid, rng)).to(device)
        state = torch.from_numpy(states).to(device) if config.use_state else None
        lr = lr_at(step, config, elapsed0 + time.monotonic() - t0)
        for group in opt.param_groups:
            group["lr"] = lr
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=use_amp):
            pred = model(imgs, mask, state)
        loss = model.loss(imgs, pred, mask)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if config.grad_clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        opt.step()
        if ema is not None:
            with torch.no_grad():
                for e, p in zip(ema.parameters(), model.parameters(), strict=True):
                    e.lerp_(p, 1.0 - config.ema_decay)
        if step % 10 == 0 or step == config.steps:
            ctx.metric("train_loss", loss.item(), step)
            ctx.metric("lr", lr, step)
        elapsed = elapsed0 + time.monotonic() - t0
        report_progress(ctx, config, step, elapsed, f"loss {loss.item():.4f}")
        timed_out = config.max_minutes > 0 and elapsed > config.max_minutes * 60
        if step % config.eval_every == 0 and step < config.steps and not timed_out:
            _evaluate(ctx, ema or model, val_frames, val_states, sample_frames, sample_states, step, device)
        stopping = ctx.should_stop()
        if step % config.checkpoint_every == 0 or step == config.steps or stopping or timed_out:
            checkpoint()
        if stopping:
            ctx.log(f"stopping at step {step}; checkpoint saved")
            return
        if timed_out:
            ctx.log(f"max_minutes={config.max_minutes} reached at step {step} of {config.steps}; "
                    "finishing with what was learnt")
            break
    final = ema or model
    final.eval()
    snap, gains = measure_snap(final, val_frames, val_states, str(device))
    ctx.log(f"palette snapping per mask kind (validation): {snap}, "
            + ", ".join(f"{k} {v:+.2f}" for k, v in gains.items()))
    metrics = _evaluate(ctx, final, val_frames, val_states, sample_frames, sample_states, step, device,
                        with_ssim=True, snap=snap)
    metrics.update(gains)
    metrics["steps"] = float(step)
    metrics["train_minutes"] = (elapsed0 + time.monotonic() - t0) / 60.0
    ctx.log(f"trained {step} of {config.steps} steps in {metrics['train_minutes']:.1f} min"
            + (" (stopped by max_minutes)" if step < config.steps else ""))
    levels = {k: levels_of(v) for k, v in splits.items()} if config.data.split == "level" else {}
    files = save_model(final.cpu(), ctx.work_dir / "model", {
        "trained_steps": step, "use_state": config.use_state, "data": to_dict(config.data),
        "levels": levels, "palette_snap": snap, "val_frames": len(val_frames)})
    files.update(export_trained(ctx, final, val_frames[:16], val_states[:16], metrics))
    if config.tile_lm.steps:
        from enginemind.families.restore.predict import Restorer
        from enginemind.families.restore.tilelm_train import train_in_job

        restorer = Restorer(model=final.cpu(), snap=snap)
        tl_files, tl_metrics = train_in_job(ctx, config.tile_lm, splits, lambda f, m: restorer.restore(
            f, m, tile_snap=False), val_frames, ctx.work_dir / "model")
        files.update(tl_files)
        metrics.update(tl_metrics)
    if config.codec.steps:
        codec = _train_codec(ctx, config, final, splits, step, device)
        if codec is None:
            return
        files.update(save_codec(codec, ctx.work_dir / "model"))
        metrics.update({f"codec_{k}": v for k, v in codec_metrics(codec, val_frames).items()})
    ctx.register_model(config.model_name, files, metrics=metrics, data_hash=splits["train"].data_hash(),
                       description=f"MAE restorer {n_params / 1e6:.1f}M params, {step} steps")


def _evaluate(ctx: JobContext, model: MAE, frames, states, sample_frames, sample_states, step: int,
              device: torch.device, with_ssim: bool = False, snap: dict[str, bool] | None = None
              ) -> dict[str, float]:
    model.eval()
    metrics = evaluate_model(model, frames, states, with_ssim, device=str(device), snap=snap)
    for k, v in metrics.items():
        ctx.metric(f"val_{k}", v, step)
    path = ctx.work_dir / "samples" / f"step_{step:07d}.png"
    save_samples(model, sample_frames, sample_states, path, device=str(device))
    ctx.artifact(path, "image")
    ctx.log(f"step {step}: val patch75 PSNR {metrics['patch75_masked_psnr']:.2f} dB, "
            f"block PSNR {metrics['block64x96_masked_psnr']:.2f} dB")
    return metrics


def _train_codec(ctx: JobContext, config: RestoreConfig, mae: MAE, splits, step: int,
                 device: torch.device) -> RVQCodec | None:
    """Fine-tune a copy of the MAE with a residual VQ; None when a stop was requested meanwhile."""
    rng = np.random.default_rng(config.seed + 1)
    total = config.steps + config.codec.steps
    ctx.log(f"training the RVQ codec for {config.codec.steps} steps")

    def batches(n: int) -> np.ndarray:
        return splits["train"].batch(rng.integers(0, len(splits["train"]), size=n))[0]

    def on_step(i: int, loss: float) -> None:
        if i % 10 == 0:
            ctx.metric("codec_loss", loss, step + i)
        ctx.progress(config.steps + i, total, f"codec step {i}/{config.codec.steps}, loss {loss:.4f}")

    codec = train_codec(copy.deepcopy(mae).to(device), config.codec, batches, str(device), on_step, ctx.should_stop)
    if ctx.should_stop():
        ctx.log("stop requested during codec training; the MAE checkpoint is kept, the codec will be retrained")
        return None
    return codec.cpu()

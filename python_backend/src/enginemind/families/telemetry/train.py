"""Train one telemetry model (collision / battery / anomaly) from database history as a job of the spine."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from enginemind.errors import FailedPrecondition
from enginemind.families.telemetry import evaluate
from enginemind.families.telemetry.config import TelemetryTrainConfig
from enginemind.families.telemetry.data import Windows, load_windows
from enginemind.families.telemetry.export import export_onnx
from enginemind.families.telemetry.features import channels
from enginemind.families.telemetry.model import WindowNet
from enginemind.jobs.context import JobContext

ANOMALY_QUANTILE = 0.95
"""Anomaly threshold: this quantile of the training windows' scores."""


def _target(task: str, y: np.ndarray) -> np.ndarray:
    return np.log1p(y) if task == "battery" else y


def _loss(task: str, model: WindowNet, x: torch.Tensor, y: torch.Tensor, pos_weight: float) -> torch.Tensor:
    out = model.raw(x)
    if task == "collision":
        return nn.functional.binary_cross_entropy_with_logits(out, y, pos_weight=torch.tensor(pos_weight))
    if task == "battery":
        return nn.functional.smooth_l1_loss(out, y)
    return out.mean()


def scores(model: WindowNet, x: np.ndarray, batch: int = 4096) -> np.ndarray:
    """Serving outputs of the PyTorch model for windows ``x``."""
    model.eval()
    with torch.no_grad():
        parts = [model(torch.from_numpy(x[i:i + batch])).numpy()[:, 0] for i in range(0, len(x), batch)]
    model.train()
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def build_model(cfg: TelemetryTrainConfig, w: Windows, train_mask: np.ndarray) -> WindowNet:
    model = WindowNet(cfg.task, cfg.window, len(channels(cfg.task)), cfg.hidden)
    xt = torch.from_numpy(w.x[train_mask]).reshape(-1, w.x.shape[2])
    model.set_norm(xt.mean(0), xt.std(0))
    if cfg.task == "battery":  # start at the physics prior fitted to the mean, instead of at 1 s
        with torch.no_grad():
            x = torch.from_numpy(w.x[train_mask])
            model.net[-1].weight.zero_()  # the MLP learns a correction on top of the prior
            model.net[-1].bias.zero_()
            model.prior.bias.zero_()
            offset = torch.from_numpy(np.log1p(w.y[train_mask])) - model.raw(x).double()
            model.prior.bias.fill_(float(offset.mean()))
    return model


def train(ctx: JobContext, config: TelemetryTrainConfig) -> None:
    cfg = config
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(1)
    if ctx.connect is None:
        raise FailedPrecondition("telemetry training reads the database; run it as a job of `enginemind serve`")
    with ctx.connect() as conn:
        w = load_windows(conn, cfg)
    tr, va = w.split(cfg.val_fraction, cfg.seed)
    x_tr = torch.from_numpy(w.x[tr])
    y_tr = torch.from_numpy(_target(cfg.task, w.y[tr]).astype(np.float32))
    ctx.log(f"{cfg.task}: {int(tr.sum())} training and {int(va.sum())} validation windows from "
            f"{len(w.robots)} robots (positives {float((w.y > 0.5).mean()):.3f})" if cfg.task != "battery" else
            f"battery: {int(tr.sum())} training and {int(va.sum())} validation windows from {len(w.robots)} robots")
    model = build_model(cfg, w, tr)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=0.05 if cfg.task == "battery" else 0.0)
    n_pos = float((w.y[tr] > 0.5).sum())
    pos_weight = min(20.0, (len(y_tr) - n_pos) / max(1.0, n_pos))
    batch = min(cfg.batch_size, max(16, len(x_tr) // 8))  # small histories still get several steps per epoch
    per_epoch = max(1, math.ceil(len(x_tr) / batch))
    total = cfg.epochs * per_epoch
    step = 0
    if (ckpt := ctx.load_checkpoint()) is not None:
        model.load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        step = ckpt["step"]
        ctx.log(f"resumed at step {step}")
    ctx.progress(step, total, "training")
    while step < total:
        epoch, k = divmod(step, per_epoch)
        perm = torch.randperm(len(x_tr), generator=torch.Generator().manual_seed(cfg.seed * 7919 + epoch))
        idx = perm[k * batch:(k + 1) * batch]
        loss = _loss(cfg.task, model, x_tr[idx], y_tr[idx], pos_weight)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        if step % 10 == 0 or step == total:
            ctx.metric("train_loss", loss.item(), step)
        ctx.progress(step, total, f"epoch {epoch + 1}/{cfg.epochs} loss {loss.item():.4f}")
        stopping = ctx.should_stop()
        if step % cfg.checkpoint_every == 0 or step == total or stopping:
            ctx.save_checkpoint({"model": model.state_dict(), "opt": opt.state_dict(), "step": step})
        if stopping:
            ctx.log(f"stopping at step {step}; checkpoint saved")
            return
    threshold = evaluate.COLLISION_THRESHOLD
    if cfg.task == "anomaly":
        threshold = float(np.quantile(scores(model, w.x[tr]), ANOMALY_QUANTILE))
    val_scores = scores(model, w.x[va])
    result = evaluate.metrics(cfg.task, w.y[va], val_scores, threshold)
    if cfg.task == "collision":  # per near-collision event, not per window
        result.update(evaluate.collision_events(val_scores, w.t_end[va], w.robot[va], w.robots, w.events, threshold,
                                                cfg.horizon_s))
    if cfg.task == "battery":  # the physics prior alone (fitted scale, no learned correction), for comparison
        prior = evaluate.metrics(cfg.task, w.y[va], scores(build_model(cfg, w, tr), w.x[va]))
        result["prior_mae_s"], result["prior_mape"] = prior["mae_s"], prior["mape"]
    for name, value in result.items():
        ctx.metric(f"val_{name}", value, step)
    path = export_onnx(model, ctx.work_dir / "model.onnx", {"threshold": f"{threshold:.6g}"})
    clean = {k: v for k, v in result.items() if math.isfinite(v)}
    version = ctx.register_model(cfg.model_name, {"model.onnx": path}, metrics=clean, data_hash=w.data_hash(),
                                 description=f"telemetry {cfg.task} model over {cfg.window}-sample windows")
    if version is not None and cfg.set_production:
        ctx.set_alias(cfg.model_name, version["version"], "production")

"""Demo training loop: straight-line, resumable, DDP-capable (torchrun with gloo on CPU)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import torch
import torch.distributed as dist
from safetensors.torch import save_file
from torch import nn

from enginemind.families.demo.config import DemoConfig
from enginemind.jobs.context import JobContext


def target_fn(x: torch.Tensor) -> torch.Tensor:
    return torch.sin(3 * x) + 0.5 * x


def make_model(hidden: int) -> nn.Module:
    return nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))


def train(ctx: JobContext, config: DemoConfig) -> None:
    torch.manual_seed(config.seed)
    model = make_model(config.hidden)
    if ctx.world_size > 1:
        model = nn.parallel.DistributedDataParallel(model)
    opt = torch.optim.Adam(model.parameters(), lr=config.lr)
    gen = torch.Generator().manual_seed(config.seed * 1000 + ctx.rank)
    x_val = torch.linspace(-2, 2, 512).unsqueeze(1)
    start = 0
    history: list[tuple[int, float]] = []
    if (ckpt := ctx.load_checkpoint()) is not None:
        _core(model).load_state_dict(ckpt["model"])
        opt.load_state_dict(ckpt["opt"])
        gen.set_state(ckpt["gen"])
        start = ckpt["step"]
        history = list(ckpt.get("history", []))
        ctx.log(f"resumed at step {start}")
    ctx.progress(start, config.steps, "training")
    step = start
    for step in range(start + 1, config.steps + 1):
        x = torch.rand(config.batch_size, 1, generator=gen) * 4 - 2
        loss = nn.functional.mse_loss(model(x), target_fn(x))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if config.crash_at_step == step:
            raise RuntimeError(f"crash_at_step={step} was requested (fault injection)")
        if step % 10 == 0 or step == config.steps:
            ctx.metric("train_mse", loss.item(), step)
            history.append((step, loss.item()))
        ctx.progress(step, config.steps, f"mse {loss.item():.4f}")
        stopping = ctx.should_stop()
        if step % config.checkpoint_every == 0 or step == config.steps or stopping:
            ctx.save_checkpoint({"model": _core(model).state_dict(), "opt": opt.state_dict(),
                                 "gen": gen.get_state(), "step": step, "history": history})
        if stopping:
            ctx.log(f"stopping at step {step}; checkpoint saved")
            return
        if config.step_sleep_s:
            time.sleep(config.step_sleep_s)
    if ctx.world_size > 1:
        dist.barrier()
    with torch.no_grad():
        val_mse = nn.functional.mse_loss(_core(model)(x_val), target_fn(x_val)).item()
    ctx.metric("val_mse", val_mse, step)
    weights = ctx.work_dir / "model.safetensors"
    if ctx.is_main:
        ctx.artifact(_plot(history, ctx.work_dir / "loss.png", x_val, _core(model)), kind="image")
        save_file({k: v.contiguous() for k, v in _core(model).state_dict().items()}, str(weights))
        data_hash = hashlib.sha256(f"sin3x+0.5x|seed={config.seed}".encode()).hexdigest()[:16]
        ctx.register_model(
            config.model_name, {"model.safetensors": weights}, metrics={"val_mse": val_mse}, data_hash=data_hash,
            description="MLP regression of sin(3x) + 0.5x (demo family)",
        )


def _plot(history: list[tuple[int, float]], out: Path, x_val: torch.Tensor, model: nn.Module) -> Path:
    """Loss curve and the fitted function, side by side (what people look at instead of numbers)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_loss, ax_fit) = plt.subplots(1, 2, figsize=(9, 3.2))
    if history:
        steps, losses = zip(*history, strict=True)
        ax_loss.semilogy(steps, losses)
    ax_loss.set(title="training loss (MSE)", xlabel="step")
    with torch.no_grad():
        ax_fit.plot(x_val.squeeze(1), target_fn(x_val).squeeze(1), label="target", lw=2)
        ax_fit.plot(x_val.squeeze(1), model(x_val).squeeze(1), label="model", ls="--")
    ax_fit.set(title="fit", xlabel="x")
    ax_fit.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
    return out


def _core(model: nn.Module) -> nn.Module:
    return model.module if isinstance(model, nn.parallel.DistributedDataParallel) else model

"""Training job of the skeleton model (family ``bonemap_skeleton``): corpus -> SkelNet -> registry."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

from enginemind.families.bonemap.corpus.synth import ALL_CONVENTIONS
from enginemind.families.bonemap.skelnet.config import SkelNetConfig
from enginemind.families.bonemap.skelnet.corpus import build_corpus, collate
from enginemind.families.bonemap.skelnet.features import CLASSES

WEIGHTS = "skelnet.pt"
META = "skelnet.json"


def fit(config: SkelNetConfig, log: Any = print, progress: Any = None, should_stop: Any = None,
        ctx: Any = None, corpus: dict[str, list] | None = None) -> tuple[Any, dict[str, float], str]:
    """Build the corpus (or take ``corpus``: convention -> examples) and train; (model, metrics, corpus hash)."""
    import torch

    from enginemind.families.bonemap.skelnet.net import SkelNet

    if config.torch_threads:
        torch.set_num_threads(config.torch_threads)
    torch.manual_seed(config.seed)
    convs = [c for c in ALL_CONVENTIONS if c not in config.holdout]
    if corpus is not None:
        data = [ex for c in convs for ex in corpus[c]]
        data_hash = f"given:{len(data)}"
    else:
        data, data_hash = build_corpus(convs, config.modes, config.rigs_per_convention, config.seed,
                                       lambda a, b: log(f"corpus {a}/{b} rigs"))
    rng = random.Random(config.seed)
    rng.shuffle(data)
    n_val = int(len(data) * config.val_fraction)
    val, train = data[:n_val], data[n_val:]
    log(f"corpus: {len(train)} training / {len(val)} validation rigs from {len(convs)} conventions, "
        f"hash {data_hash}")
    model = SkelNet(config.hidden, config.layers, config.dropout)
    opt = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=0.01)
    steps_per_epoch = max(1, math.ceil(len(train) / config.batch_rigs))
    total = config.epochs * steps_per_epoch
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: 0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, s / total))))
    start = 0
    if ctx is not None and (state := ctx.load_checkpoint()) is not None:
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["sched"])
        start = int(state["step"])
        log(f"resumed from step {start}")

    def tensors(batch: list) -> tuple:
        g, x, p, y = collate(batch)
        return torch.from_numpy(g), torch.from_numpy(x), torch.from_numpy(p), torch.from_numpy(y)

    step, loss_ema = start, None
    model.train()
    while step < total:
        epoch, k = divmod(step, steps_per_epoch)
        order = list(range(len(train)))
        random.Random(config.seed * 1000 + epoch).shuffle(order)
        batch = [train[i] for i in order[k * config.batch_rigs:(k + 1) * config.batch_rigs]]
        g, x, p, y = tensors(batch)
        loss = torch.nn.functional.cross_entropy(model(g, x, p), y, label_smoothing=0.02)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        lv = float(loss.detach())
        loss_ema = lv if loss_ema is None else 0.95 * loss_ema + 0.05 * lv
        if progress:
            progress(step, total, f"loss {loss_ema:.4f}")
        if ctx is not None and (step % steps_per_epoch == 0 or step == total):
            ctx.save_checkpoint({"model": model.state_dict(), "optimizer": opt.state_dict(),
                                 "sched": sched.state_dict(), "step": step})
        if should_stop is not None and should_stop():
            log(f"stop requested at step {step}")
            break
    model.eval()
    metrics = {"train_rigs": float(len(train)), "final_loss_ema": float(loss_ema or 0.0), "steps": float(step)}
    if val:
        with torch.no_grad():
            g, x, p, y = tensors(val)
            pred = model(g, x, p).argmax(1)
        metrics["val_bone_accuracy"] = float((pred == y).float().mean())
        metrics["val_core_accuracy"] = float((pred[y > 0] == y[y > 0]).float().mean()) if bool((y > 0).any()) \
            else 1.0
    log("metrics: " + ", ".join(f"{k} {v:.4f}" for k, v in metrics.items()))
    return model, metrics, data_hash


def save(model: Any, config: SkelNetConfig, folder: Path, data_hash: str,
         extras: dict[str, Any] | None = None) -> dict[str, Path]:
    """Weights and ``skelnet.json`` (``extras``: the auto rule and confidence maps of ``skelnet.calibrate``)."""
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), folder / WEIGHTS)
    meta = {"family": "bonemap_skeleton", "hidden": config.hidden, "layers": config.layers,
            "classes": [list(c) for c in CLASSES], "holdout": list(config.holdout), "data_hash": data_hash,
            **(extras or {})}
    (folder / META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return {WEIGHTS: folder / WEIGHTS, META: folder / META}


def train(ctx: Any, config: SkelNetConfig) -> None:
    """Family entry point: train, save next to the job, register ``config.model_name``."""
    model, metrics, data_hash = fit(config, log=ctx.log, progress=ctx.progress, should_stop=ctx.should_stop,
                                    ctx=ctx)
    extras = None
    if config.calibration_rigs:
        from enginemind.families.bonemap.skelnet.calibrate import fit_model_extras
        from enginemind.families.bonemap.skelnet.infer import SkelModel

        convs = [c for c in ALL_CONVENTIONS if c not in config.holdout]
        extras = fit_model_extras(SkelModel(model, {}), convs, config.calibration_rigs, log=ctx.log)
    for k, v in metrics.items():
        ctx.metric(k, v)
    files = save(model, config, Path(ctx.work_dir) / "skelnet", data_hash, extras)
    ctx.register_model(config.model_name, files=files, metrics=metrics, data_hash=data_hash,
                       description="skeleton model: graph network over bones (names, rest geometry, tree)")

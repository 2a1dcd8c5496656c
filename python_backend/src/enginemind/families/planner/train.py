"""LoRA fine-tuning of the LM planner as a job: ``train(ctx, config)`` (family contract).

Straight-line loop: synthetic corpus (training phrasings) + recorded executions from PostgreSQL (operator
corrections repeated, successful plans once), base model loaded offline, LoRA (peft) on the top layers,
AdamW steps with progress / loss metrics, a resumable checkpoint every ``checkpoint_every`` steps and on a
stop request, then: loss-curve PNG, held-out evaluation (constrained decoding), adapter registered with its
metrics, and optionally the merged model in Hugging Face format.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from enginemind.families.planner.config import PlannerConfig
from enginemind.families.planner.corpus import Example, corpus_hash, make_corpus
from enginemind.families.planner.model import PROMPT_VERSION, encode_example, target_lines
from enginemind.lm import load_base, lora_checkpoint, pad_batch, resume_lora


def _executions(ctx: Any, config: PlannerConfig) -> list[Example]:
    if not config.use_executions or ctx.connect is None:
        return []
    from enginemind.families.planner.executions import training_examples

    conn = ctx.connect()
    try:
        return training_examples(conn, config.correction_repeat)
    finally:
        conn.close()


def loss_plot(losses: list[float], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2), dpi=100)
    ax.plot(range(1, len(losses) + 1), losses, lw=1, alpha=0.5, label="loss")
    ema, smooth = None, []
    for v in losses:
        ema = v if ema is None else 0.9 * ema + 0.1 * v
        smooth.append(ema)
    ax.plot(range(1, len(losses) + 1), smooth, lw=2, label="EMA 0.9")
    ax.set_xlabel("step")
    ax.set_ylabel("answer-token cross-entropy")
    ax.set_title("planner LoRA fine-tuning")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def train(ctx: Any, config: PlannerConfig) -> None:
    import torch
    from peft import LoraConfig, get_peft_model

    if config.torch_threads:
        torch.set_num_threads(config.torch_threads)
    torch.manual_seed(config.seed)
    recorded = _executions(ctx, config)
    examples = make_corpus(config.examples, config.seed, "train") + recorded
    data_hash = corpus_hash(examples)
    ctx.log(f"corpus: {len(examples)} missions ({len(recorded)} from recorded executions), hash {data_hash}")
    ctx.metric("train_examples", len(examples))
    model, tok = load_base(config.base_model, config.gguf_file)
    encoded = []
    for e in examples:
        answer = target_lines(e.context, e.plan, e.intents, config.serialization)
        if answer is not None:  # a recorded plan without an intent form cannot be taught as intents
            encoded.append(encode_example(tok, e.context, e.mission, answer, config.max_length, config.serialization))
    if len(encoded) < len(examples):
        ctx.log(f"{len(examples) - len(encoded)} recorded plans have no {config.serialization} form; skipped")
    n_layers = int(model.config.num_hidden_layers)
    layers = list(range(max(0, n_layers - config.lora_layers), n_layers)) if config.lora_layers else None
    model = get_peft_model(model, LoraConfig(
        r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
        target_modules=list(config.target_modules), layers_to_transform=layers, task_type="CAUSAL_LM", bias="none"))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.0)
    state = resume_lora(ctx, model, opt, data_hash)
    start, losses = (int(state["step"]), list(state.get("losses", []))) if state is not None else (0, [])
    order = list(range(len(encoded)))
    random.Random(config.seed).shuffle(order)

    def checkpoint(step: int) -> None:
        lora_checkpoint(ctx, step, model, opt, data_hash, losses=losses)

    model.train()
    for step in range(start, config.steps):
        if ctx.should_stop():
            checkpoint(step)
            ctx.log(f"stop requested: checkpoint saved at step {step}")
            return
        lo = (step * config.batch_size) % len(order)
        ids, labels, mask = pad_batch(tok, [encoded[order[(lo + k) % len(order)]] for k in range(config.batch_size)])
        out = model(input_ids=ids, attention_mask=mask, labels=labels)
        opt.zero_grad(set_to_none=True)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        losses.append(float(out.loss.detach()))
        ctx.metric("loss", losses[-1], step + 1)
        ctx.progress(step + 1, config.steps, f"loss {losses[-1]:.4f}")
        if (step + 1) % config.checkpoint_every == 0:
            checkpoint(step + 1)
    checkpoint(config.steps)
    _finish(ctx, config, model, tok, losses, len(examples), len(recorded), data_hash)


def _finish(ctx: Any, config: PlannerConfig, model: Any, tok: Any, losses: list[float], n_examples: int,
            n_recorded: int, data_hash: str) -> None:
    from enginemind.families.planner.evaluate import evaluate
    from enginemind.families.planner.model import PlanLM

    work = Path(ctx.work_dir)
    ctx.artifact(loss_plot(losses, work / "loss.png"), kind="image")
    metrics = {"final_loss": losses[-1] if losses else 0.0, "train_examples": float(n_examples),
               "recorded_examples": float(n_recorded), "steps": float(config.steps)}
    if config.eval_examples:
        model.eval()
        held = make_corpus(config.eval_examples, config.seed, "heldout")
        longest = max(len(e.plan.steps) for e in held) + 2
        lm = PlanLM(model, tok, max_steps=config.eval_max_steps or longest, serialization=config.serialization)
        scores = evaluate(lm, held)
        metrics.update({f"heldout_{k}": v for k, v in scores.items()})
        ctx.log("held-out: " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    out_dir = work / "adapter"
    model.save_pretrained(str(out_dir))
    meta = {"family": "planner", "prompt_version": PROMPT_VERSION if config.serialization == "intents" else 1,
            "serialization": config.serialization, "base_model": config.base_model,
            "gguf_file": config.gguf_file, "data_hash": data_hash}
    (out_dir / "planner_lm.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    files: dict[str, Any] = {p.name: p for p in out_dir.iterdir() if p.is_file()}
    files["loss.png"] = work / "loss.png"
    ctx.register_model(config.model_name, files=files, metrics=metrics, data_hash=data_hash,
                       description="LoRA adapter of the mission planner LM")
    if config.export_merged:
        from enginemind.families.planner.export import export_merged

        merged = export_merged(model, tok, work / "merged")
        ctx.register_model(f"{config.model_name}-merged", files={p.name: p for p in merged.iterdir() if p.is_file()},
                           metrics=metrics, data_hash=data_hash,
                           description="planner LM with the LoRA merged in (Hugging Face format, bf16)")
    ctx.log(f"adapter saved to {out_dir}")

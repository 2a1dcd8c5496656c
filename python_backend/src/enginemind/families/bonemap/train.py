"""LoRA training of the bone-mapping LM as a job: ``train(ctx, config)`` (family contract).

Straight-line loop: build the corpus (synthetic conventions + feedback from PostgreSQL), load the base
model offline, wrap it with LoRA (peft), run ``config.steps`` AdamW steps with progress / metrics, save a
resumable checkpoint every ``checkpoint_every`` steps and when asked to stop, then save the adapter and
register it as a model version (files: adapter weights + adapter config + ``bonemap_lm.json``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from enginemind.families.bonemap.config import BonemapConfig
from enginemind.families.bonemap.data import build_examples, corpus_hash
from enginemind.families.bonemap.model import PROMPT_VERSION, encode_example
from enginemind.lm import load_base, lora_checkpoint, pad_batch, resume_lora


def _feedback(ctx: Any, config: BonemapConfig) -> list[dict[str, Any]]:
    if not config.use_feedback or ctx.connect is None:
        return []
    from enginemind.families.bonemap.feedback import training_rows

    conn = ctx.connect()
    try:
        return training_rows(conn)
    finally:
        conn.close()


def train(ctx: Any, config: BonemapConfig) -> None:
    import torch
    from peft import LoraConfig, get_peft_model

    if config.torch_threads:
        torch.set_num_threads(config.torch_threads)
    torch.manual_seed(config.seed)
    feedback = _feedback(ctx, config)
    examples = build_examples(config.targets, config.seed, config.rigs_per_convention, config.max_examples,
                              feedback, config.feedback_repeat)
    data_hash = corpus_hash(examples)
    ctx.log(f"corpus: {len(examples)} examples ({len(feedback)} feedback records), hash {data_hash}")
    ctx.metric("train_examples", len(examples))
    model, tok = load_base(config.base_model, config.gguf_file)
    encoded = [encode_example(tok, m, a, config.max_length) for m, a in examples]
    n_layers = int(model.config.num_hidden_layers)
    layers = list(range(max(0, n_layers - config.lora_layers), n_layers)) if config.lora_layers else None
    lora = LoraConfig(r=config.lora_r, lora_alpha=config.lora_alpha, lora_dropout=config.lora_dropout,
                      target_modules=list(config.target_modules), layers_to_transform=layers,
                      task_type="CAUSAL_LM", bias="none")
    model = get_peft_model(model, lora)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=config.lr, weight_decay=0.0)
    state = resume_lora(ctx, model, opt, data_hash)
    start, loss_ema = (int(state["step"]), state.get("loss_ema")) if state is not None else (0, None)
    order = list(range(len(encoded)))
    random.Random(config.seed).shuffle(order)

    def checkpoint(step: int) -> None:
        lora_checkpoint(ctx, step, model, opt, data_hash, loss_ema=loss_ema)

    model.train()
    step = start
    for step in range(start, config.steps):
        if ctx.should_stop():
            checkpoint(step)
            ctx.log(f"stop requested: checkpoint saved at step {step}")
            return
        lo = (step * config.batch_size) % len(order)
        items = [encoded[order[(lo + k) % len(order)]] for k in range(config.batch_size)]
        ids, labels, mask = pad_batch(tok, items)
        out = model(input_ids=ids, attention_mask=mask, labels=labels)
        opt.zero_grad(set_to_none=True)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        loss = float(out.loss.detach())
        loss_ema = loss if loss_ema is None else 0.9 * loss_ema + 0.1 * loss
        ctx.metric("loss", loss, step + 1)
        ctx.progress(step + 1, config.steps, f"loss {loss_ema:.4f}")
        if (step + 1) % config.checkpoint_every == 0:
            checkpoint(step + 1)
    checkpoint(config.steps)
    out_dir = Path(ctx.work_dir) / "adapter"
    model.save_pretrained(str(out_dir))
    meta = {"family": "bonemap", "prompt_version": PROMPT_VERSION, "base_model": config.base_model,
            "gguf_file": config.gguf_file, "targets": list(config.targets), "data_hash": data_hash}
    (out_dir / "bonemap_lm.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    files = {p.name: p for p in out_dir.iterdir() if p.is_file()}
    metrics = {"final_loss_ema": float(loss_ema or 0.0), "train_examples": float(len(examples)),
               "feedback_records": float(len(feedback)), "steps": float(config.steps)}
    ctx.register_model(config.model_name, files=files, metrics=metrics, data_hash=data_hash,
                       description="LoRA adapter for bone mapping (SmolLM2 base unless configured)")
    ctx.log(f"adapter saved to {out_dir}")

"""Train the planner LM outside the server (same ``train`` as the job) for the benchmark.

    python tools/bench/planner_train.py --out /tmp/planner-bench --steps 150 --batch-size 4

Writes ``OUT/adapter`` (LoRA), ``OUT/loss.png`` and ``OUT/checkpoint.pt`` (rerunning resumes), prints progress.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from enginemind.config import from_dict
from enginemind.families.planner.config import PlannerConfig
from enginemind.families.planner.train import train
from enginemind.jobs.context import JobContext


def save_adapter(out: Path, cfg: PlannerConfig) -> Path:
    """``OUT/adapter_stepN`` from ``OUT/checkpoint.pt`` (to evaluate a run stopped part-way)."""
    import torch
    from peft import LoraConfig, get_peft_model, set_peft_model_state_dict

    from enginemind.families.planner.model import PROMPT_VERSION
    from enginemind.lm import load_base

    state = torch.load(out / "checkpoint.pt", map_location="cpu", weights_only=False)
    model, _ = load_base(cfg.base_model, cfg.gguf_file)
    n = int(model.config.num_hidden_layers)
    model = get_peft_model(model, LoraConfig(
        r=cfg.lora_r, lora_alpha=cfg.lora_alpha, target_modules=list(cfg.target_modules), task_type="CAUSAL_LM",
        layers_to_transform=list(range(n - cfg.lora_layers, n)) if cfg.lora_layers else None, bias="none"))
    set_peft_model_state_dict(model, state["lora"])
    dest = out / f"adapter_step{int(state['step'])}"
    model.save_pretrained(str(dest))
    meta = {"family": "planner", "prompt_version": PROMPT_VERSION, "serialization": cfg.serialization,
            "base_model": cfg.base_model, "gguf_file": cfg.gguf_file, "data_hash": state.get("data_hash", "")}
    (dest / "planner_lm.json").write_text(json.dumps(meta), encoding="utf-8")
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--examples", type=int, default=1500)
    ap.add_argument("--lora-layers", type=int, default=8)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--serialization", default="intents", choices=["intents", "steps"])
    ap.add_argument("--minutes", type=float, default=0.0,
                    help="stop (checkpoint saved) after this many minutes; rerun to resume")
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()

    def sink(kind: str, p: dict) -> None:
        if kind == "progress":
            print(f"[{time.time() - t0:7.1f}s] step {p['step']}/{p['total']} {p['message']}", flush=True)
        elif kind == "log":
            print(f"[{time.time() - t0:7.1f}s] {p['message']}", flush=True)

    cfg = from_dict(PlannerConfig, {"steps": a.steps, "batch_size": a.batch_size, "examples": a.examples,
                                    "lora_layers": a.lora_layers, "eval_examples": 0,
                                    "torch_threads": a.threads, "use_executions": False, "lr": a.lr,
                                    "serialization": a.serialization, "checkpoint_every": 5})
    def stop() -> bool:
        return bool(a.minutes) and time.time() - t0 > 60 * a.minutes

    train(JobContext("bench", out, sink, family="planner", progress_interval_s=0.0, _stop=stop), cfg)
    if stop():
        print(f"saved {save_adapter(out, cfg)} from the checkpoint", flush=True)
    print(f"done in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Train the planner LM outside the server (same ``train`` as the job) for the benchmark.

    python tools/bench/planner_train.py --out /tmp/planner-bench --steps 150 --batch-size 4

Writes ``OUT/adapter`` (LoRA), ``OUT/loss.png`` and ``OUT/checkpoint.pt`` (rerunning resumes), prints progress.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from enginemind.config import from_dict
from enginemind.families.planner.config import PlannerConfig
from enginemind.families.planner.train import train
from enginemind.jobs.context import JobContext


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--examples", type=int, default=1500)
    ap.add_argument("--lora-layers", type=int, default=8)
    ap.add_argument("--threads", type=int, default=0)
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
                                    "lora_layers": a.lora_layers, "eval_examples": 0, "checkpoint_every": 10,
                                    "torch_threads": a.threads, "use_executions": False})
    train(JobContext("bench", out, sink, family="planner", progress_interval_s=0.0), cfg)
    print(f"done in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

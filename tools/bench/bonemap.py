"""Benchmark of the bonemap family: matcher, LM and auto on the development set (+ held-out synthetic rigs).

    nice -n 10 .venv/bin/python tools/bench/bonemap.py                      # matcher only (seconds)
    nice -n 10 .venv/bin/python tools/bench/bonemap.py --train-steps 60 --work-dir /tmp/bonemap_bench
    nice -n 10 .venv/bin/python tools/bench/bonemap.py --adapter /tmp/bonemap_bench/adapter

Prints markdown tables: per engine accuracy over bones with a counterpart, null precision, rigs with zero
errors, latency p50 / p99 per skeleton (CPU); per rig details; and bone accuracy on synthetic rigs made from
the naming conventions with a seed the training corpus never uses (``--synthetic-seed``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from enginemind.config import from_dict
from enginemind.families.bonemap.config import BonemapConfig, MapConfig
from enginemind.families.bonemap.corpus.devset import load_dev
from enginemind.families.bonemap.data import generate_rigs, label_rig
from enginemind.families.bonemap.evaluate import evaluate_dev, evaluate_examples
from enginemind.families.bonemap.predict import Mapper
from enginemind.families.bonemap.rig.targets import load_target


def train_adapter(work_dir: Path, steps: int, rigs: int, lr: float) -> Path:
    """Run the real training function with a local job context (no server)."""
    from enginemind.families.bonemap.train import train
    from enginemind.jobs.context import JobContext

    def sink(kind: str, payload: dict[str, Any]) -> None:
        if kind == "progress":
            print(f"  step {payload['step']}/{payload['total']} {payload['message']}", file=sys.stderr, flush=True)
        elif kind == "log":
            print(f"  {payload['message']}", file=sys.stderr, flush=True)

    cfg = from_dict(BonemapConfig, {"steps": steps, "rigs_per_convention": rigs, "lr": lr, "use_feedback": False,
                                    "checkpoint_every": max(1, steps // 4)})
    ctx = JobContext("bench", work_dir, sink, register=None, family="bonemap")
    t0 = time.perf_counter()
    train(ctx, cfg)
    print(f"  trained {steps} steps in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return work_dir / "adapter"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", default=None, help="development set folder (default $ENGINEMIND_BONEMAP_DEV)")
    ap.add_argument("--adapter", default="", help="trained LoRA adapter folder: also benchmark lm and auto")
    ap.add_argument("--base-lm", action="store_true", help="benchmark lm / auto with the untrained base model")
    ap.add_argument("--train-steps", type=int, default=0, help="train an adapter first (CPU: ~20-40 s per step)")
    ap.add_argument("--train-rigs", type=int, default=4, help="synthetic rigs per convention for training")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--work-dir", default="/tmp/bonemap_bench")
    ap.add_argument("--repeats", type=int, default=20, help="matcher timing repeats per rig")
    ap.add_argument("--synthetic-seed", type=int, default=12345)
    ap.add_argument("--synthetic-rigs", type=int, default=3, help="held-out synthetic rigs per convention")
    ap.add_argument("--lm-synthetic", type=int, default=0, help="also run the LM on N held-out synthetic rigs")
    args = ap.parse_args(argv)

    rigs = load_dev(args.dev)
    adapter = args.adapter
    if args.train_steps:
        adapter = str(train_adapter(Path(args.work_dir), args.train_steps, args.train_rigs, args.lr))
    load_target("ue5_manny")
    engines: list[tuple[str, str, Mapper]] = [("matcher", "matcher", Mapper(MapConfig()))]
    if adapter or args.base_lm:
        from enginemind.families.bonemap.model import BoneLM

        lm = BoneLM.load(adapter or None)
        label = "lm (LoRA)" if adapter else "lm (base, no adapter)"
        engines += [(label, "lm", Mapper(MapConfig(), lm=lm)), ("auto", "auto", Mapper(MapConfig(), lm=lm))]
    print(f"## bonemap\n\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs "
          f"(shared), python {platform.python_version()}; dev set: {len(rigs)} rigs, "
          f"{sum(len(r.mapping) for r in rigs)} bones; target ue5_manny\n")
    print("| engine | accuracy (bones with counterpart) | null precision | rigs with 0 errors | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    results = {}
    for label, engine, mapper in engines:
        res = evaluate_dev(mapper, rigs, engine, repeats=args.repeats if engine == "matcher" else 1)
        results[label] = res
        print(f"| {label} | {res['accuracy']:.4f} | {res['null_precision']:.4f} | {res['zero_error_rigs']}/"
              f"{res['rigs']} | {res['p50_ms']:.1f} | {res['p99_ms']:.1f} |", flush=True)
    print("\n| rig | bones | " + " | ".join(f"{label} acc / errors" for label, _, _ in engines) + " |")
    print("|---|---|" + "---|" * len(engines))
    for k, rig in enumerate(rigs):
        cells = [f"{results[label]['rows'][k]['accuracy']:.3f} / {len(results[label]['rows'][k]['errors'])}"
                 for label, _, _ in engines]
        print(f"| {rig.name} | {len(rig.mapping)} | " + " | ".join(cells) + " |")
    for label, _, _ in engines:
        errs = [(r["rig"], *e) for r in results[label]["rows"] for e in r["errors"]]
        if errs:
            print(f"\n{label} errors (rig, bone, predicted, expected): {errs[:20]}")
    target = load_target("ue5_manny")
    syn = [label_rig(bones, target) for _, bones in generate_rigs(args.synthetic_seed, args.synthetic_rigs)]
    print(f"\nHeld-out synthetic rigs ({len(syn)} rigs, 12 naming conventions, augmented, seed "
          f"{args.synthetic_seed}): bone accuracy incl. nulls")
    print("\n| engine | accuracy | bones |\n|---|---|---|")
    for label, engine, mapper in engines:
        subset = syn if engine == "matcher" else syn[: args.lm_synthetic]
        if not subset:
            continue
        r = evaluate_examples(mapper, subset, engine)
        print(f"| {label} | {r['accuracy']:.4f} | {int(r['bones'])} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

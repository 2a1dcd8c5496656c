"""Sweep of restore training settings at the step budget the 2-core CPU reaches in 30 minutes.

Each setting trains in its own process with the job's own ``train`` (fp32, batch 16, cosine over its step
count), then is scored on 48 held-out test frames with and without palette snapping. The step counts come
from measured CPU throughput (2 threads, idle machine, ~85 % of 30 min to leave room for evaluation): random
masks 53 frames/s, plain block masks 22.6 frames/s. Meant for a GPU (all settings at once in ~5 min on one
H200); on a CPU run one setting at a time with ``--only``.

    python tools/bench/restore_sweep.py --device cuda --out /tmp/sweep
    python tools/bench/restore_sweep.py --report /tmp/sweep/all.json --plot curves.png
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BASE = {"batch_size": 16, "warmup_steps": 100, "eval_every": 500, "eval_frames": 48, "checkpoint_every": 100_000,
        "threads": 1, "amp": False, "max_minutes": 0,
        "data": {"synthetic_episodes": 64, "synthetic_frames_per_episode": 64}}
MIX25 = {"block_share": 0.25, "block_extra_ratio": 0.0}
SETTINGS: dict[str, dict] = {
    # first round: plain block steps (the encoder sees ~210 tokens), learning rate, size, batch, bf16, EMA, state
    "mix50_lr1.5e-3": {"steps": 3000, "lr": 1.5e-3, "mask": {"block_share": 0.5, "block_extra_ratio": 0.0}},
    "mix25_lr1.5e-3": {"steps": 3800, "lr": 1.5e-3, "mask": MIX25},
    "mix25_lr6e-4": {"steps": 3800, "lr": 6e-4, "mask": MIX25},
    "mix25_lr3e-3": {"steps": 3800, "lr": 3e-3, "mask": MIX25},
    "mix25_b32": {"steps": 1900, "batch_size": 32, "lr": 2e-3, "mask": MIX25},
    "mix25_bf16": {"steps": 3800, "lr": 1.5e-3, "amp": True, "mask": MIX25},
    "mix25_state": {"steps": 3800, "lr": 1.5e-3, "use_state": True, "mask": MIX25},
    "mix25_ema": {"steps": 3800, "lr": 1.5e-3, "ema_decay": 0.998, "mask": MIX25},
    "w256_mix25": {"steps": 2950, "lr": 1.5e-3, "model": {"embed_dim": 256, "encoder_heads": 4}, "mask": MIX25},
    "dec192_mix25": {"steps": 3270, "lr": 1.5e-3, "model": {"decoder_dim": 192}, "mask": MIX25},
    "random_lr1.5e-3": {"steps": 5000, "lr": 1.5e-3, "mask": {"mode": "random"}},
    "random_lr3e-3": {"steps": 5000, "lr": 3e-3, "mask": {"mode": "random"}},
    # second round: block steps that also hide random patches (as cheap as random steps), lower rates
    "random_lr1e-3": {"steps": 5000, "lr": 1e-3, "mask": {"mode": "random"}},
    "random_lr7.5e-4": {"steps": 5000, "lr": 7.5e-4, "mask": {"mode": "random"}},
    "random_lr1.5e-3_s1": {"steps": 5000, "lr": 1.5e-3, "seed": 1, "mask": {"mode": "random"}},
    "mixbr25_x.6": {"steps": 5000, "lr": 1.5e-3, "mask": {"block_share": 0.25, "block_extra_ratio": 0.6}},
    "mixbr50_x.6": {"steps": 5000, "lr": 1.5e-3, "mask": {"block_share": 0.5, "block_extra_ratio": 0.6}},
    "mixbr25_x.6_lr1e-3": {"steps": 5000, "lr": 1e-3, "mask": {"block_share": 0.25, "block_extra_ratio": 0.6}},
    "mixbr25_x.4": {"steps": 4400, "lr": 1.5e-3, "mask": {"block_share": 0.25, "block_extra_ratio": 0.4}},
    "mix10": {"steps": 4600, "lr": 1.5e-3, "mask": {"block_share": 0.1, "block_extra_ratio": 0.0}},
}


def run_one(name: str, device: str, parts: Path) -> None:
    """Train one setting; write its validation curve and held-out test scores to ``parts/<name>.json``."""
    import torch

    from enginemind.config import from_dict
    from enginemind.families.restore.config import RestoreConfig
    from enginemind.families.restore.data import load_splits
    from enginemind.families.restore.evaluate import DEFAULT_SETTINGS, evaluate_methods
    from enginemind.families.restore.predict import Restorer, load_model
    from enginemind.families.restore.train import train
    from enginemind.jobs.context import JobContext

    torch.set_num_threads(1)
    cfg_d = {**BASE, **SETTINGS[name], "device": device}
    cfg = from_dict(RestoreConfig, cfg_d)
    work = parts / "work" / name
    log: dict = {"name": name, "config": cfg_d, "curve": [], "t0": time.time()}
    out = parts / f"{name}.json"

    def sink(kind: str, p: dict) -> None:
        if kind == "metric" and p["name"].startswith("val_"):
            log["curve"].append([p["step"], p["name"], p["value"], round(time.time() - log["t0"], 1)])
            out.write_text(json.dumps(log))
        elif kind == "log":
            print(name, p["message"], flush=True)

    registered: list = []
    ctx = JobContext(job_id=name, work_dir=work, sink=sink, family="restore",
                     register=lambda **kw: registered.append(kw) or {"version": len(registered)})
    train(ctx, cfg)
    log["train_s"] = time.time() - log["t0"]
    log["final"] = registered[-1]["metrics"] if registered else None
    frames, states = load_splits(cfg.data)["test"].spread(48)
    r = Restorer(model=load_model(work / "model"), device=device)
    methods = {"mae": lambda f, m, s: r.restore(f, m, s),
               "mae_no_snap": lambda f, m, s: r.restore(f, m, s, palette_snap=False)}
    log["test"] = evaluate_methods(methods, frames, states, DEFAULT_SETTINGS)
    out.write_text(json.dumps(log))


def report(path: Path) -> str:
    """Markdown table, best first: held-out masked PSNR per setting, with / without palette snapping."""
    rows = []
    for name, v in json.loads(path.read_text()).items():
        if v.get("test"):
            t = {(r["mask"], r["method"]): r["masked_psnr"] for r in v["test"]}
            rows.append((name, v["config"]["steps"], [t["patch75", "mae"], t["patch75", "mae_no_snap"],
                                                      t["patch90", "mae"], t["block64x96", "mae"],
                                                      t["block64x96", "mae_no_snap"]]))
    lines = ["| setting | steps | patch75 | patch75 no snap | patch90 | block64x96 | block64x96 no snap |",
             "|---|---|---|---|---|---|---|"]
    for name, steps, cells in sorted(rows, key=lambda r: -r[2][0]):
        lines.append(f"| {name} | {steps} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")
    return "\n".join(lines)


def plot(path: Path, png: Path) -> None:
    """Validation masked PSNR (75 % patches, palette-snapped) against step, one line per setting."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curves = {name: [(c[0], c[2]) for c in v["curve"] if c[1] == "val_patch75_masked_psnr"]
              for name, v in json.loads(path.read_text()).items()}
    fig, ax = plt.subplots(figsize=(9, 5.5))
    ax.set_prop_cycle(color=plt.get_cmap("tab20").colors)
    for name, pts in sorted(((n, p) for n, p in curves.items() if p), key=lambda kv: -max(y for _, y in kv[1])):
        chosen = name == "mixbr25_x.6_lr1e-3"  # the job's defaults
        ax.plot(*zip(*pts, strict=True), marker=".", label=name, lw=2.5 if chosen else 1)
    ax.set_xlabel("step (batch 16)")
    ax.set_ylabel("validation masked PSNR, 75 % patches (dB)")
    ax.set_title("restore settings at the 30-minute CPU step budget")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(png, dpi=110)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--device", default="cuda", help="cuda or cpu")
    ap.add_argument("--only", default="", help="comma list of settings (default: all)")
    ap.add_argument("--out", default="/tmp/restore_sweep", help="folder for all.json and the work folders")
    ap.add_argument("--deadline-s", type=float, default=3600.0, help="stop every run after this many seconds")
    ap.add_argument("--report", default="", help="print the table of an all.json and exit")
    ap.add_argument("--plot", default="", help="with --report: also draw the validation curves to this PNG")
    ap.add_argument("--one", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.report:
        print(report(Path(args.report)))
        if args.plot:
            plot(Path(args.report), Path(args.plot))
        return 0
    out = Path(args.out)
    if args.one:
        run_one(args.one, args.device, out / "parts")
        return 0
    (out / "parts").mkdir(parents=True, exist_ok=True)
    names = args.only.split(",") if args.only else list(SETTINGS)
    unknown = set(names) - set(SETTINGS)
    if unknown:
        ap.error(f"unknown settings {sorted(unknown)}; known: {', '.join(SETTINGS)}")
    deadline = time.time() + args.deadline_s
    procs = [subprocess.Popen([sys.executable, __file__, "--one", n, "--device", args.device, "--out", str(out)])
             for n in names]

    def merge() -> None:
        found = {f.stem: json.loads(f.read_text()) for f in sorted((out / "parts").glob("*.json"))}
        (out / "all.json").write_text(json.dumps(found))

    while any(p.poll() is None for p in procs) and time.time() < deadline:
        time.sleep(10)
        merge()
    for p in procs:
        p.kill()
    merge()
    print(report(out / "all.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

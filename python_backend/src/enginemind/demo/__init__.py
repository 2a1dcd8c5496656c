"""``enginemind demo``: start (or find) a backend, map a generated rig onto UE5 Manny and Unity Humanoid through
its Skeleton service (the flagship), then train a small model as a watched job and list the registry."""

from __future__ import annotations

import time
from pathlib import Path

from enginemind.client.paths import resolve_data_dir

STEPS = 3


def run_demo(data_dir_arg: str | None, keep_serving: bool = False, out: str | None = None) -> int:
    """Run the demo; outputs go to ``out`` (default ``<data dir>/demo``). Returns the exit code."""
    from rich.console import Console

    from enginemind.demo.backend import demo_backend
    from enginemind.demo.flagship import run_flagship
    from enginemind.demo.training import train_demo_model

    console = Console(highlight=False)
    data_dir = resolve_data_dir(data_dir_arg)
    data_dir.mkdir(parents=True, exist_ok=True)
    out_dir = Path(out) if out else data_dir / "demo"
    t0 = time.perf_counter()

    def header(i: int, text: str) -> None:
        console.rule(f"[bold][{i}/{STEPS}] {text}[/bold]  ({time.perf_counter() - t0:.1f}s)", align="left")

    def say(text: str) -> None:
        console.print(f"[cyan]>[/cyan] {text}")

    header(1, "backend")
    with demo_backend(data_dir, say, keep_serving) as client:
        hs = client.handshake()
        say(f"handshake: server {hs.server_version}, API {hs.server_api_version}, families {', '.join(hs.families)}")
        header(2, "bone mapping: a rig -> UE5 Manny and Unity Humanoid")
        run_flagship(client, out_dir, console, step=say)
        header(3, "training job: progress, checkpoints, registry")
        code = train_demo_model(client, data_dir)
        console.print(f"\ndone in {time.perf_counter() - t0:.1f}s. Next: enginemind --help | "
                      f"enginemind jobs list --data-dir {data_dir} | outputs in {out_dir}")
        return code

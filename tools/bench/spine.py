"""Spine benchmark: server start to SERVING, unary RPC latency, submit -> first progress, Watch events/s.

Usage: .venv/bin/python tools/bench/spine.py [--rounds 2000]
Prints a markdown table; copy it into docs/benchmarks.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from enginemind.client import Client


def _start(data_dir: Path) -> tuple[subprocess.Popen[bytes], float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(data_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with Client.from_data_dir(data_dir) as client:
                if client.health(timeout_s=0.5) == "SERVING":
                    return proc, time.perf_counter() - t0
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.02)
        if time.perf_counter() - t0 > 120:
            raise SystemExit("server did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    rows = []
    data_dir = Path(tempfile.mkdtemp(prefix="em-bench-"))
    try:
        proc, first = _start(data_dir)  # includes initdb of the embedded PostgreSQL
        _stop(proc)
        proc, cold = _start(data_dir)  # database files exist, PostgreSQL stopped: a normal cold start
        rows.append(("server start to SERVING, first ever (initdb)", f"{first:.2f} s"))
        rows.append(("server start to SERVING, cold (embedded DB)", f"{cold:.2f} s"))
        with Client.from_data_dir(data_dir) as client:
            for name, call in (("Handshake", client.handshake), ("Models.List", client.list_models)):
                for _ in range(50):
                    call()
                times = []
                for _ in range(args.rounds):
                    t = time.perf_counter()
                    call()
                    times.append((time.perf_counter() - t) * 1000)
                rows.append((f"{name} round trip p50 / p99", f"{_pct(times, 50):.3f} / {_pct(times, 99):.3f} ms"))
            lat = []
            for _ in range(5):
                time.sleep(8)  # an idle server: its worker has a warm spare runner ready
                t = time.perf_counter()
                job = client.submit_job("demo", {"steps": 200, "checkpoint_every": 100})
                for ev in client.watch_job(job.id):
                    if ev.WhichOneof("kind") == "progress":
                        lat.append((time.perf_counter() - t) * 1000)
                        break
                client.wait_job(job.id)
            rows.append(("job submit -> first progress event, idle server (median of 5)",
                         f"{statistics.median(lat):.0f} ms"))
            t = time.perf_counter()
            count = sum(1 for _ in client.watch_job(job.id))
            dt = time.perf_counter() - t
            rows.append((f"Watch replay of a finished job ({count} events)", f"{count / dt:,.0f} events/s"))
        _stop(proc)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"machine: {platform.processor() or platform.machine()}, {platform.platform()}, "
          f"Python {platform.python_version()}")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()

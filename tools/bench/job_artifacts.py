"""Job artifacts benchmark: Jobs.ListArtifacts and Jobs.GetArtifact latency and throughput on a real server.

A demo job writes loss.png (what the Unity Jobs tab shows); the file is then replaced on disk by larger random
files (the server serves whatever the announced name holds) to measure download throughput up to the cap.
Usage: .venv/bin/python tools/bench/job_artifacts.py [--rounds 200]
Prints a markdown table; copy it into docs/benchmarks.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
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


def _start(data_dir: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(data_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with Client.from_data_dir(data_dir) as client:
                if client.health(timeout_s=0.5) == "SERVING":
                    return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.05)
    raise SystemExit("server did not start")


def _timed(call, rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="em-bench-art-"))
    proc = _start(data_dir)
    rows = []
    try:
        with Client.from_data_dir(data_dir, timeout_s=120) as client:
            job = client.submit_job("demo", {"steps": 30, "checkpoint_every": 10})
            client.wait_job(job.id, timeout_s=300)
            png = data_dir / "jobs" / job.id / "loss.png"
            size = png.stat().st_size
            for call in (lambda: client.list_artifacts(job.id), lambda: client.get_artifact(job.id, "loss.png")):
                call()
            lst = _timed(lambda: client.list_artifacts(job.id), args.rounds)
            rows.append(("ListArtifacts, finished demo job, p50 / p90", f"{statistics.median(lst):.2f} / "
                         f"{statistics.quantiles(lst, n=10)[-1]:.2f} ms"))
            get = _timed(lambda: client.get_artifact(job.id, "loss.png"), args.rounds)
            rows.append((f"GetArtifact loss.png ({size / 1024:.0f} KiB), p50 / p90", f"{statistics.median(get):.2f} / "
                         f"{statistics.quantiles(get, n=10)[-1]:.2f} ms"))
            for mib in (16, 64):
                png.write_bytes(os.urandom(mib << 20))
                t = _timed(lambda: client.get_artifact(job.id, "loss.png"), 5)
                rows.append((f"GetArtifact {mib} MiB (sha256 on both sides), median of 5",
                             f"{statistics.median(t):.0f} ms = {mib / statistics.median(t) * 1000:.0f} MiB/s"))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()

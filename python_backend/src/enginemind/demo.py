"""``enginemind demo``: start a backend with its embedded database, train the demo model, show the registry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from enginemind.paths import resolve_data_dir

DEMO_CONFIG = {"steps": 400, "step_sleep_s": 0.01, "checkpoint_every": 100}


def _start_server(data_dir: Path) -> subprocess.Popen[bytes]:
    log = open(data_dir / "demo-server.log", "ab")
    return subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(data_dir)],
                            stdout=log, stderr=subprocess.STDOUT)


def _connect(data_dir: Path, proc: subprocess.Popen[bytes] | None, timeout_s: float = 60.0):  # type: ignore[no-untyped-def]
    from enginemind.client import Client, ClientError
    from enginemind.errors import NotFound

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            client = Client.from_data_dir(data_dir)
            client.wait_until_serving(timeout_s=5)
            return client
        except (NotFound, ClientError):
            server_log = data_dir / "demo-server.log"
            if proc is not None and proc.poll() is not None:
                raise SystemExit(f"the server exited (code {proc.returncode}); see {server_log}") from None
            if time.monotonic() > deadline:
                raise SystemExit(f"no server answered within {timeout_s:.0f}s; see {server_log}") from None
            time.sleep(0.2)


def run_demo(data_dir_arg: str | None, keep_serving: bool = False) -> int:
    from enginemind.client import Client
    from enginemind.watch import watch_job

    data_dir = resolve_data_dir(data_dir_arg)
    data_dir.mkdir(parents=True, exist_ok=True)
    proc = None
    try:
        with Client.from_data_dir(data_dir) as probe:
            probe.wait_until_serving(timeout_s=2)
        print(f"using the server already running for {data_dir}")
    except Exception:  # noqa: BLE001 - nothing running: start one
        print(f"starting the EngineMind backend (embedded PostgreSQL) in {data_dir} ...")
        t0 = time.perf_counter()
        proc = _start_server(data_dir)
        _connect(data_dir, proc).close()
        print(f"backend SERVING after {time.perf_counter() - t0:.1f}s")
    try:
        with _connect(data_dir, proc) as client:
            hs = client.handshake()
            families = ", ".join(hs.families)
            print(f"handshake: server {hs.server_version}, API {hs.server_api_version}, families {families}")
            job = client.submit_job("demo", DEMO_CONFIG)
            print(f"submitted demo job {job.id}: an MLP learns sin(3x) + 0.5x")
            code = watch_job(client, job.id, data_dir)
            print("\nmodels in the registry:")
            for v in client.list_models():
                metrics = ", ".join(f"{k}={val:.4g}" for k, val in sorted(v.metrics.items()))
                print(f"  {v.model} v{v.version}  {metrics}  artifacts: {', '.join(a.name for a in v.artifacts)}")
            print(f"\ntry:  enginemind --help   |   enginemind jobs list --data-dir {data_dir}")
            return code
    finally:
        if proc is not None and not keep_serving:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            print("backend stopped")
        elif proc is not None:
            print(f"backend still serving (pid {proc.pid}); stop it with: kill {proc.pid}")
            os._exit(0)

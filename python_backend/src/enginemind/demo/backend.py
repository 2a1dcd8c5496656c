"""The demo's backend: use the server already running for the data dir, or start one and stop it afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

LOG_NAME = "demo-server.log"


def _start_server(data_dir: Path) -> subprocess.Popen[bytes]:
    log = open(data_dir / LOG_NAME, "ab")
    return subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(data_dir)],
                            stdout=log, stderr=subprocess.STDOUT)


def connect(data_dir: Path, proc: subprocess.Popen[bytes] | None, timeout_s: float = 60.0) -> Any:
    """A SERVING ``Client`` for ``data_dir``; exits with the server log's path when none comes up in time."""
    from enginemind.client import Client, ClientError
    from enginemind.errors import NotFound

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            client = Client.from_data_dir(data_dir, client_name="enginemind-demo")
            client.wait_until_serving(timeout_s=5)
            return client
        except (NotFound, ClientError):
            server_log = data_dir / LOG_NAME
            if proc is not None and proc.poll() is not None:
                raise SystemExit(f"the server exited (code {proc.returncode}); see {server_log}") from None
            if time.monotonic() > deadline:
                raise SystemExit(f"no server answered within {timeout_s:.0f}s; see {server_log}") from None
            time.sleep(0.2)


def _running(data_dir: Path) -> bool:
    from enginemind.client import Client

    try:
        with Client.from_data_dir(data_dir) as probe:
            probe.wait_until_serving(timeout_s=2)
        return True
    except Exception:  # noqa: BLE001 - nothing (or nothing healthy) answers for this data dir
        return False


@contextmanager
def demo_backend(data_dir: Path, say: Callable[[str], None], keep_serving: bool = False) -> Iterator[Any]:
    """Yields a connected client; a server started here is stopped on exit unless ``keep_serving``."""
    proc = None
    if _running(data_dir):
        say(f"using the server already running for {data_dir}")
    else:
        say(f"starting the EngineMind backend (embedded PostgreSQL) in {data_dir} ...")
        t0 = time.perf_counter()
        proc = _start_server(data_dir)
        connect(data_dir, proc).close()
        say(f"backend SERVING after {time.perf_counter() - t0:.1f}s")
    try:
        with connect(data_dir, proc) as client:
            yield client
    finally:
        if proc is not None and not keep_serving:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            say("backend stopped")
        elif proc is not None:
            say(f"backend still serving (pid {proc.pid}); stop it with: kill {proc.pid}")
            sys.stdout.flush()
            os._exit(0)

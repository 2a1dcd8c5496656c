"""The embedded PostgreSQL: started by `serve` in the data dir, stopped on clean shutdown, even after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from enginemind.client import Client


def _start(data_dir: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "ENGINEMIND_DATABASE_URL"}
    (data_dir / "server.json").unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(data_dir)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while not (data_dir / "server.json").exists():
        assert proc.poll() is None and time.monotonic() < deadline, "embedded server did not start"
        time.sleep(0.05)
    with Client.from_data_dir(data_dir) as client:
        client.wait_until_serving(30)
        assert client.handshake().database == "embedded"
    return proc


@pytest.mark.slow
def test_embedded_database_survives_crash_and_stops_cleanly(tmp_path: Path) -> None:
    pid_file = tmp_path / "postgres" / "postmaster.pid"
    proc = _start(tmp_path)
    with Client.from_data_dir(tmp_path) as client:
        job = client.submit_job("demo", {"steps": 5})
        client.wait_job(job.id, timeout_s=120)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert pid_file.exists()  # PostgreSQL outlives a crashed server ...
    proc = _start(tmp_path)  # ... is joined by the next one, with the data intact
    with Client.from_data_dir(tmp_path) as client:
        assert client.get_job(job.id).id == job.id
        assert [v.model for v in client.list_models()] == ["demo-regressor"]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    assert not (tmp_path / "server.json").exists()
    deadline = time.monotonic() + 10
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_file.exists()  # and a clean shutdown stops it

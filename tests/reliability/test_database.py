"""The embedded PostgreSQL is supervised: killed, it comes back by itself; frozen, calls fail fast."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from enginemind.client import Client, ClientError


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[Path]:
    """A server with its own embedded PostgreSQL in ``tmp_path``; yields the data dir."""
    env = {k: v for k, v in os.environ.items() if k != "ENGINEMIND_DATABASE_URL"}
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(tmp_path)], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while not (tmp_path / "server.json").exists():
        assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
        time.sleep(0.05)
    with Client.from_data_dir(tmp_path) as client:
        client.wait_until_serving(60)
    yield tmp_path
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
    _signal_postgres(tmp_path, signal.SIGCONT)


def _postmaster(data_dir: Path) -> int:
    return int((data_dir / "postgres" / "postmaster.pid").read_text().splitlines()[0])


def _signal_postgres(data_dir: Path, sig: int) -> None:
    """``sig`` to the postmaster the server started and to all its children."""
    try:
        top = _postmaster(data_dir)
    except (OSError, ValueError, IndexError):
        return
    pids = [top]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == top:
                pids.append(int(entry.name))
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _until(what: str, check, timeout_s: float) -> float:  # type: ignore[no-untyped-def]
    t0 = time.monotonic()
    while not check():
        assert time.monotonic() - t0 < timeout_s, f"{what} not within {timeout_s}s"
        time.sleep(0.1)
    return time.monotonic() - t0


def _lists(client: Client) -> bool:
    try:
        client.list_jobs()
        return True
    except ClientError:
        return False


@pytest.mark.slow
def test_killed_postmaster_is_restarted_and_health_says_so(embedded: Path) -> None:
    with Client.from_data_dir(embedded, timeout_s=5) as client:
        job = client.submit_job("demo", {"steps": 5})
        client.wait_job(job.id, timeout_s=120)
        old = _postmaster(embedded)
        os.kill(old, signal.SIGKILL)
        _until("Health NOT_SERVING", lambda: client.health() == "NOT_SERVING", 10)
        took = _until("recovery", lambda: client.health() == "SERVING" and _lists(client), 45)
        assert _postmaster(embedded) != old
        assert client.get_job(job.id).id == job.id  # same data
        print(f"recovered {took:.1f}s after the postmaster was killed")


@pytest.mark.slow
def test_frozen_database_gives_unavailable_in_seconds(embedded: Path) -> None:
    with Client.from_data_dir(embedded, timeout_s=30) as client:
        assert _lists(client)
        _signal_postgres(embedded, signal.SIGSTOP)
        try:
            t0 = time.monotonic()
            with pytest.raises(ClientError) as err:
                client.list_jobs()
            took = time.monotonic() - t0
            assert err.value.code == grpc.StatusCode.UNAVAILABLE and took < 10, (err.value.code, took)
            assert client.health() == "NOT_SERVING"
        finally:
            _signal_postgres(embedded, signal.SIGCONT)
        _until("recovery", lambda: client.health() == "SERVING" and _lists(client), 30)

"""Server lifecycle: discovery file, single server per data dir, bind safety, database failures, restarts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import grpc
import pytest

from enginemind.client import ClientError
from enginemind.v1 import jobs_pb2


def _serve(data_dir: Path, *args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enginemind", "serve", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})


def test_discovery_written_and_removed_on_clean_shutdown(backend) -> None:
    info = json.loads((backend.data_dir / "server.json").read_text())
    assert info["pid"] == backend.proc.pid and info["host"] == "127.0.0.1" and info["port"] > 0
    assert backend.stop(signal.SIGTERM) == 0
    assert not (backend.data_dir / "server.json").exists()


def test_second_server_on_same_data_dir_refuses(backend) -> None:
    result = _serve(backend.data_dir, env={"ENGINEMIND_DATABASE_URL": backend.database_url})
    assert result.returncode != 0
    assert "already using data dir" in result.stderr
    with backend.client() as client:  # the first one is untouched
        assert client.health() == "SERVING"


def test_non_loopback_bind_needs_explicit_flag(tmp_path: Path, database_url: str) -> None:
    result = _serve(tmp_path, "--host", "0.0.0.0", env={"ENGINEMIND_DATABASE_URL": database_url})
    assert result.returncode != 0 and "--allow-remote" in result.stderr


def test_database_down_at_start_names_url_without_password(tmp_path: Path) -> None:
    url = "postgresql://artist:s3cret@127.0.0.1:1/enginemind"
    result = _serve(tmp_path, env={"ENGINEMIND_DATABASE_URL": url})
    assert result.returncode != 0
    assert "127.0.0.1:1" in result.stderr and "s3cret" not in result.stderr
    assert "ENGINEMIND_DATABASE_URL" in result.stderr


def _wait_step(client, job_id: str, step: int) -> None:  # type: ignore[no-untyped-def]
    for ev in client.watch_job(job_id):
        if ev.WhichOneof("kind") == "progress" and ev.progress.step >= step:
            return


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_job_resumes_from_checkpoint_after_server_dies(backend_factory, how: int) -> None:
    backend = backend_factory().start()
    config = {"steps": 400, "step_sleep_s": 0.01, "checkpoint_every": 20}
    with backend.client() as client:
        job = client.submit_job("demo", config)
        _wait_step(client, job.id, 60)
    backend.stop(how)
    ckpt = backend.data_dir / "jobs" / job.id / "checkpoint.pt"
    deadline = time.monotonic() + 10
    while not ckpt.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ckpt.exists()
    time.sleep(1.5)  # the orphaned runner notices its worker is gone and stops
    backend.start()
    with backend.client() as client:
        final = client.wait_job(job.id, timeout_s=120)
        assert final.state == jobs_pb2.JOB_STATE_SUCCEEDED, backend.log()
        assert final.attempts == 2
        events = list(client.watch_job(job.id))
        logs = [e.log.message for e in events if e.WhichOneof("kind") == "log"]
        assert any(m.startswith("resumed at step") and int(m.split()[-1]) >= 20 for m in logs), logs
        first_progress_after_resume = [e.progress.step for e in events if e.WhichOneof("kind") == "progress"]
        assert max(first_progress_after_resume) == 400


class _OwnPostgres:
    """A PostgreSQL in its own process, so a test can stop and restart it under a running server."""

    SCRIPT = ("import pgserver, signal, sys, time; signal.signal(signal.SIGINT, signal.default_int_handler); "
              "s = pgserver.get_server(sys.argv[1], cleanup_mode='stop'); "
              "print(s.get_uri(), flush=True)\ntry:\n    time.sleep(3600)\nexcept KeyboardInterrupt:\n    pass")
    """(SIGINT's handler is set explicitly: a process started from a background job inherits SIGINT ignored, and
    Python then installs no KeyboardInterrupt handler, so ``stop`` waited out its timeout with PostgreSQL running.)"""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> str:
        self.proc = subprocess.Popen([sys.executable, "-c", self.SCRIPT, str(self.pgdata)], stdout=subprocess.PIPE,
                                     text=True)
        return self.proc.stdout.readline().strip()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # atexit in pgserver stops PostgreSQL
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:  # never leave a PostgreSQL running behind a failed test
                self.proc.kill()
                self.proc.wait()
                pid_file = self.pgdata / "postmaster.pid"
                if pid_file.exists():  # SIGQUIT is PostgreSQL's immediate shutdown (docs: "Shutting Down the Server")
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGQUIT)
                raise


@pytest.mark.slow
def test_database_outage_mid_run_then_recovery(tmp_path: Path, backend_factory) -> None:
    pg = _OwnPostgres(tmp_path / "own-pg")
    url = pg.start()
    backend = backend_factory(data_dir=tmp_path / "data")
    backend.database_url = url
    backend.start()
    try:
        with backend.client(timeout_s=5) as client:
            client.submit_job("demo", {"steps": 1})
            pg.stop()  # PostgreSQL goes away under the running server
            with pytest.raises(ClientError) as err:
                client.list_jobs()
            assert err.value.code == grpc.StatusCode.UNAVAILABLE
            assert "database" in err.value.details
            deadline = time.monotonic() + 10  # the process stays up, and Health says the database is away
            while client.health() != "NOT_SERVING":
                assert time.monotonic() < deadline, "Health still SERVING without a database"
                time.sleep(0.2)
            assert pg.start() == url
            deadline = time.monotonic() + 30
            while True:
                try:
                    jobs = client.list_jobs().jobs
                    break
                except ClientError:
                    assert time.monotonic() < deadline, "server did not recover after the database came back"
                    time.sleep(0.5)
            assert len(jobs) == 1
            client.wait_until_serving(10)
            assert client.wait_job(jobs[0].id, timeout_s=60).state == jobs_pb2.JOB_STATE_SUCCEEDED, backend.log()
    finally:
        backend.stop()
        pg.stop()

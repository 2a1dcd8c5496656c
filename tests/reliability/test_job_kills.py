"""kill -9 of the server and of runners, killed database backends: jobs run at most once and still finish."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from enginemind.v1 import jobs_pb2
from tests.reliability.helpers import group_alive, messages, runner_group, versions, wait_end, wait_step


@pytest.mark.slow
def test_restarted_server_stops_the_old_runner_before_running_the_job_again(backend_factory,
                                                                            db_conn: psycopg.Connection) -> None:
    backend = backend_factory().start()
    with backend.client() as client:  # each step sleeps 5 s: a runner that outlives its server is easy to catch
        job = client.submit_job("demo", {"steps": 2, "step_sleep_s": 5.0, "checkpoint_every": 1})
        wait_step(client, job.id, 1)
    pgid = runner_group(db_conn, job.id)
    gone_at: list[float] = []

    def watch() -> None:
        while group_alive(pgid):
            time.sleep(0.01)
        gone_at.append(time.time())

    watcher = threading.Thread(target=watch)
    watcher.start()
    backend.stop(signal.SIGKILL)
    backend.start()  # at once
    with backend.client() as client:
        final = client.wait_job(job.id, timeout_s=120)
        watcher.join(30)
        assert final.state == jobs_pb2.JOB_STATE_SUCCEEDED, backend.log()
        assert final.attempts == 2 and final.crashes == 0  # the old runner was stopped, not lost: no crash
        second = db_conn.execute(
            "SELECT extract(epoch FROM time)::float8 AS t FROM job_events WHERE job_id = %s AND kind = 'state' "
            "AND payload->>'message' LIKE '%%attempt 2%%'", (job.id,)).fetchone()["t"]
        history = [(round(r["t"] - second, 2), r["payload"].get("message")) for r in db_conn.execute(
            "SELECT extract(epoch FROM time)::float8 AS t, payload FROM job_events WHERE job_id = %s AND kind "
            "IN ('state', 'log') ORDER BY seq", (job.id,)).fetchall()]
        assert gone_at and gone_at[0] <= second + 0.02, (
            f"attempt 2 started {gone_at[0] - second:.2f}s too early: {history}\n{backend.log()}")
        assert any("checkpoint" in m and "stopped" in m for m in messages(client, job.id))
    assert versions(db_conn, job.id) == 1


def test_killed_database_backends_do_not_fail_a_finished_job(backend, db_conn: psycopg.Connection) -> None:
    with backend.client() as client:
        job = client.submit_job("demo", {"steps": 60, "step_sleep_s": 0.03})
        wait_step(client, job.id, 5)
        for _ in range(3):  # every connection of the test database but ours, a few times during the run
            db_conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            time.sleep(0.4)
        final = wait_end(client, job.id)
        assert final.state == jobs_pb2.JOB_STATE_SUCCEEDED, final.error or backend.log()
        assert final.attempts == 1
    assert versions(db_conn, job.id) == 1


def test_sigkilled_runner_is_retried_from_its_checkpoint(backend, db_conn: psycopg.Connection) -> None:
    with backend.client() as client:
        job = client.submit_job("demo", {"steps": 60, "step_sleep_s": 0.05, "checkpoint_every": 10})
        wait_step(client, job.id, 25)
        pgid = runner_group(db_conn, job.id)
        assert job.id in open(f"/proc/{pgid}/cmdline").read()  # ps shows which job a runner runs
        os.killpg(pgid, signal.SIGKILL)  # what the OOM killer does
        final = client.wait_job(job.id, timeout_s=120)
        assert final.state == jobs_pb2.JOB_STATE_SUCCEEDED, final.error or backend.log()
        assert final.attempts == 2 and final.crashes == 1
        text = messages(client, job.id)
        assert any("killed by SIGKILL (crash 1 of 3)" in m for m in text), text
        assert any(m.startswith("resumed at step") and int(m.split()[-1]) >= 20 for m in text), text
    assert versions(db_conn, job.id) == 1


def test_user_retries_a_failed_job_from_its_checkpoint(backend, db_conn: psycopg.Connection) -> None:
    with backend.client() as client:
        job = client.submit_job("demo", {"steps": 60, "step_sleep_s": 0.05, "checkpoint_every": 10})
        db_conn.execute("UPDATE jobs SET max_attempts = 1 WHERE id = %s", (job.id,))
        wait_step(client, job.id, 25)
        os.killpg(runner_group(db_conn, job.id), signal.SIGKILL)
        failed = client.wait_job(job.id, timeout_s=60)
        assert failed.state == jobs_pb2.JOB_STATE_FAILED and "jobs retry" in failed.error
        cli = subprocess.run([sys.executable, "-m", "enginemind", "jobs", "retry", job.id, "--data-dir",
                              str(backend.data_dir)], capture_output=True, text=True, timeout=60)
        assert cli.returncode == 0 and "resumes from its last checkpoint" in cli.stdout, cli.stderr
        final = client.wait_job(job.id, timeout_s=120)
        assert final.state == jobs_pb2.JOB_STATE_SUCCEEDED and final.error == ""
        assert any(m.startswith("resumed at step") for m in messages(client, job.id))

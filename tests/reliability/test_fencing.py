"""Queue-level guarantees: fenced writes, crash counting, user retry, nproc checks, idempotent registration."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from enginemind.errors import FailedPrecondition
from enginemind.jobs import store
from enginemind.jobs.runner_db import RunnerDb, register_once
from enginemind.jobs.store import StaleAttempt


def _take_over(conn: psycopg.Connection, job_id: str, worker: str) -> dict:
    conn.execute("UPDATE jobs SET heartbeat_at = now() - interval '1 hour' WHERE id = %s", (job_id,))
    return store.claim(conn, worker, "host-b", 2)


def test_stale_attempt_cannot_write(db_conn: psycopg.Connection) -> None:
    job = store.submit(db_conn, "demo", {})
    first = store.claim(db_conn, "w1", "host-a", 1)
    assert first["attempts"] == 1
    store.add_event(db_conn, job["id"], "log", {"message": "from attempt 1"}, attempt=1)
    second = _take_over(db_conn, job["id"], "w2")
    assert second["attempts"] == 2
    for write in (lambda: store.add_event(db_conn, job["id"], "progress", {"step": 9, "total": 10}, attempt=1),
                  lambda: store.finish(db_conn, job["id"], "succeeded", attempt=1),
                  lambda: store.record_crash(db_conn, job["id"], 1, "late")):
        with pytest.raises(StaleAttempt):
            write()
    assert store.get(db_conn, job["id"])["step"] == 0  # the stale progress did not land
    assert store.heartbeat(db_conn, "w1", [job["id"]]) == ([], [job["id"]])  # w1 learns the job is not its own
    store.add_event(db_conn, job["id"], "log", {"message": "from attempt 2"}, attempt=2)
    assert store.finish(db_conn, job["id"], "succeeded", attempt=2)["state"] == "succeeded"


def test_graceful_requeues_do_not_count_and_crashes_do(db_conn: psycopg.Connection) -> None:
    job = store.submit(db_conn, "demo", {})
    for attempt in (1, 2, 3, 4):  # four graceful restarts: not failures
        assert store.claim(db_conn, "w", "h", 1)["attempts"] == attempt
        store.finish(db_conn, job["id"], "queued", "worker stopping", attempt=attempt)
    assert store.get(db_conn, job["id"])["crashes"] == 0
    for attempt, crashes in ((5, 1), (6, 2)):
        store.claim(db_conn, "w", "h", 1)
        row = store.record_crash(db_conn, job["id"], attempt, "runner killed by SIGKILL")
        assert row["state"] == "queued" and row["crashes"] == crashes
    store.claim(db_conn, "w", "h", 1)
    row = store.record_crash(db_conn, job["id"], 7, "runner killed by SIGKILL")
    assert row["state"] == "failed" and "crashed 3 times" in row["error"]


def test_user_retry_of_failed_job(db_conn: psycopg.Connection) -> None:
    job = store.submit(db_conn, "demo", {})
    store.claim(db_conn, "w", "h", 1)
    with pytest.raises(FailedPrecondition, match="only failed or cancelled"):
        store.retry(db_conn, job["id"])
    db_conn.execute("UPDATE jobs SET max_attempts = 1 WHERE id = %s", (job["id"],))
    assert store.record_crash(db_conn, job["id"], 1, "runner killed by SIGKILL")["state"] == "failed"
    row = store.retry(db_conn, job["id"])
    assert row["state"] == "queued" and row["crashes"] == 0 and row["error"] is None
    assert store.claim(db_conn, "w", "h", 1)["attempts"] == 2


def test_nproc_beyond_every_live_worker_is_refused(db_conn: psycopg.Connection) -> None:
    assert store.submit(db_conn, "demo", {}, nproc=8)["state"] == "queued"  # no worker yet: it may come later
    store.worker_beat(db_conn, "w-small", "h", 1, 2)
    store.worker_beat(db_conn, "w-big", "h", 2, 4)
    assert store.submit(db_conn, "demo", {}, nproc=4)["nproc"] == 4
    with pytest.raises(FailedPrecondition, match="largest live worker has 4"):
        store.submit(db_conn, "demo", {}, nproc=5)
    store.worker_gone(db_conn, "w-big")
    with pytest.raises(FailedPrecondition, match="has 2"):
        store.submit(db_conn, "demo", {}, nproc=3)


def test_registration_is_fenced_and_once_per_job(db_conn: psycopg.Connection, tmp_path: Path) -> None:
    job = store.submit(db_conn, "demo", {})
    store.claim(db_conn, "w", "h", 1)
    weights = tmp_path / "w.bin"
    weights.write_bytes(b"weights")
    kwargs = {"name": "fenced-model", "job_id": job["id"], "files": {"w.bin": weights}}
    first = register_once(db_conn, tmp_path / "artifacts", 1, **kwargs)
    again = register_once(db_conn, tmp_path / "artifacts", 1, **kwargs)  # a retried call after a lost commit
    assert first["version"] == again["version"] == 1
    assert db_conn.execute("SELECT count(*) AS n FROM model_versions").fetchone()["n"] == 1
    _take_over(db_conn, job["id"], "w2")
    with pytest.raises(StaleAttempt):
        register_once(db_conn, tmp_path / "artifacts", 1, **{**kwargs, "name": "other-model"})


def test_runner_db_reconnects_after_its_backend_is_killed(database_url: str, db_conn: psycopg.Connection) -> None:
    job = store.submit(db_conn, "demo", {})
    store.claim(db_conn, "w", "h", 1)
    db = RunnerDb(database_url, job["id"], 1, patience_s=20)
    db.event("log", {"message": "before"})
    killed = db_conn.execute(
        "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name LIKE "
        "'enginemind-runner%%' AND datname = current_database()").fetchone()["n"]
    assert killed == 1
    db.event("log", {"message": "after"})
    assert db.call(store.get, job["id"])["id"] == job["id"]
    logs = [r["payload"]["message"] for r in store.events_since(db_conn, job["id"]) if r["kind"] == "log"]
    assert logs == ["before", "after"]

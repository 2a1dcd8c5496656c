"""The job queue in PostgreSQL: submit, claim (FOR UPDATE SKIP LOCKED), heartbeat, finish, events.

Plain functions over a psycopg connection (autocommit, dict rows), shared by the server, the workers,
the job runner and the CLI. Events are rows in ``job_events`` announced with ``NOTIFY em_job_events``.
"""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from enginemind.db.listen import EVENTS_CHANNEL, JOBS_CHANNEL
from enginemind.errors import FailedPrecondition, InvalidInput, NotFound

STATES = ("queued", "running", "succeeded", "failed", "cancelled")
TERMINAL = ("succeeded", "failed", "cancelled")
LEASE_S = 30.0
"""A running job whose worker has not sent a heartbeat for this long is taken back into the queue."""


def new_job_id() -> str:
    return "j-" + uuid.uuid4().hex[:16]


def submit(conn: psycopg.Connection, family: str, config: dict[str, Any], nproc: int = 1) -> dict[str, Any]:
    """Insert a queued job and its first event; wakes the workers."""
    if nproc < 1 or nproc > 64:
        raise InvalidInput(f"nproc must be between 1 and 64, got {nproc}")
    job_id = new_job_id()
    with conn.transaction():
        row = conn.execute(
            "INSERT INTO jobs (id, family, config, nproc) VALUES (%s, %s, %s, %s) RETURNING *",
            (job_id, family, Jsonb(config), nproc),
        ).fetchone()
        add_event(conn, job_id, "state", {"state": "queued", "message": "submitted"})
        conn.execute("SELECT pg_notify(%s, %s)", (JOBS_CHANNEL, job_id))
    return row


def get(conn: psycopg.Connection, job_id: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM jobs WHERE id = %s", (job_id,)).fetchone()
    if row is None:
        raise NotFound(f"no job '{job_id}'; list jobs with `enginemind jobs list`")
    return row


def list_jobs(
    conn: psycopg.Connection, *, state: str = "", family: str = "", limit: int = 50, cursor: str = ""
) -> tuple[list[dict[str, Any]], str]:
    """Newest first; ``cursor`` is the opaque token returned by the previous page ('' on the last page)."""
    if state and state not in STATES:
        raise InvalidInput(f"unknown job state '{state}'; one of {', '.join(STATES)}")
    limit = max(1, min(limit or 50, 500))
    where, params = ["TRUE"], []
    if state:
        where.append("state = %s")
        params.append(state)
    if family:
        where.append("family = %s")
        params.append(family)
    if cursor:
        created, _, last_id = cursor.partition("|")
        try:
            float(created)
        except ValueError:
            raise InvalidInput("malformed page token; start again without one") from None
        where.append("(extract(epoch FROM created_at), id) < (%s::double precision, %s)")
        params += [created, last_id]
    rows = conn.execute(
        f"SELECT *, extract(epoch FROM created_at)::double precision AS created_epoch FROM jobs "
        f"WHERE {' AND '.join(where)} ORDER BY created_at DESC, id DESC LIMIT %s",
        (*params, limit + 1),
    ).fetchall()
    next_token = ""
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_token = f"{last['created_epoch']!r}|{last['id']}"
    return rows, next_token


def request_cancel(conn: psycopg.Connection, job_id: str) -> dict[str, Any]:
    """Cancel a queued job at once; ask a running one to stop (its worker signals it)."""
    with conn.transaction():
        row = conn.execute("SELECT * FROM jobs WHERE id = %s FOR UPDATE", (job_id,)).fetchone()
        if row is None:
            raise NotFound(f"no job '{job_id}'")
        if row["state"] in TERMINAL:
            raise FailedPrecondition(f"job {job_id} already ended ({row['state']}); nothing to cancel")
        if row["state"] == "queued":
            row = _set_state(conn, job_id, "cancelled", "cancelled before it started")
        else:
            row = conn.execute(
                "UPDATE jobs SET cancel_requested = true WHERE id = %s RETURNING *", (job_id,)
            ).fetchone()
            add_event(conn, job_id, "log", {"level": "info", "message": "cancel requested"})
        conn.execute("SELECT pg_notify(%s, %s)", (JOBS_CHANNEL, job_id))
    return row


def claim(
    conn: psycopg.Connection, worker: str, host: str, pid: int, free_slots: int = 1
) -> dict[str, Any] | None:
    """Take the oldest queued job that fits in ``free_slots``, or a running one whose worker went silent."""
    with conn.transaction():
        row = conn.execute(
            "SELECT id, state, attempts, max_attempts FROM jobs WHERE nproc <= %s AND (state = 'queued' "
            "   OR (state = 'running' AND heartbeat_at < clock_timestamp() - make_interval(secs => %s))) "
            "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
            (free_slots, LEASE_S),
        ).fetchone()
        if row is None:
            return None
        if row["state"] == "running":
            if row["attempts"] >= row["max_attempts"]:
                _set_state(conn, row["id"], "failed", "worker died", error=f"its worker died {row['attempts']} times")
                return None
            add_event(conn, row["id"], "log", {"level": "warning", "message": "worker lease expired; taking over"})
        job = conn.execute(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = %s, worker_host = %s, "
            "worker_pid = %s, started_at = coalesce(started_at, clock_timestamp()), "
            "heartbeat_at = clock_timestamp(), error = NULL WHERE id = %s RETURNING *",
            (worker, host, pid, row["id"]),
        ).fetchone()
        message = f"started on {worker} (attempt {job['attempts']})"
        add_event(conn, job["id"], "state", {"state": "running", "message": message})
    return job


def heartbeat(conn: psycopg.Connection, worker: str, job_ids: list[str]) -> list[str]:
    """Refresh the lease of ``job_ids``; returns those among them with a cancel request."""
    if not job_ids:
        return []
    rows = conn.execute(
        "UPDATE jobs SET heartbeat_at = clock_timestamp() WHERE id = ANY(%s) AND worker = %s AND state = 'running' "
        "RETURNING id, cancel_requested",
        (job_ids, worker),
    ).fetchall()
    return [r["id"] for r in rows if r["cancel_requested"]]


def finish(conn: psycopg.Connection, job_id: str, state: str, message: str = "", error: str = "") -> dict[str, Any]:
    """Move a running job to a terminal state (or back to queued) with an event."""
    with conn.transaction():
        return _set_state(conn, job_id, state, message, error=error)


def _set_state(conn: psycopg.Connection, job_id: str, state: str, message: str, error: str = "") -> dict[str, Any]:
    if state not in STATES:
        raise InvalidInput(f"unknown job state '{state}'")
    finished = state in TERMINAL
    row = conn.execute(
        "UPDATE jobs SET state = %s, error = %s, "
        "finished_at = CASE WHEN %s THEN clock_timestamp() ELSE NULL END, "
        "worker = CASE WHEN %s = 'queued' THEN NULL ELSE worker END, "
        "cancel_requested = CASE WHEN %s = 'queued' THEN false ELSE cancel_requested END "
        "WHERE id = %s RETURNING *",
        (state, error or None, finished, state, state, job_id),
    ).fetchone()
    if row is None:
        raise NotFound(f"no job '{job_id}'")
    payload = {"state": state, "message": message}
    if error:
        payload["error"] = error
    add_event(conn, job_id, "state", payload)
    return row


def add_event(conn: psycopg.Connection, job_id: str, kind: str, payload: dict[str, Any]) -> int:
    """Append one event and announce it; progress events also update the job's step/total."""
    seq = conn.execute(
        "INSERT INTO job_events (job_id, kind, payload) VALUES (%s, %s, %s) RETURNING seq",
        (job_id, kind, Jsonb(payload)),
    ).fetchone()["seq"]
    if kind == "progress":
        conn.execute(
            "UPDATE jobs SET step = %s, total = %s WHERE id = %s",
            (int(payload.get("step", 0)), int(payload.get("total", 0)), job_id),
        )
    conn.execute("SELECT pg_notify(%s, %s)", (EVENTS_CHANNEL, job_id))
    return seq


def events_since(conn: psycopg.Connection, job_id: str, after_seq: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
    return conn.execute(
        "SELECT seq, job_id, extract(epoch FROM time)::double precision AS time, kind, payload "
        "FROM job_events WHERE job_id = %s AND seq > %s ORDER BY seq LIMIT %s",
        (job_id, after_seq, limit),
    ).fetchall()


def orphans_on_host(conn: psycopg.Connection, host: str) -> list[dict[str, Any]]:
    """Running jobs recorded on ``host`` (the caller checks whether their worker process still lives)."""
    return conn.execute(
        "SELECT id, worker, worker_pid, attempts, max_attempts FROM jobs WHERE state = 'running' AND worker_host = %s",
        (host,),
    ).fetchall()

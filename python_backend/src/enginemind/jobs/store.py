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
MAX_NPROC = 64
"""Most processes one job may ask for."""


class StaleAttempt(FailedPrecondition):
    """A runner of an attempt that no longer owns its job tried to write (it must stop at once)."""


def new_job_id() -> str:
    return "j-" + uuid.uuid4().hex[:16]


def submit(conn: psycopg.Connection, family: str, config: dict[str, Any], nproc: int = 1) -> dict[str, Any]:
    """Insert a queued job and its first event; wakes the workers.

    An ``nproc`` larger than every live worker's slots is refused instead of queueing forever.
    """
    if nproc < 1 or nproc > MAX_NPROC:
        raise InvalidInput(f"nproc must be between 1 and {MAX_NPROC}, got {nproc}")
    top = largest_worker(conn)
    if top is not None and nproc > top:
        raise FailedPrecondition(
            f"nproc {nproc} needs {nproc} slots but the largest live worker has {top}; lower nproc or start "
            f"a worker with `enginemind worker --slots {nproc}`"
        )
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
    """Take the oldest queued job that fits in ``free_slots``, or a running one whose worker went silent.

    The returned row's ``attempts`` is the new attempt number: the fencing token its runner presents on
    every write. Taking over an expired lease counts as a crash of the previous attempt.
    """
    with conn.transaction():
        row = conn.execute(
            "SELECT id, state, attempts, crashes, max_attempts, runner_pgid, worker_host FROM jobs "
            "WHERE nproc <= %s AND (state = 'queued' "
            "   OR (state = 'running' AND heartbeat_at < clock_timestamp() - make_interval(secs => %s))) "
            "ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
            (free_slots, LEASE_S),
        ).fetchone()
        if row is None:
            return None
        if row["state"] == "running":
            crashes = row["crashes"] + 1
            conn.execute("UPDATE jobs SET crashes = %s WHERE id = %s", (crashes, row["id"]))
            if crashes >= row["max_attempts"]:
                _set_state(conn, row["id"], "failed", "worker lost", error=_crash_error(row["id"], crashes,
                                                                                     "its worker went silent"))
                return None
            add_event(conn, row["id"], "log", {"level": "warning", "message": "worker lease expired; taking over"})
        job = conn.execute(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = %s, worker_host = %s, "
            "worker_pid = %s, runner_pgid = NULL, started_at = coalesce(started_at, clock_timestamp()), "
            "heartbeat_at = clock_timestamp(), error = NULL WHERE id = %s RETURNING *",
            (worker, host, pid, row["id"]),
        ).fetchone()
        message = f"started on {worker} (attempt {job['attempts']})"
        add_event(conn, job["id"], "state", {"state": "running", "message": message})
    # the previous attempt's runner: the worker makes sure it is gone before starting this one
    return {**job, "previous_pgid": row["runner_pgid"], "previous_host": row["worker_host"]}


def heartbeat(conn: psycopg.Connection, worker: str, job_ids: list[str]) -> tuple[list[str], list[str]]:
    """Refresh the lease of ``job_ids``; returns (those with a cancel request, those no longer ours).

    A job is no longer ours when another worker took it over after our lease expired: its runner must go.
    """
    if not job_ids:
        return [], []
    rows = conn.execute(
        "UPDATE jobs SET heartbeat_at = clock_timestamp() WHERE id = ANY(%s) AND worker = %s AND state = 'running' "
        "RETURNING id, cancel_requested",
        (job_ids, worker),
    ).fetchall()
    ours = {r["id"] for r in rows}
    return [r["id"] for r in rows if r["cancel_requested"]], [j for j in job_ids if j not in ours]


def fence(conn: psycopg.Connection, job_id: str, attempt: int) -> None:
    """Check that ``attempt`` is the job's running attempt, holding a share lock on the row until commit.

    Call inside a transaction: the lock keeps a takeover (which updates the row) from slipping in between
    the check and the write it guards. Raises ``StaleAttempt`` otherwise.
    """
    row = conn.execute("SELECT state, attempts FROM jobs WHERE id = %s FOR SHARE", (job_id,)).fetchone()
    if row is None or row["state"] != "running" or row["attempts"] != attempt:
        now = "gone" if row is None else f"{row['state']}, attempt {row['attempts']}"
        raise StaleAttempt(f"job {job_id} attempt {attempt} is stale (the job is {now}); this runner must stop")


def set_runner(conn: psycopg.Connection, job_id: str, attempt: int, pgid: int) -> bool:
    """Record the process group of ``attempt``'s runner (killed or waited for before any requeue)."""
    row = conn.execute(
        "UPDATE jobs SET runner_pgid = %s WHERE id = %s AND attempts = %s AND state = 'running' RETURNING id",
        (pgid, job_id, attempt),
    ).fetchone()
    return row is not None


def finish(
    conn: psycopg.Connection, job_id: str, state: str, message: str = "", error: str = "", attempt: int | None = None
) -> dict[str, Any]:
    """Move a running job to a terminal state (or back to queued) with an event.

    With ``attempt``, only that running attempt may be finished (``StaleAttempt`` otherwise).
    """
    with conn.transaction():
        if attempt is not None:
            fence(conn, job_id, attempt)
        return _set_state(conn, job_id, state, message, error=error)


def record_crash(conn: psycopg.Connection, job_id: str, attempt: int, reason: str) -> dict[str, Any]:
    """Count a real failure of ``attempt`` (killed runner, lost worker): requeue it, or fail it at the limit."""
    with conn.transaction():
        fence(conn, job_id, attempt)
        row = conn.execute(
            "UPDATE jobs SET crashes = crashes + 1 WHERE id = %s RETURNING crashes, max_attempts", (job_id,)
        ).fetchone()
        if row["crashes"] >= row["max_attempts"]:
            return _set_state(conn, job_id, "failed", reason, error=_crash_error(job_id, row["crashes"], reason))
        return _set_state(conn, job_id, "queued", f"{reason} (crash {row['crashes']} of {row['max_attempts']}); "
                                                  "resuming from the last checkpoint")


def hand_back(conn: psycopg.Connection, job_id: str, attempt: int, finished: bool) -> dict[str, Any] | None:
    """A runner whose worker died records its own end: succeeded, cancelled, or back to the queue."""
    with conn.transaction():
        try:
            fence(conn, job_id, attempt)
        except StaleAttempt:
            return None  # a restarted worker already took the job back
        row = conn.execute("SELECT cancel_requested FROM jobs WHERE id = %s", (job_id,)).fetchone()
        if finished:
            return _set_state(conn, job_id, "succeeded", "finished (its worker had gone)")
        if row["cancel_requested"]:
            return _set_state(conn, job_id, "cancelled", "cancelled; the last checkpoint is kept")
        return _set_state(conn, job_id, "queued", "its worker died; the runner saved a checkpoint and stopped")


def _crash_error(job_id: str, crashes: int, reason: str) -> str:
    return (f"crashed {crashes} times, last: {reason}; not retrying by itself. "
            f"`enginemind jobs retry {job_id}` resumes it from its last checkpoint")


def retry(conn: psycopg.Connection, job_id: str) -> dict[str, Any]:
    """Queue a failed or cancelled job again; it resumes from its last checkpoint with a fresh crash budget."""
    with conn.transaction():
        row = conn.execute("SELECT state FROM jobs WHERE id = %s FOR UPDATE", (job_id,)).fetchone()
        if row is None:
            raise NotFound(f"no job '{job_id}'; list jobs with `enginemind jobs list`")
        if row["state"] not in ("failed", "cancelled"):
            raise FailedPrecondition(f"job {job_id} is {row['state']}; only failed or cancelled jobs can be retried")
        conn.execute("UPDATE jobs SET crashes = 0, cancel_requested = false WHERE id = %s", (job_id,))
        row = _set_state(conn, job_id, "queued", "retry requested; resumes from the last checkpoint")
        conn.execute("SELECT pg_notify(%s, %s)", (JOBS_CHANNEL, job_id))
    return row


def _set_state(conn: psycopg.Connection, job_id: str, state: str, message: str, error: str = "") -> dict[str, Any]:
    if state not in STATES:
        raise InvalidInput(f"unknown job state '{state}'")
    finished = state in TERMINAL
    row = conn.execute(
        "UPDATE jobs SET state = %s, error = %s, "
        "finished_at = CASE WHEN %s THEN clock_timestamp() ELSE NULL END, "
        "worker = CASE WHEN %s = 'queued' THEN NULL ELSE worker END, "
        "runner_pgid = CASE WHEN %s THEN NULL ELSE runner_pgid END, "
        "cancel_requested = CASE WHEN %s = 'queued' THEN false ELSE cancel_requested END "
        "WHERE id = %s RETURNING *",
        (state, error or None, finished, state, finished, state, job_id),
    ).fetchone()
    if row is None:
        raise NotFound(f"no job '{job_id}'")
    payload = {"state": state, "message": message}
    if error:
        payload["error"] = error
    add_event(conn, job_id, "state", payload)
    return row


def add_event(
    conn: psycopg.Connection, job_id: str, kind: str, payload: dict[str, Any], attempt: int | None = None
) -> int:
    """Append one event and announce it; progress events also update the job's step/total.

    Runners pass their ``attempt``: a stale attempt's event is refused with ``StaleAttempt``.
    """
    if attempt is not None:
        with conn.transaction():
            fence(conn, job_id, attempt)
            return add_event(conn, job_id, kind, payload)
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
        "SELECT id, worker, worker_pid, runner_pgid, attempts, crashes, max_attempts FROM jobs "
        "WHERE state = 'running' AND worker_host = %s",
        (host,),
    ).fetchall()


def worker_beat(conn: psycopg.Connection, name: str, host: str, pid: int, slots: int) -> None:
    """Announce a live worker and its slots (Submit refuses an nproc that no live worker has)."""
    conn.execute(
        "INSERT INTO workers (name, host, pid, slots) VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO UPDATE "
        "SET slots = excluded.slots, heartbeat_at = clock_timestamp()",
        (name, host, pid, slots),
    )


def worker_gone(conn: psycopg.Connection, name: str) -> None:
    conn.execute("DELETE FROM workers WHERE name = %s", (name,))


def largest_worker(conn: psycopg.Connection) -> int | None:
    """Most slots of any live worker (heartbeat within the lease), or None when no worker is alive."""
    return conn.execute(
        "SELECT max(slots) AS top FROM workers WHERE heartbeat_at > clock_timestamp() - make_interval(secs => %s)",
        (LEASE_S,),
    ).fetchone()["top"]

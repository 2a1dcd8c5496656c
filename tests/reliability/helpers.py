"""Shared helpers of the reliability tests: wait for a job's progress, its runner group, kill what we started."""

from __future__ import annotations

import os
import time

import psycopg


def wait_step(client, job_id: str, step: int, timeout_s: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if client.get_job(job_id).step >= step:
            return
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not reach step {step} in {timeout_s}s")


def runner_group(conn: psycopg.Connection, job_id: str, timeout_s: float = 10) -> int:
    """The process group of the job's current runner, as its worker recorded it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        row = conn.execute("SELECT runner_pgid FROM jobs WHERE id = %s", (job_id,)).fetchone()
        if row["runner_pgid"]:
            return row["runner_pgid"]
        time.sleep(0.05)
    raise AssertionError("the worker did not record the runner's process group")


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie leader still counts for killpg; look at its state
        stat = open(f"/proc/{pgid}/stat").read()
        return stat[stat.rindex(")") + 2] != "Z"
    except OSError:
        return True


def versions(conn: psycopg.Connection, job_id: str) -> int:
    return conn.execute("SELECT count(*) AS n FROM model_versions WHERE job_id = %s", (job_id,)).fetchone()["n"]


def messages(client, job_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for ev in client.watch_job(job_id):
        kind = ev.WhichOneof("kind")
        if kind == "log":
            out.append(ev.log.message)
        elif kind == "state":
            out.append(ev.state.message)
    return out


def wait_end(client, job_id: str, timeout_s: float = 120):  # type: ignore[no-untyped-def]
    """The job once it ended, polling through short UNAVAILABLE answers (the database may be blipping)."""
    from enginemind.client import ClientError

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            job = client.get_job(job_id)
            if job.state in (3, 4, 5):
                return job
        except ClientError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end in {timeout_s}s")

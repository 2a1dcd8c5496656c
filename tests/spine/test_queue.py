"""The PostgreSQL job queue: claims never collide, paging, cancel, lease expiry."""

from __future__ import annotations

import threading

import psycopg
import pytest
from psycopg.rows import dict_row

from enginemind.errors import FailedPrecondition, InvalidInput, NotFound
from enginemind.jobs import store


def test_concurrent_claims_take_distinct_jobs(database_url: str, db_conn: psycopg.Connection) -> None:
    ids = {store.submit(db_conn, "demo", {"steps": 1})["id"] for _ in range(20)}
    claimed: list[str] = []
    lock = threading.Lock()

    def claimer(name: str) -> None:
        with psycopg.connect(database_url, autocommit=True, row_factory=dict_row) as conn:
            while (job := store.claim(conn, name, "host", 1)) is not None:
                with lock:
                    claimed.append(job["id"])

    threads = [threading.Thread(target=claimer, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(ids)  # every job exactly once


def test_nproc_needs_enough_slots(db_conn: psycopg.Connection) -> None:
    store.submit(db_conn, "demo", {}, nproc=2)
    assert store.claim(db_conn, "w", "h", 1, free_slots=1) is None
    assert store.claim(db_conn, "w", "h", 1, free_slots=2)["nproc"] == 2


def test_list_paging_and_filters(db_conn: psycopg.Connection) -> None:
    ids = [store.submit(db_conn, "demo", {})["id"] for _ in range(7)]
    seen, token = [], ""
    while True:
        rows, token = store.list_jobs(db_conn, limit=3, cursor=token)
        seen += [r["id"] for r in rows]
        if not token:
            break
    assert seen == ids[::-1]
    assert store.list_jobs(db_conn, state="running")[0] == []
    with pytest.raises(InvalidInput):
        store.list_jobs(db_conn, state="sleeping")
    with pytest.raises(InvalidInput):
        store.list_jobs(db_conn, cursor="garbage")


def test_cancel_queued_and_finished(db_conn: psycopg.Connection) -> None:
    job = store.submit(db_conn, "demo", {})
    assert store.request_cancel(db_conn, job["id"])["state"] == "cancelled"
    with pytest.raises(FailedPrecondition):
        store.request_cancel(db_conn, job["id"])
    with pytest.raises(NotFound):
        store.request_cancel(db_conn, "j-missing")


def test_expired_lease_is_taken_over_and_crash_loops_end(db_conn: psycopg.Connection) -> None:
    job = store.submit(db_conn, "demo", {})
    store.claim(db_conn, "dead-worker", "other-host", 1)
    db_conn.execute("UPDATE jobs SET heartbeat_at = now() - interval '1 hour' WHERE id = %s", (job["id"],))
    again = store.claim(db_conn, "w2", "host", 2)
    assert again["id"] == job["id"] and again["attempts"] == 2 and again["crashes"] == 1
    db_conn.execute("UPDATE jobs SET heartbeat_at = now() - interval '1 hour', crashes = 2 WHERE id = %s",
                    (job["id"],))
    assert store.claim(db_conn, "w3", "host", 3) is None  # the third crash ends it
    failed = store.get(db_conn, job["id"])
    assert failed["state"] == "failed" and "crashed 3 times" in failed["error"]
    assert "enginemind jobs retry" in failed["error"]

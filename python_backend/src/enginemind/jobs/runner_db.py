"""The job runner's database: every call reconnects with bounded backoff, writes are fenced and idempotent.

A runner keeps training through a short database outage (a killed backend, a restarted PostgreSQL): each
call retries on a fresh connection with exponential backoff until ``patience_s`` runs out. Every write
presents the runner's attempt number; a write from an attempt that no longer owns the job raises
``StaleAttempt`` and the runner stops. Retried writes are idempotent: an event whose insert may have
committed before the connection died is looked up before it is written again, and a job registers at
most one version per model.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
from psycopg.types.json import Jsonb

from enginemind.db.pool import connect, redact_url
from enginemind.errors import Unavailable
from enginemind.jobs import store
from enginemind.jobs.store import StaleAttempt

log = logging.getLogger("enginemind.runner")
T = TypeVar("T")
PATIENCE_S = 120.0
"""How long a state-changing call (registration, start-up read) keeps retrying before it gives up."""
EVENT_PATIENCE_S = 20.0
"""How long one progress/metric/log event may wait for the database before it is dropped."""
MAX_BACKOFF_S = 5.0
"""Longest pause between two reconnect attempts."""
FENCE_CHECK_S = 2.0
"""How often a runner checks that its attempt still owns the job, even when it writes nothing."""
_RETRYABLE = (psycopg.OperationalError, psycopg.InterfaceError, Unavailable)


class RunnerDb:
    """One runner's connection, reopened on failure; ``call(fn, ...)`` runs ``fn(conn, ...)``."""

    def __init__(self, url: str, job_id: str, attempt: int, patience_s: float = PATIENCE_S) -> None:
        self.url, self.job_id, self.attempt, self.patience_s = url, job_id, attempt, patience_s
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()
        self._last_seq = 0
        """seq of the last event this runner wrote (a retried event is looked for after it)."""

    def call(self, fn: Callable[..., T], *args: Any, patience_s: float | None = None,
             on_retry: Callable[[psycopg.Connection], T | None] | None = None, **kwargs: Any) -> T:
        """``fn(conn, *args, **kwargs)``, retried with backoff; ``on_retry(conn)`` may return the earlier result."""
        deadline = time.monotonic() + (self.patience_s if patience_s is None else patience_s)
        delay, tries = 0.1, 0
        while True:
            try:
                with self._lock:
                    if self._conn is None or self._conn.closed:
                        self._conn = connect(self.url, application_name=f"enginemind-runner {self.job_id}")
                    if tries and on_retry is not None and (done := on_retry(self._conn)) is not None:
                        return done
                    return fn(self._conn, *args, **kwargs)
            except StaleAttempt:
                raise
            except _RETRYABLE as exc:
                self._drop()
                tries += 1
                if time.monotonic() + delay > deadline:
                    raise Unavailable(f"the database at {redact_url(self.url)} did not come back within "
                                      f"{self.patience_s:.0f}s ({tries} tries): {exc}") from exc
                log.warning("database call %s failed (%s); retry %d in %.1fs", getattr(fn, "__name__", fn),
                            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                            tries, delay)
                time.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_S)

    def _drop(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except Exception:  # noqa: BLE001 - it is broken already
                    pass
            self._conn = None

    def event(self, kind: str, payload: dict[str, Any]) -> None:
        """Write one event (fenced); after ``EVENT_PATIENCE_S`` of outage the event is dropped, not the run."""

        def already_written(conn: psycopg.Connection) -> int | None:
            row = conn.execute(
                "SELECT seq FROM job_events WHERE job_id = %s AND seq > %s AND kind = %s AND payload = %s "
                "ORDER BY seq LIMIT 1", (self.job_id, self._last_seq, kind, Jsonb(payload)),
            ).fetchone()
            return row["seq"] if row else None

        try:
            self._last_seq = self.call(store.add_event, self.job_id, kind, payload, attempt=self.attempt,
                                       patience_s=EVENT_PATIENCE_S, on_retry=already_written)
        except Unavailable as exc:
            log.warning("dropped a %s event: %s", kind, exc)

    def is_stale(self) -> bool:
        """True once another attempt owns the job (or it ended); database errors count as not stale."""
        try:
            with connect(self.url, connect_timeout_s=3, application_name="enginemind-fence") as conn, \
                    conn.transaction():
                store.fence(conn, self.job_id, self.attempt)
        except StaleAttempt:
            return True
        except Exception:  # noqa: BLE001 - an unreachable database is not a takeover
            return False
        return False


def register_once(conn: psycopg.Connection, artifacts: Any, attempt: int, *, name: str,
                  job_id: str, **kwargs: Any) -> dict[str, Any]:
    """Register a model version for ``job_id``, fenced by ``attempt``; a job registers each model once.

    A registration whose commit was lost with the connection (or a crash after registering) finds the
    version it made instead of adding a second one.
    """
    from enginemind.registry import store as registry

    with conn.transaction():
        store.fence(conn, job_id, attempt)
        row = conn.execute(
            "SELECT max(version) AS v FROM model_versions WHERE model = %s AND job_id = %s", (name, job_id)
        ).fetchone()
        if row["v"] is not None:
            log.info("model %s version %s was already registered by job %s", name, row["v"], job_id)
            return registry.get_version(conn, name, version=row["v"])
        return registry.register_version(conn, artifacts, name=name, job_id=job_id, **kwargs)


def set_alias_fenced(conn: psycopg.Connection, job_id: str, attempt: int, name: str, version: int,
                     alias: str) -> dict[str, Any]:
    """Point ``alias`` at a version for ``job_id``'s current attempt only (setting it twice is harmless)."""
    from enginemind.registry import store as registry

    with conn.transaction():
        store.fence(conn, job_id, attempt)
        return registry.set_alias(conn, name, version, alias)

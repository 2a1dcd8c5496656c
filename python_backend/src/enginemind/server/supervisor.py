"""Database supervisor: Health says NOT_SERVING while the database is away, and the embedded one is restarted.

Once a second a probe runs ``SELECT 1`` on its own connection, in its own thread. If the probe fails or does
not answer within ``probe_timeout_s`` (a frozen server), the database is marked down: Health turns
NOT_SERVING, every connection's socket is cut (a call blocked on a frozen server fails at once) and new
checkouts fail fast with UNAVAILABLE. A dead embedded postmaster is started again through pgserver. When a
probe succeeds again, Health is SERVING.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import psycopg

from enginemind.db.embedded import EmbeddedPostgres
from enginemind.db.pool import Database, connect, cut

log = logging.getLogger(__name__)


@dataclass
class DatabaseSupervisor:
    """Watches one database; ``set_serving(bool)`` updates the server's Health."""

    db: Database
    set_serving: Callable[[bool], Awaitable[None]]
    embedded: EmbeddedPostgres | None = None
    interval_s: float = 1.0
    """Pause between two probes."""
    probe_timeout_s: float = 3.0
    """A probe that takes longer than this means the database is not answering."""
    restart_backoff_s: float = 2.0
    """Pause between two attempts to restart the embedded PostgreSQL."""
    down_since: float = 0.0
    """monotonic time the database went down (0 while it answers)."""
    restarts: int = 0
    _conn: psycopg.Connection | None = None
    _pool: concurrent.futures.ThreadPoolExecutor = field(
        default_factory=lambda: concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="db-probe"))
    _task: asyncio.Task[None] | None = None
    _last_restart: float = 0.0

    def start(self) -> DatabaseSupervisor:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="db-supervisor")
        return self

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
        if self._conn is not None:
            cut(self._conn)
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                reason = await asyncio.wait_for(loop.run_in_executor(self._pool, self._probe), self.probe_timeout_s)
            except TimeoutError:
                reason = f"no answer within {self.probe_timeout_s:.0f}s"
            if reason:
                await self._down(reason)
                if self.embedded is not None and not self.embedded.running():
                    await self._restart(loop)
            elif self.down_since:
                log.warning("the database answers again after %.1fs", time.monotonic() - self.down_since)
                self.down_since = 0.0
                self.db.mark_up()
                await self.set_serving(True)
            await asyncio.sleep(self.interval_s)

    def _probe(self) -> str:
        """'' if the database answers, else why not (a dead probe connection alone is retried once)."""
        reason = ""
        for _ in range(2):
            fresh = self._conn is None or self._conn.closed
            try:
                if fresh:
                    self._conn = connect(self.db.url, connect_timeout_s=self.probe_timeout_s,
                                         application_name="enginemind-probe")
                    self.db.track(self._conn)
                self._conn.execute("SELECT 1")
                return ""
            except Exception as exc:  # noqa: BLE001 - any failure means "not answering"
                if self._conn is not None:
                    try:
                        self._conn.close()
                    except Exception:  # noqa: BLE001
                        pass
                self._conn = None
                reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                if fresh:
                    break
        return reason

    async def _down(self, reason: str) -> None:
        if not self.down_since:
            log.error("the database is not answering (%s); Health is NOT_SERVING until it does", reason)
            self.down_since = time.monotonic()
            await self.set_serving(False)
        self.db.mark_down(reason)  # again each round: connections opened meanwhile may hang as well

    async def _restart(self, loop: asyncio.AbstractEventLoop) -> None:
        if time.monotonic() - self._last_restart < self.restart_backoff_s:
            return
        self._last_restart = time.monotonic()
        assert self.embedded is not None
        try:
            url = await loop.run_in_executor(self._pool, self.embedded.restart)
        except Exception as exc:  # noqa: BLE001 - retried next round
            log.warning("could not restart the embedded PostgreSQL yet: %s", str(exc).strip()[:300])
            return
        self.restarts += 1
        if url != self.db.url:
            self.db.retarget(url)
        log.warning("restarted the embedded PostgreSQL (%d restart(s) so far)", self.restarts)

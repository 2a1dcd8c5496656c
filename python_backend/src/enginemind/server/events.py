"""LISTEN/NOTIFY fan-in for job events: one database connection wakes every ``Jobs.Watch`` stream."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict

import psycopg

from enginemind.jobs.store import EVENTS_CHANNEL

log = logging.getLogger(__name__)


class EventHub:
    """Keeps one LISTEN connection; watchers wait on per-job asyncio events (with a polling fallback)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._waiters: dict[str, set[asyncio.Event]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="job-event-hub")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @contextlib.contextmanager
    def subscribe(self, job_id: str):  # type: ignore[no-untyped-def]
        event = asyncio.Event()
        self._waiters[job_id].add(event)
        try:
            yield event
        finally:
            self._waiters[job_id].discard(event)
            if not self._waiters[job_id]:
                del self._waiters[job_id]

    def _wake(self, job_id: str | None) -> None:
        targets = self._waiters.get(job_id, ()) if job_id else [e for s in self._waiters.values() for e in s]
        for event in targets:
            event.set()

    async def _listen(self) -> None:
        backoff = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(self.url, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {EVENTS_CHANNEL}")
                    backoff = 0.5
                    self._wake(None)  # catch up on anything missed while disconnected
                    async for note in conn.notifies():
                        self._wake(note.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep listening through database restarts
                log.warning("job event listener lost the database (%s); reconnecting", exc)
                self._wake(None)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

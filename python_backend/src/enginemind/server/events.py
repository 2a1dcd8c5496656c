"""LISTEN/NOTIFY fan-in for job events: one database connection wakes every ``Jobs.Watch`` stream."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict

from enginemind.db.listen import EVENTS_CHANNEL, listen_forever


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
        await listen_forever(self.url, EVENTS_CHANNEL, self._wake, name="job event listener",
                             on_connect=lambda: self._wake(None),  # catch up on anything missed while away
                             on_disconnect=lambda: self._wake(None))

"""LISTEN/NOTIFY: the channel names and one listener that reconnects with backoff.

Every long-lived listener in the backend (job-event fan-in of ``Jobs.Watch``, the Brain Worker's alias watch,
the job worker's wake-up) goes through here, so a database restart is survived the same way everywhere:
reconnect with exponential backoff (bounded), and call ``on_connect`` after every (re)connect so the caller can
catch up on whatever was announced while it was away.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import psycopg

log = logging.getLogger(__name__)

JOBS_CHANNEL = "em_jobs"
"""Wakes workers on submit and cancel (payload: job id)."""
EVENTS_CHANNEL = "em_job_events"
"""A job wrote an event (payload: job id)."""
MODEL_ALIAS_CHANNEL = "em_model_alias"
"""A registry alias moved (payload: ``model:alias``)."""

MIN_BACKOFF_S = 0.5


async def listen_forever(url: str, channel: str, on_notify: Callable[[str], Awaitable[None] | None], *,
                         on_connect: Callable[[], Awaitable[None] | None] | None = None,
                         on_disconnect: Callable[[], None] | None = None, max_backoff_s: float = 5.0,
                         name: str = "listener") -> None:
    """LISTEN on ``channel`` until cancelled, calling ``on_notify(payload)`` for each notification."""
    backoff = MIN_BACKOFF_S
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(url, autocommit=True, connect_timeout=5) as conn:
                await conn.execute(f"LISTEN {channel}")
                backoff = MIN_BACKOFF_S
                if on_connect is not None:
                    await _maybe_await(on_connect())
                async for note in conn.notifies():
                    await _maybe_await(on_notify(note.payload))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - keep listening through database restarts
            log.warning("%s lost the database (%s); reconnecting in %.1f s", name, exc, backoff)
            if on_disconnect is not None:
                on_disconnect()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, max_backoff_s)


async def _maybe_await(value: Awaitable[None] | None) -> None:
    if value is not None:
        await value


class Listener:
    """A blocking LISTEN for a thread (the job worker's wake-up): ``wait(timeout)`` returns True after a
    notification, False after the timeout; a lost connection is reopened on a later wait, with bounded backoff."""

    def __init__(self, url: str, channel: str, max_backoff_s: float = 5.0, name: str = "listener",
                 connect: Callable[[], psycopg.Connection] | None = None) -> None:
        self.url, self.channel, self.name = url, channel, name
        self._connect = connect or (lambda: psycopg.connect(self.url, autocommit=True, connect_timeout=5))
        self.max_backoff_s = max_backoff_s
        self._conn: psycopg.Connection | None = None
        self._backoff = MIN_BACKOFF_S
        self._retry_at = 0.0

    def wait(self, timeout: float) -> bool:
        if self._conn is None:
            if time.monotonic() < self._retry_at:
                time.sleep(min(timeout, self._retry_at - time.monotonic()))
                return False
            try:
                self._conn = self._connect()
                self._conn.execute(f"LISTEN {self.channel}")
                self._backoff = MIN_BACKOFF_S
            except Exception as exc:  # noqa: BLE001 - psycopg errors, or Unavailable from enginemind.db.pool.connect
                self._lost(exc)
                return False
        try:
            for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                return True
            return False
        except psycopg.Error as exc:
            self._lost(exc)
            return False

    def _lost(self, exc: Exception) -> None:
        log.warning("%s lost the database (%s); reconnecting in %.1f s", self.name, exc, self._backoff)
        self.close()
        self._retry_at = time.monotonic() + self._backoff
        self._backoff = min(self._backoff * 2, self.max_backoff_s)

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
            self._conn = None

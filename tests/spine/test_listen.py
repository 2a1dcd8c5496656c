"""db/listen.py: notifications arrive, and a listener whose connection is killed reconnects and catches up."""

from __future__ import annotations

import asyncio
import time

import psycopg

from enginemind.db.listen import Listener, listen_forever

CHANNEL = "em_test_channel"


def _notify(url: str, payload: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))


def _kill_listeners(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE query LIKE %s AND pid <> pg_backend_pid()", (f"LISTEN {CHANNEL}%",)).fetchall()
    return len(rows)


async def _until(cond, timeout_s: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not cond():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def test_async_listener_survives_a_killed_connection(database_url: str) -> None:
    got: list[str] = []
    connects: list[float] = []

    async def main() -> None:
        task = asyncio.create_task(listen_forever(database_url, CHANNEL, got.append,
                                                  on_connect=lambda: connects.append(time.monotonic())))
        try:
            await _until(lambda: len(connects) == 1)
            await asyncio.to_thread(_notify, database_url, "one")
            await _until(lambda: got == ["one"])
            assert await asyncio.to_thread(_kill_listeners, database_url) == 1
            await _until(lambda: len(connects) == 2)  # reconnected (and told the caller, so it can catch up)
            await asyncio.to_thread(_notify, database_url, "two")
            await _until(lambda: got == ["one", "two"])
        finally:
            task.cancel()

    asyncio.run(main())


def test_blocking_listener_reconnects(database_url: str) -> None:
    listener = Listener(database_url, CHANNEL)
    try:
        assert listener.wait(0.2) is False  # connects, nothing announced yet
        _notify(database_url, "x")
        assert listener.wait(5.0) is True
        assert _kill_listeners(database_url) == 1
        deadline = time.monotonic() + 20
        woke = False
        while time.monotonic() < deadline and not woke:
            listener.wait(0.2)  # notices the dead connection, backs off, reconnects
            if listener._conn is not None:
                _notify(database_url, "y")
                woke = listener.wait(2.0)
        assert woke
    finally:
        listener.close()

"""What every servicer gets: the database, the data dir, settings and shared helpers."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from enginemind.db.pool import Database
from enginemind.errors import InvalidInput, Unavailable
from enginemind.jobs.validate import allowed_roots_from_env
from enginemind.storage import ArtifactStore

T = TypeVar("T")


@dataclass
class ServerSettings:
    """Settings of one ``enginemind serve`` process."""

    data_dir: Path
    """Holds the token, discovery file, embedded database, job folders and artifacts."""
    host: str = "127.0.0.1"
    """Address to bind; anything but loopback needs allow_remote."""
    port: int = 0
    """0 picks a free port (written to the discovery file)."""
    allow_remote: bool = False
    """Explicit opt-in to bind a non-loopback address."""
    database_url: str = ""
    """External PostgreSQL; empty starts the embedded server in the data dir."""
    worker_slots: int = 1
    """Slots of the embedded worker; 0 runs no worker inside the server (use `enginemind worker`)."""
    max_message_mb: int = 64
    """Largest request or response message accepted, in MiB."""
    allowed_roots: list[Path] = field(default_factory=allowed_roots_from_env)
    """Folders job configs may read data and base models from, besides the data dir."""
    heavy_threads: int = 2
    """Processes that parse uploaded files (skeleton imports); database calls never wait behind them."""
    heavy_queue: int = 8
    """Parses that may wait for a heavy thread; more get UNAVAILABLE (busy) at once."""

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port must be in 0..65535, got {self.port}")
        if self.worker_slots < 0:
            raise ValueError("worker_slots must be >= 0")
        if not 1 <= self.max_message_mb <= 1024:
            raise ValueError("max_message_mb must be in 1..1024")


@dataclass
class App:
    """Shared state of a running server."""

    settings: ServerSettings
    db: Database
    database_kind: str
    """'embedded' or 'external'."""
    extras: dict[str, Any] = field(default_factory=dict)
    """Per-service shared objects (e.g. the telemetry Brain Worker)."""
    db_threads: concurrent.futures.ThreadPoolExecutor = field(default_factory=lambda: (
        concurrent.futures.ThreadPoolExecutor(16, thread_name_prefix="db")))
    """Threads of database calls only (other blocking work cannot starve them)."""
    heavy: concurrent.futures.ProcessPoolExecutor | None = None
    _heavy_waiting: int = 0

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    @functools.cached_property
    def artifacts_root(self) -> ArtifactStore:
        """Registry artifacts: ``$ENGINEMIND_ARTIFACT_URL`` or ``<data_dir>/artifacts`` (see storage.py)."""
        return ArtifactStore.for_data_dir(self.settings.data_dir)

    async def run_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(conn, *args, **kwargs)`` with a pooled connection in a worker thread."""

        def call() -> T:
            with self.db.connection() as conn:
                return fn(conn, *args, **kwargs)

        return await asyncio.get_running_loop().run_in_executor(self.db_threads, call)

    async def run_heavy(self, fn: Callable[..., T], *args: Any) -> T:
        """Parse untrusted uploads in a small pool of processes of their own (``fn`` must be picklable).

        Parsing shares no GIL with the event loop or the database threads. A caller that goes away while its
        work waits is dropped (asyncio cancels the queued call); at most ``heavy_queue`` calls wait, later ones
        are refused with UNAVAILABLE.
        """
        if self.heavy is None:
            self.heavy = concurrent.futures.ProcessPoolExecutor(  # niced: the server's own calls win the CPU
                max(1, self.settings.heavy_threads), mp_context=multiprocessing.get_context("spawn"),
                initializer=os.nice, initargs=(10,))
        if self._heavy_waiting >= self.settings.heavy_threads + self.settings.heavy_queue:
            raise Unavailable(f"the server is busy parsing {self._heavy_waiting} uploads; retry shortly")
        self._heavy_waiting += 1
        pool = self.heavy
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, functools.partial(fn, *args))
        except BrokenProcessPool as exc:
            # A parser process died (native crash, out of memory, killed): the pool refuses all later work, so
            # replace it, and tell this caller their file could not be parsed.
            if self.heavy is pool:
                self.heavy = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise InvalidInput("the file could not be parsed: the parser process died on it (corrupt or "
                               "hostile file?); other uploads are not affected") from exc
        finally:
            self._heavy_waiting -= 1

    def close(self) -> None:
        self.db_threads.shutdown(wait=False, cancel_futures=True)
        if self.heavy is not None:
            for proc in list((getattr(self.heavy, "_processes", None) or {}).values()):  # a parse may run for minutes
                proc.terminate()
            self.heavy.shutdown(wait=False, cancel_futures=True)

    async def run_blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run CPU or file work off the event loop."""
        return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))

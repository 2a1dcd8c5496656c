"""Writing the discovery file and holding the single-server lock in the data directory (clients read the file
with ``enginemind.client.discovery``).

``server.json`` tells editors and the CLI where the server listens; ``server.lock`` (an flock held for
the server's lifetime) makes a second ``serve`` on the same data dir refuse instead of corrupting state.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from typing import IO

__all__ = ["DISCOVERY_FILE", "LOCK_FILE", "Discovery", "ServerLock", "remove", "write"]

from enginemind.checkpoint import atomic_write_bytes
from enginemind.client.discovery import DISCOVERY_FILE, Discovery
from enginemind.errors import FailedPrecondition

LOCK_FILE = "server.lock"


def write(data_dir: Path, info: Discovery) -> Path:
    path = data_dir / DISCOVERY_FILE
    atomic_write_bytes(path, json.dumps(info.to_dict(), indent=2).encode())
    return path


def remove(data_dir: Path, pid: int) -> None:
    """Remove the discovery file if it still describes this process."""
    path = data_dir / DISCOVERY_FILE
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
            path.unlink()
    except (OSError, ValueError):
        pass


class ServerLock:
    """Exclusive lock on the data dir, released when the process exits (even on a crash)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            owner = fh.read().strip() or "unknown pid"
            fh.close()
            raise FailedPrecondition(
                f"another EngineMind server ({owner}) is already using data dir {self.path.parent}; "
                "stop it first, or give this one another --data-dir"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

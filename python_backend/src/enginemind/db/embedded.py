"""Embedded PostgreSQL (pgserver) inside the data directory, used when no database URL is given."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from enginemind.client.discovery import pid_alive
from enginemind.errors import Unavailable

log = logging.getLogger(__name__)


class EmbeddedPostgres:
    """Starts (or joins) the pgserver instance in ``<data_dir>/postgres``; ``stop()`` when done."""

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "postgres"
        self._server: Any = None

    def start(self) -> str:
        """Start the server and return its connection URL (a unix socket; nothing listens on TCP)."""
        import pgserver

        self.pgdata.mkdir(parents=True, exist_ok=True)
        _prune_dead_handles(self.pgdata)
        try:
            self._server = pgserver.get_server(self.pgdata, cleanup_mode="stop")
        except Exception as exc:  # pgserver raises plain exceptions with the postgres log in them
            log_file = self.pgdata / "log"
            raise Unavailable(
                f"could not start the embedded PostgreSQL in {self.pgdata}: {str(exc).strip()[:400]}. "
                f"See {log_file} for its log; delete that folder to start over (this loses all jobs and models), "
                "or set ENGINEMIND_DATABASE_URL to use another server."
            ) from exc
        return self._server.get_uri()

    def running(self) -> bool:
        """True while the postmaster this handle started or joined is alive."""
        info = self._server._postmaster_info if self._server is not None else None
        return info is not None and pid_alive(info.pid) and not _zombie(info.pid)

    def restart(self) -> str:
        """Start PostgreSQL again after its postmaster died; returns the (possibly new) URL.

        Raises while it cannot start yet (e.g. the dead postmaster's backends still hold its shared memory).
        """
        if self._server is None:
            return self.start()
        log.warning("the embedded PostgreSQL in %s is gone; restarting it", self.pgdata)
        info = self._server._postmaster_info
        if info is not None and _zombie(info.pid):  # dead but not reaped: its pid file would block the start
            (self.pgdata / "postmaster.pid").unlink(missing_ok=True)
        with self._server._lock:  # pgserver's inter-process lock around its own start-up
            self._server.ensure_postgres_running()
        if not self.running():  # pgserver took the dead (zombie) postmaster for a live one
            raise Unavailable("the old postmaster has not been reaped yet; trying again shortly")
        return self._server.get_uri()

    def stop(self) -> None:
        if self._server is not None:
            try:
                self._server.cleanup()
            except Exception:  # best effort at shutdown
                log.exception("stopping the embedded PostgreSQL failed")
            self._server = None


def _prune_dead_handles(pgdata: Path) -> None:
    """Drop pids of dead processes from pgserver's handle list.

    pgserver stops PostgreSQL only when the last process in ``.handle_pids.json`` lets go; a server that was
    SIGKILLed stays in that list forever, and PostgreSQL would then outlive every later clean shutdown.
    """
    path = pgdata / ".handle_pids.json"
    try:
        pids = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and pid_alive(pid)]
    if alive != pids:
        path.write_text(json.dumps(alive), encoding="utf-8")



def _zombie(pid: int) -> bool:
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii", errors="replace").read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].startswith("Z")

"""Embedded PostgreSQL (pgserver) inside the data directory, used when no database URL is given."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

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

    def stop(self) -> None:
        if self._server is not None:
            try:
                self._server.cleanup()
            except Exception:  # best effort at shutdown
                log.exception("stopping the embedded PostgreSQL failed")
            self._server = None

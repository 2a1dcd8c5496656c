"""Connection pool around psycopg_pool with errors a person can act on, and bounded waits.

Every use goes through ``Database.connection()``; a database that is down or went away surfaces as
``Unavailable`` (gRPC UNAVAILABLE) naming the URL without its password. Broken connections are
checked and replaced by the pool, so the server recovers by itself when the database comes back.

Every wait is bounded: connecting (``connect_timeout_s``), a statement (``statement_timeout_s``, enforced by
PostgreSQL), a pool checkout (``timeout_s``). A database that stops answering altogether (frozen, SIGSTOP,
a dead host) cannot enforce its own statement timeout, so the server's supervisor probes it and calls
``mark_down()``: that cuts the sockets of every connection (a call blocked on one fails at once) and makes
new checkouts fail fast until ``mark_up()``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import weakref
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from enginemind.errors import Unavailable


def redact_url(url: str) -> str:
    """The URL with its password replaced by ``***`` (safe for logs and error messages)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable database URL>"
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str, *, connect_timeout_s: float = 10, application_name: str = "enginemind",
            **kwargs: Any) -> psycopg.Connection:
    """One autocommit connection with dict rows (for job runners and tools)."""
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row,
                               connect_timeout=max(1, round(connect_timeout_s)), application_name=application_name,
                               **kwargs)
    except psycopg.OperationalError as exc:
        raise Unavailable(f"cannot connect to the database at {redact_url(url)}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def cut(conn: psycopg.Connection) -> None:
    """Shut down a connection's socket from any thread: a call blocked on it fails at once."""
    try:
        fd = conn.pgconn.socket
    except Exception:  # noqa: BLE001 - closed already
        return
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class Database:
    """A pooled PostgreSQL database (autocommit connections, dict rows)."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 8, timeout_s: float = 5.0,
                 connect_timeout_s: float = 3.0, statement_timeout_s: float = 60.0,
                 application_name: str = "enginemind") -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.down_reason = ""
        """Why the database is known to be down ('' while it answers); set by the server's supervisor."""
        self._conns: weakref.WeakSet[psycopg.Connection] = weakref.WeakSet()
        kwargs: dict[str, Any] = {"autocommit": True, "row_factory": dict_row,
                                  "connect_timeout": max(1, round(connect_timeout_s)),
                                  "application_name": application_name}
        if statement_timeout_s:
            kwargs["options"] = f"-c statement_timeout={int(statement_timeout_s * 1000)}"
        self.pool = ConnectionPool(
            lambda: self.url,
            min_size=min_size,
            max_size=max_size,
            open=False,
            timeout=timeout_s,
            check=ConnectionPool.check_connection,
            configure=self.track,
            kwargs=kwargs,
            name="enginemind",
        )

    def track(self, conn: psycopg.Connection) -> None:
        """Include ``conn`` (pooled, or a LISTEN/probe connection) in what ``mark_down`` cuts."""
        self._conns.add(conn)

    def mark_down(self, reason: str) -> None:
        """The database stopped answering: fail new checkouts fast and unblock every call waiting on it."""
        self.down_reason = reason
        for conn in list(self._conns):
            cut(conn)

    def mark_up(self) -> None:
        self.down_reason = ""

    def retarget(self, url: str) -> None:
        """Point new connections at ``url`` (the embedded server came back on another socket)."""
        self.url = url

    def open(self, wait_s: float = 10.0) -> Database:
        """Open the pool and wait for its first connection; Unavailable names the URL if that fails."""
        try:
            self.pool.open(wait=True, timeout=wait_s)
        except PoolTimeout as exc:
            self.pool.close()
            try:  # one direct attempt gives the real reason (refused, auth, unknown database)
                psycopg.connect(self.url, connect_timeout=3).close()
                reason = "timed out"
            except psycopg.Error as direct:
                reason = _first_line(direct)
            raise Unavailable(
                f"cannot connect to the database at {redact_url(self.url)}: {reason}. "
                "Check that PostgreSQL is running and ENGINEMIND_DATABASE_URL is right "
                "(unset it to use the embedded database)."
            ) from exc
        return self

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """A pooled connection; database failures become ``Unavailable``."""
        if self.down_reason:
            raise Unavailable(f"the database at {redact_url(self.url)} is not answering ({self.down_reason}); "
                              "retry shortly")
        try:
            with self.pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise Unavailable(f"the database at {redact_url(self.url)} is not answering; retry shortly") from exc
        except psycopg.OperationalError as exc:
            raise Unavailable(f"lost the database at {redact_url(self.url)}: {_first_line(exc)}") from exc

    def close(self) -> None:
        self.pool.close()

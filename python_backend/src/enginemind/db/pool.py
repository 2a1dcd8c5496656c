"""Connection pool around psycopg_pool with errors a person can act on.

Every use goes through ``Database.connection()``; a database that is down or went away surfaces as
``Unavailable`` (gRPC UNAVAILABLE) naming the URL without its password. Broken connections are
checked and replaced by the pool, so the server recovers by itself when the database comes back.
"""

from __future__ import annotations

import contextlib
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


def connect(url: str, **kwargs: Any) -> psycopg.Connection:
    """One autocommit connection with dict rows (for job runners and tools)."""
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10, **kwargs)
    except psycopg.OperationalError as exc:
        raise Unavailable(f"cannot connect to the database at {redact_url(url)}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class Database:
    """A pooled PostgreSQL database (autocommit connections, dict rows)."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 8, timeout_s: float = 5.0) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            open=False,
            timeout=timeout_s,
            check=ConnectionPool.check_connection,
            kwargs={"autocommit": True, "row_factory": dict_row, "connect_timeout": 10},
            name="enginemind",
        )

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
        try:
            with self.pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise Unavailable(f"the database at {redact_url(self.url)} is not answering; retry shortly") from exc
        except psycopg.OperationalError as exc:
            raise Unavailable(f"lost the database at {redact_url(self.url)}: {_first_line(exc)}") from exc

    def close(self) -> None:
        self.pool.close()

"""Shared fixtures: a real PostgreSQL (embedded pgserver, or $ENGINEMIND_TEST_DATABASE_URL) and real servers.

Each test that asks for ``database_url`` gets a fresh, migrated database on the session's PostgreSQL;
``backend`` starts a real ``enginemind serve`` process on a free port against such a database.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from enginemind.client import Client
from enginemind.db.migrate import migrate

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """URL of a PostgreSQL server where tests may create databases."""
    external = os.environ.get("ENGINEMIND_TEST_DATABASE_URL")
    if external:
        yield external
        return
    import pgserver

    # Outside pytest's basetemp: pytest makes that tree private (0700) at every session start, which would lock
    # out the unprivileged user pgserver runs PostgreSQL as when tests run as root.
    pgdata = Path(tempfile.mkdtemp(prefix="enginemind-test-pg-"))
    srv = pgserver.get_server(pgdata, cleanup_mode="stop")
    yield srv.get_uri()
    srv.cleanup()
    shutil.rmtree(pgdata, ignore_errors=True)


def _with_db(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def create_database(admin_url: str, migrated: bool = True) -> str:
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = _with_db(admin_url, name)
    if migrated:
        with psycopg.connect(url, autocommit=True) as conn:
            migrate(conn)
    return url


def drop_database(admin_url: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh database with every migration applied (dropped after the test)."""
    url = create_database(pg_admin_url)
    yield url
    drop_database(pg_admin_url, url)


@pytest.fixture
def db_conn(database_url: str) -> Iterator[psycopg.Connection]:
    from psycopg.rows import dict_row

    with psycopg.connect(database_url, autocommit=True, row_factory=dict_row) as conn:
        yield conn


@dataclass
class Backend:
    """A real ``enginemind serve`` subprocess."""

    data_dir: Path
    database_url: str
    args: list[str] = field(default_factory=list)
    proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 60.0) -> Backend:
        env = dict(os.environ, ENGINEMIND_DATABASE_URL=self.database_url, PYTHONUNBUFFERED="1")
        log = open(self.data_dir / "server-test.log", "ab")
        (self.data_dir / "server.json").unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "enginemind", "serve", "--data-dir", str(self.data_dir), *self.args],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout_s
        while not (self.data_dir / "server.json").exists():
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start in {timeout_s}s:\n{self.log()}")
            time.sleep(0.05)
        with self.client() as client:
            client.wait_until_serving(timeout_s=timeout_s)
        return self

    def client(self, **kwargs: object) -> Client:
        return Client.from_data_dir(self.data_dir, **kwargs)

    def log(self) -> str:
        path = self.data_dir / "server-test.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 60.0) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


@pytest.fixture
def backend_factory(tmp_path: Path, database_url: str) -> Iterator[type]:
    """Build (not start) backends sharing this test's database: ``backend_factory(args=[...]).start()``."""
    started: list[Backend] = []

    def make(data_dir: Path | None = None, args: list[str] | None = None) -> Backend:
        d = data_dir or tmp_path / "data"
        d.mkdir(parents=True, exist_ok=True)
        b = Backend(d, database_url, args or [])
        started.append(b)
        return b

    yield make  # type: ignore[misc]
    for b in started:
        b.stop(signal.SIGTERM, timeout_s=30)


@pytest.fixture
def backend(backend_factory) -> Backend:  # type: ignore[no-untyped-def]
    """A running server with an embedded worker (1 slot) on a fresh database."""
    return backend_factory().start()

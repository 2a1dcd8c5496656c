"""One server per test module for the boundary tests (they create no jobs, so they can share it)."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from tests.conftest import Backend, create_database, drop_database


@pytest.fixture(scope="module")
def shared_backend(pg_admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    url = create_database(pg_admin_url)
    backend = Backend(tmp_path_factory.mktemp("data"), url).start()
    yield backend
    backend.stop(signal.SIGTERM, timeout_s=30)
    drop_database(pg_admin_url, url)

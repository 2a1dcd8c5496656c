"""registry.resolve decides which version a caller gets; ModelCache keeps loaded models per version."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from enginemind.errors import InvalidInput, NotFound
from enginemind.registry import store
from enginemind.registry.cache import ModelCache


def _register(conn: psycopg.Connection, root: Path, tmp: Path, family: str = "restore") -> int:
    src = tmp / "w.bin"
    src.write_bytes(b"weights")
    return store.register_version(conn, root, name="m", files={"w.bin": src}, family=family)["version"]


def test_resolve_explicit_then_production_then_latest(db_conn: psycopg.Connection, tmp_path: Path) -> None:
    root = tmp_path / "artifacts"
    with pytest.raises(NotFound):
        store.resolve(db_conn, "m")
    for _ in range(3):
        _register(db_conn, root, tmp_path)
    assert store.resolve(db_conn, "m")["version"] == 3  # no production alias: the latest
    store.set_alias(db_conn, "m", 1, "production")
    assert store.resolve(db_conn, "m")["version"] == 1  # production wins over latest
    assert store.resolve(db_conn, "m", version=2)["version"] == 2  # an explicit version wins over both
    store.set_alias(db_conn, "m", 3, "staging")
    assert store.resolve(db_conn, "m", alias="staging")["version"] == 3
    with pytest.raises(NotFound):
        store.resolve(db_conn, "m", alias="canary")  # an alias that was asked for is not silently replaced
    with pytest.raises(InvalidInput, match="belongs to family 'restore'"):
        store.resolve(db_conn, "m", family="telemetry")
    files = store.artifact_files(root, store.resolve(db_conn, "m"))
    assert files["w.bin"] == root / "m" / "1" / "w.bin" and files["w.bin"].read_bytes() == b"weights"


def test_model_cache_keeps_the_newest_and_loads_once() -> None:
    cache, loads = ModelCache(size=2), []

    def loader(key: tuple[str, int]):  # type: ignore[no-untyped-def]
        return lambda: loads.append(key) or f"model {key}"

    for key in [("a", 1), ("a", 1), ("a", 2), ("a", 1), ("b", 1), ("a", 2)]:
        assert cache.get(key, loader(key)) == f"model {key}"
    assert loads == [("a", 1), ("a", 2), ("b", 1), ("a", 2)] and len(cache) == 2

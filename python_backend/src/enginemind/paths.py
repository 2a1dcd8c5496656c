"""The data directory and safe resolution of paths that come from clients."""

from __future__ import annotations

from pathlib import Path

from enginemind.client.paths import DATA_DIR_ENV, default_data_dir, resolve_data_dir
from enginemind.errors import InvalidInput

DATABASE_URL_ENV = "ENGINEMIND_DATABASE_URL"

__all__ = ["DATABASE_URL_ENV", "DATA_DIR_ENV", "default_data_dir", "jobs_dir", "resolve_data_dir",
           "safe_join"]


def safe_join(base: Path, relative: str) -> Path:
    """``base / relative`` that refuses absolute paths, ``..`` escapes and links pointing outside ``base``."""
    if not relative or "\x00" in relative:
        raise InvalidInput("empty or malformed path")
    candidate = Path(relative)
    if candidate.is_absolute():
        raise InvalidInput(f"path '{relative}' must be relative to the data directory")
    base = base.resolve()
    resolved = (base / candidate).resolve()
    if resolved != base and base not in resolved.parents:
        raise InvalidInput(f"path '{relative}' leaves the data directory")
    return resolved


def jobs_dir(data_dir: Path) -> Path:
    return data_dir / "jobs"

"""The data directory and safe resolution of paths that come from clients."""

from __future__ import annotations

import os
from pathlib import Path

from enginemind.errors import InvalidInput

DATA_DIR_ENV = "ENGINEMIND_DATA_DIR"
DATABASE_URL_ENV = "ENGINEMIND_DATABASE_URL"


def default_data_dir() -> Path:
    """``$ENGINEMIND_DATA_DIR`` or the per-user data folder (``~/.local/share/enginemind`` on Linux)."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("enginemind", appauthor=False))


def resolve_data_dir(value: str | os.PathLike[str] | None) -> Path:
    path = Path(value).expanduser() if value else default_data_dir()
    return path.resolve()


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


def artifacts_dir(data_dir: Path) -> Path:
    return data_dir / "artifacts"

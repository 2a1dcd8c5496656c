"""Where a backend keeps its data: ``$ENGINEMIND_DATA_DIR`` or the per-user data folder.

Written out by hand instead of calling ``platformdirs``: this wing is copied into the Unreal plugin, whose
Python must not need more than grpcio and protobuf. ``tests/spine/test_client_wing.py`` checks it matches
``platformdirs.user_data_dir("enginemind", appauthor=False)``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "ENGINEMIND_DATA_DIR"


def default_data_dir() -> Path:
    """``$ENGINEMIND_DATA_DIR``, else the per-user data folder (``~/.local/share/enginemind`` on Linux)."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "enginemind"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "enginemind"
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return Path(xdg if xdg else Path.home() / ".local" / "share") / "enginemind"


def resolve_data_dir(value: str | os.PathLike[str] | None) -> Path:
    """``value`` (``~`` expanded) or the default data dir, as an absolute path."""
    path = Path(value).expanduser() if value else default_data_dir()
    return path.resolve()

"""Cheap checks Submit runs on a job config before anything is queued (every family, on top of its dataclass).

Numbers must be finite and plausible, step counts bounded, model names valid registry names, bone-mapping
targets shipped ones, and every path-like value inside the data dir or a root the server allows
(``--allow-path`` / ``ENGINEMIND_ALLOWED_ROOTS``): a token holder cannot make a runner read ``/etc``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from enginemind.errors import InvalidInput

MAX_ABS = 1e15
"""Largest magnitude of any number in a config."""
MAX_STEPS = 10_000_000
"""Largest value of a key that counts steps or epochs."""
MAX_DEPTH = 32
"""Deepest nesting of objects and lists in a config."""
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
KEYWORDS = frozenset({"smollm2"})
"""Path-like values that name something shipped rather than a folder."""
ALLOWED_ROOTS_ENV = "ENGINEMIND_ALLOWED_ROOTS"
"""Extra folders (os.pathsep separated) that job configs may read from, besides the data dir."""


def allowed_roots_from_env() -> list[Path]:
    return [Path(p) for p in os.environ.get(ALLOWED_ROOTS_ENV, "").split(os.pathsep) if p.strip()]


def _is_path_key(key: str) -> bool:
    return key in ("path", "base_model") or key.endswith(("_path", "_dir", "_folder"))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:80]}... ({len(text):,} characters)"


def check_config(config: dict[str, Any], data_dir: Path, allowed_roots: Iterable[Path] = ()) -> None:
    """Raise InvalidInput for the first value of ``config`` that breaks a rule above."""
    roots = [Path(os.path.realpath(data_dir))] + [Path(os.path.realpath(r.expanduser())) for r in allowed_roots]
    _walk(config, "", roots, 0)


def _walk(value: Any, key: str, roots: list[Path], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise InvalidInput(f"config is nested more than {MAX_DEPTH} levels deep")
    name = key.rsplit(".", 1)[-1].split("[", 1)[0]
    if isinstance(value, dict):
        for k, v in value.items():
            _walk(v, f"{key}.{k}" if key else str(k), roots, depth + 1)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _walk(v, f"{key}[{i}]", roots, depth + 1)
    elif isinstance(value, bool):
        return
    elif isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise InvalidInput(f"config key '{key}' is {value}; only finite numbers are allowed")
        if abs(value) > MAX_ABS:
            raise InvalidInput(f"config key '{key}' is {value:g}; numbers must be within ±{MAX_ABS:g}")
        if name.endswith(("steps", "epochs")) and value > MAX_STEPS:
            raise InvalidInput(f"config key '{key}' is {value:g}; at most {MAX_STEPS:,}")
    elif isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput(f"config key '{key}' contains a NUL character")
        if name == "model_name" or name.endswith("_model_name"):
            if value and not NAME_RE.match(value):
                raise InvalidInput(f"config key '{key}': {_short(value)} is not a model name (letters, digits, "
                                   "'.', '_' or '-', at most 128)")
        elif name in ("target", "targets"):
            _check_target(key, value)
        elif _is_path_key(name) and value and value not in KEYWORDS:
            _check_path(key, value, roots)


def _check_target(key: str, value: str) -> None:
    from enginemind.families.bonemap.rig.targets import list_targets

    if value not in list_targets():
        raise InvalidInput(f"config key '{key}': unknown target {_short(value)}; one of {', '.join(list_targets())}")


def _check_path(key: str, value: str, roots: list[Path]) -> None:
    """Inside an allowed root after resolving symlinks and '..'; the message never says what is there."""
    resolved = Path(os.path.realpath(Path(value).expanduser()))
    if not any(resolved == root or resolved.is_relative_to(root) for root in roots):
        raise InvalidInput(
            f"config key '{key}': {_short(value)} is outside the folders jobs may read (the data dir and the "
            f"server's allowed roots: --allow-path or {ALLOWED_ROOTS_ENV}); copy the data there or allow its folder"
        )
